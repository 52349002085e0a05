package dev.salespipeline.kafka;

import dev.salespipeline.core.metrics.StageAverages;
import dev.salespipeline.core.pipeline.PipelineCatalog;
import dev.salespipeline.kafka.internal.CommandProcessor;
import dev.salespipeline.kafka.internal.RuleFiles;
import dev.salespipeline.rules.RuleSources;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Properties;
import java.util.function.BiConsumer;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The pipeline as a Kafka Streams topology: commands keyed by opportunity id in; each deal's history in a
 * persistent state store (backed by its changelog topic); the events each command recorded, its refusal or
 * its dead letter, and the alerts that changed out (see {@link PipelineTopics}). The rules come from the
 * library's defaults plus the files on the rules topic, which every instance reads whole.
 *
 * <pre>{@code
 * Topology topology = PipelineTopology.builder(DefaultPipelines.catalog()).build();
 * KafkaStreams streams = new KafkaStreams(topology, PipelineTopology.properties("pipeline", "broker:9092"));
 * streams.start();
 * }</pre>
 *
 * <p>Build one topology per {@code KafkaStreams} instance: it holds that instance's rule set.
 */
public final class PipelineTopology {

    private PipelineTopology() {
    }

    /** A builder of the topology onto the pipelines of {@code catalog}. */
    public static Builder builder(PipelineCatalog catalog) {
        return new Builder(catalog);
    }

