/**
 * Anomalies of a pipeline against its own history: a stage's inflow, conversion or time in stage, a
 * rep's pipeline growth, or close dates pushed out, outside their normal band. Start at {@link
 * dev.salespipeline.core.anomaly.PipelineAnomalies}.
 */
package dev.salespipeline.core.anomaly;
