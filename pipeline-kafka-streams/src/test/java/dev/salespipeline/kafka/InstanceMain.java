package dev.salespipeline.kafka;

import dev.salespipeline.core.pipeline.DefaultPipelines;

import java.util.Properties;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;

/**
 * One instance of the stream application in a JVM of its own, so that a test can kill it as a crash would:
 * no close, no commit, no leaving the group. Arguments: bootstrap servers, state directory.
 */
public final class InstanceMain {

    private InstanceMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        Properties properties = PipelineTopology.properties("sales-pipeline-e2e", args[0]);
        properties.put(StreamsConfig.STATE_DIR_CONFIG, args[1]);
        properties.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, 1);
        properties.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        properties.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), 10_000);
        KafkaStreams streams = new KafkaStreams(PipelineTopology.builder(DefaultPipelines.catalog()).build(), properties);
        streams.setStateListener((now, before) -> {
            if (now == KafkaStreams.State.RUNNING) {
                System.out.println("RUNNING");
                System.out.flush();
            }
        });
        streams.start();
        Thread.currentThread().join();
    }
}
