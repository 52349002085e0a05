package dev.salespipeline.core.gate;

import dev.salespipeline.core.opportunity.Opportunity;
import dev.salespipeline.core.pipeline.Gate;
import dev.salespipeline.core.pipeline.StageId;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

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

    /**
     * Decides the way from the deal's stage to {@code target}: every gate on the way, one
     * {@linkplain #evaluate decision} each, merged into one decision that lists every unmet criterion in
     * gate order and carries each distinct version that decided ({@code "v1+v2"}). Allowed when there is
     * no gate on the way (a target behind the deal; the transition service refuses such moves itself).
     *
     * @throws IllegalStateException if {@link #evaluate} returns null
     */
    default GateDecision evaluateWay(Opportunity opportunity, StageId target, Instant now) {
        Objects.requireNonNull(opportunity, "opportunity");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(now, "now");
        List<UnmetCriterion> unmet = new ArrayList<>();
        Set<String> versions = new LinkedHashSet<>();
        for (Gate gate : opportunity.pipeline().gatesBetween(opportunity.stageId(), target)) {
            GateDecision decision = evaluate(new GateRequest(opportunity, gate, now));
            if (decision == null) {
                throw new IllegalStateException("Gate evaluator " + this + " returned null for the gate " + gate
                        + "; it must return a GateDecision");
            }
            unmet.addAll(decision.unmetCriteria());
            versions.add(decision.ruleSetVersion());
        }
        return GateDecision.of(unmet, versions.isEmpty() ? "no-gate" : String.join("+", versions));
    }
}
