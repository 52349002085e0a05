package dev.salespipeline.benchmarks;

import dev.salespipeline.core.money.Money;
import dev.salespipeline.core.opportunity.Actor;
import dev.salespipeline.core.opportunity.DealValue;
import dev.salespipeline.core.opportunity.Opportunity;
import dev.salespipeline.core.opportunity.OpportunityDetails;
import dev.salespipeline.core.opportunity.OpportunityId;
import dev.salespipeline.core.opportunity.ValueKind;
import dev.salespipeline.core.pipeline.DefaultPipelines;
import dev.salespipeline.core.pipeline.StageId;
import dev.salespipeline.core.transition.AdvanceOutcome;
import dev.salespipeline.core.transition.TransitionService;
import dev.salespipeline.kafka.PipelineTopics;
import dev.salespipeline.kafka.PipelineTopology;
import dev.salespipeline.rules.PipelineRules;
import dev.salespipeline.rules.RuleSources;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What one command costs the stream application's processor, without a broker: Kafka's test driver feeds
 * the topology a blocked advance on one of {@code deals} deals opened first (load the history from the
 * RocksDB store, replay it, judge the gate, write the refusal), beside the same advance judged by the
 * embedded library on a deal held in memory. The gap is what the stream form adds per command (the
 * store, the history codec, the JSON in and out); the broker's own cost is not in either.
 *
 * <p>Run: {@code java -jar pipeline-benchmarks/target/benchmarks.jar StreamBenchmarks -f 1 -wi 5 -w 2s -i 5 -r 2s}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class StreamBenchmarks {

    @Param({"1000"})
    public int deals;

    private Path state;
    private TopologyTestDriver driver;
    private TestInputTopic<String, String> commands;
    private TestOutputTopic<String, String> refusals;
    private String[] advances;
    private String[] ids;
    private List<Opportunity> inMemory;
    private TransitionService embedded;
    private int next;
    private static final StageId QUALIFICATION = StageId.of("qualification");

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        state = Files.createTempDirectory("stream-benchmark");
        Properties properties = PipelineTopology.properties("stream-benchmark", "unused:9092");
        properties.put(StreamsConfig.STATE_DIR_CONFIG, state.toString());
        Clock clock = Clock.fixed(Workload.NOW, ZoneOffset.UTC);
        driver = new TopologyTestDriver(PipelineTopology.builder(DefaultPipelines.catalog()).clock(clock).build(),
                properties);
        PipelineTopics topics = PipelineTopics.defaults();
        commands = driver.createInputTopic(topics.commands(), Serdes.String().serializer(), Serdes.String().serializer());
        refusals = driver.createOutputTopic(topics.refusals(), Serdes.String().deserializer(),
                Serdes.String().deserializer());
        ids = new String[deals];
        advances = new String[deals];
        for (int deal = 0; deal < deals; deal++) {
            ids[deal] = "opp-" + deal;
            commands.pipeInput(ids[deal], "{\"schema\":\"sales-pipeline.command/1\",\"type\":\"open\",\"opportunityId\":\""
                    + ids[deal] + "\",\"actor\":\"rep\",\"pipeline\":\"evidence-based\",\"details\":{\"account\":\"Acme\","
                    + "\"owner\":\"rep\",\"value\":{\"amount\":\"1000.00\",\"currency\":\"EUR\",\"kind\":\"TCV\"},"
                    + "\"expectedCloseDate\":\"2099-01-31\"}}");
            advances[deal] = "{\"schema\":\"sales-pipeline.command/1\",\"type\":\"advance\",\"opportunityId\":\""
                    + ids[deal] + "\",\"actor\":\"rep\",\"target\":\"qualification\"}";
        }
        driver.createOutputTopic(topics.events(), Serdes.String().deserializer(), Serdes.String().deserializer())
                .readValuesToList();
        PipelineRules rules = PipelineRules.builder(RuleSources.defaults()).clock(clock).build();
        embedded = new TransitionService(rules, clock);
        // The same deals, opened the same way, held in memory.
        OpportunityDetails details = OpportunityDetails.builder().account("Acme").owner("rep")
                .value(DealValue.of(Money.of("1000.00", "EUR"), ValueKind.TCV)).expectedCloseDate(LocalDate.of(2099, 1, 31))
                .build();
        inMemory = new java.util.ArrayList<>();
        for (String id : ids) {
            inMemory.add(embedded.open(OpportunityId.of(id), DefaultPipelines.catalog().get("evidence-based"), details,
                    Actor.of("rep")));
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        driver.close();
        try (var files = Files.walk(state)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    @Benchmark
    public String blockedAdvanceThroughTheTopology() {
        int deal = next++ % deals;
        commands.pipeInput(ids[deal], advances[deal]);
        return refusals.readValue();
    }

    @Benchmark
    public AdvanceOutcome blockedAdvanceEmbedded() {
        Opportunity deal = inMemory.get(next++ % inMemory.size());
        return embedded.advance(deal, QUALIFICATION, Actor.of("rep"));
    }
}
