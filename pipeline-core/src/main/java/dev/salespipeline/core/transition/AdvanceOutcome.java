package dev.salespipeline.core.transition;

import dev.salespipeline.core.gate.GateDecision;
import dev.salespipeline.core.opportunity.Opportunity;

import java.util.Objects;

/**
 * The result of asking to advance a deal: {@link Advanced} with the changed opportunity, or
 * {@link Refused} with the unchanged opportunity and the criteria still unmet.
 */
public sealed interface AdvanceOutcome {

    /** The opportunity after the attempt: changed when advanced, the same instance when refused. */
    Opportunity opportunity();

    /** The gate decision behind the outcome. */
    GateDecision decision();

    default boolean isAdvanced() {
        return this instanceof Advanced;
    }

    /** The deal moved; its history holds the stage change. */
    record Advanced(Opportunity opportunity, GateDecision.Allowed decision) implements AdvanceOutcome {
        public Advanced {
            Objects.requireNonNull(opportunity, "opportunity");
            Objects.requireNonNull(decision, "decision");
        }
    }

    /** The deal stayed where it was; nothing was recorded. */
    record Refused(Opportunity opportunity, GateDecision.Blocked decision) implements AdvanceOutcome {
        public Refused {
            Objects.requireNonNull(opportunity, "opportunity");
            Objects.requireNonNull(decision, "decision");
        }
    }
}
