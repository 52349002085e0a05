/**
 * Pipeline definitions: ordered {@link dev.salespipeline.core.pipeline.Stage stages} with their kind,
 * probability, expected duration, required fields and guidance, built with
 * {@link dev.salespipeline.core.pipeline.PipelineDefinition#builder(String, String)} and held in a
 * {@link dev.salespipeline.core.pipeline.PipelineCatalog}. All types are immutable and thread-safe.
 */
package dev.salespipeline.core.pipeline;
