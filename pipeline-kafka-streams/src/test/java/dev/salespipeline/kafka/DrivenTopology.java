package dev.salespipeline.kafka;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tests of the topology through Kafka's TopologyTestDriver: {@link #drive} builds one and opens every topic
 * of it; each driver is closed after the test, also those a test replaced to stand for a restart.
 */
abstract class DrivenTopology {

    static final PipelineTopics TOPICS = PipelineTopics.defaults();

    /** The default discovery gate's file, replaced by one that asks for the budget alone. */
    static final String BUDGET_ONLY_GATE = """
            package dev.salespipeline.rules.defaults;
            import dev.salespipeline.rules.facts.GateCheck;
            import dev.salespipeline.rules.facts.Evidence;
            rule "Discovery exit: budget range confirmed"
            when
                $gate : GateCheck( pipeline == "evidence-based", exiting == "discovery" )
                not Evidence( dealId == $gate.dealId, type == "budget-range-confirmed" )
            then
                $gate.unmet( "budget-range-confirmed", "Confirm the buyer's budget range." );
            end
            """;

    @TempDir
    Path state;

    private final List<TopologyTestDriver> drivers = new ArrayList<>();
    TopologyTestDriver driver;
    TestInputTopic<String, String> commands;
    TestInputTopic<String, String> rules;
    TestOutputTopic<String, String> events;
    TestOutputTopic<String, String> refusals;
    TestOutputTopic<String, String> alerts;
    TestOutputTopic<String, String> deadLetters;

    /** Drives {@code topology} as the application {@code name}, its wall clock starting at {@code start}. */
    void drive(PipelineTopology.Builder topology, String name, Instant start) {
        Properties properties = PipelineTopology.properties(name, "unused:9092");
        properties.put(StreamsConfig.STATE_DIR_CONFIG, state.resolve(name).toString());
        driver = new TopologyTestDriver(topology.build(), properties, start);
        drivers.add(driver);
        commands = driver.createInputTopic(TOPICS.commands(), Serdes.String().serializer(), Serdes.String().serializer());
        rules = driver.createInputTopic(TOPICS.rules(), Serdes.String().serializer(), Serdes.String().serializer());
        events = driver.createOutputTopic(TOPICS.events(), Serdes.String().deserializer(), Serdes.String().deserializer());
        refusals = driver.createOutputTopic(TOPICS.refusals(), Serdes.String().deserializer(),
                Serdes.String().deserializer());
        alerts = driver.createOutputTopic(TOPICS.alerts(), Serdes.String().deserializer(), Serdes.String().deserializer());
        deadLetters = driver.createOutputTopic(TOPICS.deadLetters(), Serdes.String().deserializer(),
                Serdes.String().deserializer());
    }

    @AfterEach
    void closeTheDrivers() {
        for (TopologyTestDriver each : drivers) {
            try {
                each.close();
            } catch (RuntimeException broken) {
                // A driver a hostile probe broke has nothing left to release.
            }
        }
    }
}
