/**
 * What the rules answer about deals: {@link dev.salespipeline.rules.outcome.Alert alerts},
 * {@link dev.salespipeline.rules.outcome.DealReview reviews} with their regression and disqualification
 * recommendations, {@link dev.salespipeline.rules.outcome.WorkflowAction workflow actions}, and the
 * sweeps that answer all of them for a portfolio. Gate decisions are the core's
 * {@link dev.salespipeline.core.gate.GateDecision}. Immutable values; computed by
 * {@link dev.salespipeline.rules.PipelineRules} and nowhere else.
 */
package dev.salespipeline.rules.outcome;
