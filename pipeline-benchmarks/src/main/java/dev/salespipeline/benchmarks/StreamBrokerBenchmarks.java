package dev.salespipeline.benchmarks;

import dev.salespipeline.core.pipeline.DefaultPipelines;
import dev.salespipeline.kafka.PipelineTopics;
import dev.salespipeline.kafka.PipelineTopology;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
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
 * Commands through the stream application on a real broker (KRaft, in the benchmark's JVM, one node):
 * each invocation sends {@code batch} blocked advances over 2,000 open deals and waits until every refusal
 * is committed (read committed), with exactly-once processing. {@code layout} is instances × stream threads:
 * {@code 1x1}, {@code 1x2} and {@code 2x1}. The broker, the instances, the producer and the reader share
 * the machine's cores, so the figures say what one machine does, not what a cluster would.
 *
 * <p>Run: {@code java -jar pipeline-benchmarks/target/benchmarks.jar StreamBrokerBenchmarks -f 1 -wi 3 -i 5}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class StreamBrokerBenchmarks {

    private static final PipelineTopics TOPICS = PipelineTopics.defaults();
    private static final int DEALS = 2_000;
    private static final int PARTITIONS = 4;

    @Param({"1x1", "1x2", "2x1"})
    public String layout;

    @Param({"10000"})
    public int batch;

    private Path directory;
    private KafkaClusterTestKit cluster;
    private final List<KafkaStreams> instances = new ArrayList<>();
    private KafkaProducer<String, String> producer;
    private KafkaConsumer<String, String> refusals;
    private int next;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        directory = Files.createTempDirectory("stream-broker-benchmark");
        cluster = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder().setCombined(true).setNumBrokerNodes(1)
                .setNumControllerNodes(1).setBaseDirectory(directory.resolve("kafka")).build())
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .setConfigProp("transaction.state.log.min.isr", "1")
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                .build();
        cluster.format();
        cluster.startup();
        cluster.waitForReadyBrokers();
        try (Admin admin = cluster.admin()) {
            List<NewTopic> topics = new ArrayList<>();
            for (String name : List.of(TOPICS.commands(), TOPICS.events(), TOPICS.refusals(), TOPICS.alerts(),
                    TOPICS.deadLetters())) {
                topics.add(new NewTopic(name, PARTITIONS, (short) 1));
            }
            topics.add(new NewTopic(TOPICS.rules(), 1, (short) 1)
                    .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)));
            admin.createTopics(topics).all().get();
        }
        int count = Integer.parseInt(layout.substring(0, layout.indexOf('x')));
        int threads = Integer.parseInt(layout.substring(layout.indexOf('x') + 1));
        for (int instance = 0; instance < count; instance++) {
            Properties properties = PipelineTopology.properties("stream-broker-benchmark", cluster.bootstrapServers());
            properties.put(StreamsConfig.STATE_DIR_CONFIG, directory.resolve("instance-" + instance).toString());
            properties.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, 1);
            properties.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, threads);
            KafkaStreams streams = new KafkaStreams(PipelineTopology.builder(DefaultPipelines.catalog()).build(),
                    properties);
            streams.start();
            instances.add(streams);
        }
        for (KafkaStreams streams : instances) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (streams.state() != KafkaStreams.State.RUNNING) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("an instance did not start within two minutes: " + streams.state());
                }
                Thread.sleep(100);
            }
        }
        Properties producing = new Properties();
        producing.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        producing.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        producer = new KafkaProducer<>(producing, new StringSerializer(), new StringSerializer());
        Properties reading = new Properties();
        reading.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        reading.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        refusals = new KafkaConsumer<>(reading, new StringDeserializer(), new StringDeserializer());
        List<TopicPartition> partitions = new ArrayList<>();
        for (int partition = 0; partition < PARTITIONS; partition++) {
            partitions.add(new TopicPartition(TOPICS.refusals(), partition));
        }
        refusals.assign(partitions);
        refusals.seekToEnd(partitions);
        partitions.forEach(refusals::position);
        for (int deal = 0; deal < DEALS; deal++) {
            producer.send(new ProducerRecord<>(TOPICS.commands(), "opp-" + deal, "{\"schema\":\"sales-pipeline.command/1\","
                    + "\"type\":\"open\",\"opportunityId\":\"opp-" + deal + "\",\"actor\":\"rep\",\"pipeline\":"
                    + "\"evidence-based\",\"details\":{\"account\":\"Acme\",\"owner\":\"rep\",\"value\":{\"amount\":"
                    + "\"1000.00\",\"currency\":\"EUR\",\"kind\":\"TCV\"},\"expectedCloseDate\":\"2099-01-31\"}}"));
        }
        producer.flush();
        // One blocked advance a deal: once all are refused, every deal is open.
        sendAndAwaitRefusals(DEALS);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        producer.close();
        refusals.close();
        for (KafkaStreams streams : instances) {
            streams.close(Duration.ofSeconds(30));
        }
        instances.clear();
        cluster.close();
        try (var files = Files.walk(directory)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // A leftover temporary directory is no reason to fail a benchmark.
        }
    }

    /** Sends {@code batch} blocked advances and returns when each refusal is committed. */
    @Benchmark
    public int commandsThroughTheBroker() {
        return sendAndAwaitRefusals(batch);
    }

    private int sendAndAwaitRefusals(int commands) {
        for (int command = 0; command < commands; command++) {
            String id = "opp-" + (next++ % DEALS);
            producer.send(new ProducerRecord<>(TOPICS.commands(), id, "{\"schema\":\"sales-pipeline.command/1\",\"type\":"
                    + "\"advance\",\"opportunityId\":\"" + id + "\",\"actor\":\"rep\",\"target\":\"qualification\"}"));
        }
        producer.flush();
        int received = 0;
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (received < commands) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("only " + received + " of " + commands + " refusals within five minutes");
            }
            received += refusals.poll(Duration.ofMillis(100)).count();
        }
        return received;
    }
}
