package dev.salespipeline.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.salespipeline.core.pipeline.DefaultPipelines;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real KRaft broker and controller started in the test JVM, and two instances of the application: one
 * is killed in the middle of the stream, the other takes its partitions over from the changelog, and every
 * command's output is there exactly once (read committed).
 */
@Tag("slow")
class BrokerEndToEndTest {

    private static final PipelineTopics TOPICS = PipelineTopics.defaults();
    private static final int DEALS = 300;

    @TempDir
    Path directory;

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void twoInstancesOneKilledMidStreamLoseAndRepeatNothing() throws Exception {
        try (KafkaClusterTestKit cluster = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                .setCombined(true).setNumBrokerNodes(1).setNumControllerNodes(1).setBaseDirectory(directory.resolve("kafka"))
                .build())
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .setConfigProp("transaction.state.log.min.isr", "1")
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                .build()) {
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
            String bootstrap = cluster.bootstrapServers();
            try (Admin admin = cluster.admin()) {
                List<NewTopic> topics = new ArrayList<>();
                for (String name : List.of(TOPICS.commands(), TOPICS.events(), TOPICS.refusals(), TOPICS.alerts(),
                        TOPICS.deadLetters())) {
                    topics.add(new NewTopic(name, 4, (short) 1));
                }
                topics.add(new NewTopic(TOPICS.rules(), 1, (short) 1)
                        .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)));
                admin.createTopics(topics).all().get();
            }

            Process first = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), InstanceMain.class.getName(), bootstrap,
                    directory.resolve("first").toString()).redirectErrorStream(true)
                    .redirectOutput(directory.resolve("first.log").toFile()).start();
            KafkaStreams second = start(bootstrap, "second");
            try {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (!java.nio.file.Files.readString(directory.resolve("first.log")).contains("RUNNING")) {
                    assertThat(first.isAlive()).as("the first instance runs").isTrue();
                    assertThat(System.nanoTime()).as("the first instance runs within a minute").isLessThan(deadline);
                    Thread.sleep(100);
                }
                awaitRunning(second);

                try (KafkaProducer<String, String> producer = producer(bootstrap)) {
                    // Each deal: open, one piece of evidence, then an advance the gate refuses.
                    for (int deal = 0; deal < DEALS; deal++) {
                        String id = "opp-" + deal;
                        producer.send(new ProducerRecord<>(TOPICS.commands(), id, open(id)));
                        producer.send(new ProducerRecord<>(TOPICS.commands(), id, evidence(id)));
                        producer.send(new ProducerRecord<>(TOPICS.commands(), id, advance(id)));
                        if (deal == DEALS / 3) {
                            producer.flush();
                            // Both instances are at work: a third of the deals' first events are committed.
                            assertThat(read(bootstrap, TOPICS.events(), DEALS / 3, "while-both-run").values().stream()
                                    .mapToInt(List::size).sum()).isGreaterThanOrEqualTo(DEALS / 3);
                            // Killed mid-stream, as a crash kills: its open transaction is aborted when the other
                            // instance takes its partitions over, and what it committed stays committed.
                            first.destroyForcibly().waitFor();
                        }
                    }
                    producer.flush();
                }
            } finally {
                first.destroyForcibly();
            }

            Map<String, List<String>> events = read(bootstrap, TOPICS.events(), 2 * DEALS, "after");
            Map<String, List<String>> refusals = read(bootstrap, TOPICS.refusals(), DEALS, "after");
            second.close(Duration.ofSeconds(10));

            assertThat(events).hasSize(DEALS);
            assertThat(refusals).hasSize(DEALS);
            for (int deal = 0; deal < DEALS; deal++) {
                String id = "opp-" + deal;
                assertThat(events.get(id)).as(id).hasSize(2);
                assertThat(events.get(id).get(0)).contains("\"type\":\"created\"", "\"sequence\":1");
                assertThat(events.get(id).get(1)).contains("\"type\":\"evidence-recorded\"", "\"sequence\":2");
                // The instance that took the deal over knew its evidence, from the changelog of the one killed.
                assertThat(refusals.get(id)).as(id).singleElement().asString().contains("\"type\":\"advance-blocked\"")
                        .contains("decision-maker-identified").doesNotContain("budget-range-confirmed");
            }
        }
    }

    private KafkaStreams start(String bootstrap, String name) {
        // doc-region: run
        Properties properties = PipelineTopology.properties("sales-pipeline-e2e", bootstrap);
        properties.put(StreamsConfig.STATE_DIR_CONFIG, directory.resolve(name).toString());
        properties.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, 1);       // one broker in this test; 3 in production
        properties.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        KafkaStreams streams = new KafkaStreams(PipelineTopology.builder(DefaultPipelines.catalog()).build(), properties);
        streams.start();
        // doc-end
        return streams;
    }

    private static void awaitRunning(KafkaStreams streams) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (streams.state() != KafkaStreams.State.RUNNING) {
            assertThat(System.nanoTime()).as("the instance is running within a minute").isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    private static KafkaProducer<String, String> producer(String bootstrap) {
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        return new KafkaProducer<>(properties, new StringSerializer(), new StringSerializer());
    }

    /** Reads {@code topic} committed records until {@code expected} arrived and a quiet second passed. */
    private static Map<String, List<String>> read(String bootstrap, String topic, int expected, String reader) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, reader + "-" + topic);
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        Map<String, List<String>> byKey = new HashMap<>();
        int count = 0;
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(properties, new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(Set.of(topic));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            long quietSince = System.nanoTime();
            while (System.nanoTime() < deadline) {
                var records = consumer.poll(Duration.ofMillis(200));
                for (ConsumerRecord<String, String> record : records) {
                    byKey.computeIfAbsent(record.key(), key -> new ArrayList<>()).add(record.value());
                    count++;
                }
                if (!records.isEmpty()) {
                    quietSince = System.nanoTime();
                } else if (count >= expected && (reader.equals("while-both-run")
                        || System.nanoTime() - quietSince > TimeUnit.SECONDS.toNanos(1))) {
                    break;
                }
            }
        }
        return byKey;
    }

    private static String command(String id, String type, String fields) {
        return "{\"schema\":\"sales-pipeline.command/1\",\"type\":\"" + type + "\",\"opportunityId\":\"" + id
                + "\",\"actor\":\"rep-ana\"," + fields + "}";
    }

    private static String open(String id) {
        return command(id, "open", "\"pipeline\":\"evidence-based\",\"details\":{\"account\":\"Acme\",\"owner\":\"rep-ana\","
                + "\"value\":{\"amount\":\"1000.00\",\"currency\":\"EUR\",\"kind\":\"TCV\"},\"expectedCloseDate\":\"2099-01-31\"}");
    }

    private static String evidence(String id) {
        return command(id, "record-evidence", "\"evidence\":{\"type\":\"budget-range-confirmed\",\"source\":\"EMAIL\"}");
    }

    private static String advance(String id) {
        return command(id, "advance", "\"target\":\"qualification\"");
    }
}