    /**
     * The settings the topology is meant to run with: {@code exactly_once_v2}, so that a command's stored
     * history and its outputs commit together, and a killed instance's partitions go on elsewhere with
     * nothing lost or repeated; string keys and values.
     */
    public static Properties properties(String applicationId, String bootstrapServers) {
        Properties properties = new Properties();
        properties.put(StreamsConfig.APPLICATION_ID_CONFIG, Objects.requireNonNull(applicationId, "applicationId"));
        properties.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, Objects.requireNonNull(bootstrapServers,
                "bootstrapServers"));
        properties.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        properties.put(StreamsConfig.DEFAULT_KEY_SERDE_CLASS_CONFIG, Serdes.StringSerde.class);
        properties.put(StreamsConfig.DEFAULT_VALUE_SERDE_CLASS_CONFIG, Serdes.StringSerde.class);
        return properties;
    }

    /** Builds a {@link Topology}; every setter checks its argument. */
    public static final class Builder {

        private final PipelineCatalog catalog;
        private PipelineTopics topics = PipelineTopics.defaults();
        private Clock clock = Clock.systemUTC();
        private Duration sweepInterval = Duration.ofDays(1);
        private StageAverages averages = StageAverages.configured();
        private RuleSources rules = RuleSources.defaults();
        private int maxHistoryBytes = 900_000;
        private BiConsumer<String, String> onRulesRefused = (file, reason) -> System.getLogger(
                PipelineTopology.class.getName()).log(System.Logger.Level.ERROR, "Rule file " + file
                + " refused; the rules before it stay in force: " + reason);

        private Builder(PipelineCatalog catalog) {
            this.catalog = Objects.requireNonNull(catalog, "catalog");
        }

        public Builder topics(PipelineTopics topics) {
            this.topics = Objects.requireNonNull(topics, "topics");
            return this;
        }

        /** The clock the domain reads (event times, alert ages); the system's by default. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** How often, in wall-clock time, each partition's open deals are swept for alerts; daily by default. */
        public Builder sweepInterval(Duration interval) {
            Objects.requireNonNull(interval, "interval");
            if (interval.compareTo(Duration.ofSeconds(1)) < 0) {
                throw new IllegalArgumentException("sweepInterval must be at least a second, but was " + interval);
            }
            this.sweepInterval = interval;
            return this;
        }

        /** The stage averages the time-based alerts compare with; the configured ones by default. */
        public Builder averages(StageAverages averages) {
            this.averages = Objects.requireNonNull(averages, "averages");
            return this;
        }

        /** The rules before any file of the rules topic; the library's defaults by default. */
        public Builder rules(RuleSources rules) {
            this.rules = Objects.requireNonNull(rules, "rules");
            return this;
        }

        /**
         * The most bytes a deal's stored history may take (900,000 by default): it is one record of the
         * store's changelog topic, which the producer refuses above its {@code max.request.size} (1 MiB by
         * default), stopping the instance. A command that would grow a history beyond it is refused.
         */
        public Builder maxHistoryBytes(int bytes) {
            if (bytes < 10_000) {
                throw new IllegalArgumentException("maxHistoryBytes must be at least 10000, but was " + bytes);
            }
            this.maxHistoryBytes = bytes;
            return this;
        }

        /** Told the file name and the reason when a rule file from the topic is refused; logged by default. */
        public Builder onRulesRefused(BiConsumer<String, String> listener) {
            this.onRulesRefused = Objects.requireNonNull(listener, "listener");
            return this;
        }

        public Topology build() {
            RuleFiles ruleFiles = new RuleFiles(rules, clock, onRulesRefused);
            Topology topology = new Topology();
            StoreBuilder<KeyValueStore<String, String>> ruleStore = Stores.keyValueStoreBuilder(
                    Stores.inMemoryKeyValueStore("sales-pipeline-rules"), Serdes.String(), Serdes.String())
                    .withLoggingDisabled();
            topology.addGlobalStore(ruleStore, "rules-source", Serdes.String().deserializer(),
                    Serdes.String().deserializer(), topics.rules(), "rules", () -> new RulesProcessor(ruleFiles));
            topology.addSource("commands", Serdes.String().deserializer(), Serdes.String().deserializer(),
                    topics.commands());
            topology.addProcessor("pipeline", () -> new CommandProcessor(catalog, clock, ruleFiles::current, averages,
                    sweepInterval, maxHistoryBytes), "commands");
            topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(CommandProcessor.DEALS),
                    Serdes.String(), Serdes.String()), "pipeline");
            topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(CommandProcessor.ALERTS),
                    Serdes.String(), Serdes.String()), "pipeline");
            topology.addSink(CommandProcessor.EVENTS, topics.events(), Serdes.String().serializer(),
                    Serdes.String().serializer(), "pipeline");
            topology.addSink(CommandProcessor.REFUSALS, topics.refusals(), Serdes.String().serializer(),
                    Serdes.String().serializer(), "pipeline");
            topology.addSink(CommandProcessor.ALERT_SINK, topics.alerts(), Serdes.String().serializer(),
                    Serdes.String().serializer(), "pipeline");
            topology.addSink(CommandProcessor.DEAD_LETTERS, topics.deadLetters(), Serdes.String().serializer(),
                    Serdes.String().serializer(), "pipeline");
            return topology;
        }
    }

    /**
     * Keeps the rules topic in the global store and, on start (after the store is restored from the topic) and
     * on every change, builds the instance's rule set from the whole of it: the same content gives the same set
     * on every instance.
     */
    private static final class RulesProcessor implements Processor<String, String, Void, Void> {

        private final RuleFiles ruleFiles;
        private KeyValueStore<String, String> store;

        RulesProcessor(RuleFiles ruleFiles) {
            this.ruleFiles = ruleFiles;
        }

        @Override
        public void init(ProcessorContext<Void, Void> context) {
            store = context.getStateStore("sales-pipeline-rules");
            rebuild();
        }

        @Override
        public void process(Record<String, String> record) {
            if (record.key() == null) {
                // A compacted topic holds no such record; an uncompacted one could, and it names no file.
                System.getLogger(PipelineTopology.class.getName()).log(System.Logger.Level.WARNING,
                        "A record of the rules topic without a key (a file name) was ignored");
                return;
            }
            if (record.value() == null) {
                store.delete(record.key());
            } else {
                store.put(record.key(), record.value());
            }
            rebuild();
        }

        private void rebuild() {
            java.util.Map<String, String> files = new java.util.TreeMap<>();
            try (var all = store.all()) {
                all.forEachRemaining(entry -> files.put(entry.key, entry.value));
            }
            ruleFiles.apply(files);
        }
    }
}
