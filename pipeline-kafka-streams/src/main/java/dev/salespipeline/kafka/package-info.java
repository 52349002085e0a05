/**
 * The pipeline as a Kafka Streams application: {@link dev.salespipeline.kafka.PipelineTopology} and its
 * {@link dev.salespipeline.kafka.PipelineTopics}. See docs/scaling.md.
 */
package dev.salespipeline.kafka;
