/**
 * Stage gates: the {@link dev.salespipeline.core.gate.GateEvaluator} extension point, the
 * {@link dev.salespipeline.core.gate.GateDecision} it returns (allowed, or blocked with
 * {@link dev.salespipeline.core.gate.UnmetCriterion unmet criteria}), and the plain-Java
 * {@link dev.salespipeline.core.gate.RequiredEvidenceGateEvaluator}.
 */
package dev.salespipeline.core.gate;
