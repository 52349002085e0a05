package dev.salespipeline.core.gate;

/**
 * The extension point that decides whether a deal may leave a stage. The core ships
 * {@link RequiredEvidenceGateEvaluator}; pipeline-rules implements it with Drools rules that
 * analysts edit. The transition service calls it for every gate a forward move passes.
 *
 * <p>Implementations must be thread-safe, must not change the opportunity, and should be
 * deterministic: the same request gives the same decision.
 */
@FunctionalInterface
public interface GateEvaluator {

    /** Decides one gate; never null. */
    GateDecision evaluate(GateRequest request);
}
