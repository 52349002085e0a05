package dev.salespipeline.core.gate;

import dev.salespipeline.core.InvalidValueException;
import dev.salespipeline.core.internal.Checks;

import java.util.List;

/**
 * The outcome of checking a deal against exit criteria: {@link Allowed}, or {@link Blocked} with the
 * criteria still unmet. A refusal is a value, not an exception. Every decision carries the version of
 * the rules that produced it.
 */
public sealed interface GateDecision {

    /** Whether the gate lets the deal through. */
    boolean isAllowed();

    /** The criteria still unmet; empty when allowed. */
    List<UnmetCriterion> unmetCriteria();

    /** The version of the rules (or evaluator configuration) that decided. */
    String ruleSetVersion();

    static GateDecision allowed(String ruleSetVersion) {
        return new Allowed(ruleSetVersion);
    }

    /** Blocked by these criteria; allowed when the list is empty. */
    static GateDecision of(List<UnmetCriterion> unmet, String ruleSetVersion) {
        return unmet.isEmpty() ? new Allowed(ruleSetVersion) : new Blocked(unmet, ruleSetVersion);
    }

    /** Every criterion is met. */
    record Allowed(String ruleSetVersion) implements GateDecision {
        public Allowed {
            ruleSetVersion = Checks.requireName(ruleSetVersion, "ruleSetVersion");
        }

        @Override
        public boolean isAllowed() {
            return true;
        }

        @Override
        public List<UnmetCriterion> unmetCriteria() {
            return List.of();
        }
    }

    /** At least one criterion is unmet. */
    record Blocked(List<UnmetCriterion> unmetCriteria, String ruleSetVersion) implements GateDecision {
        public Blocked {
            unmetCriteria = List.copyOf(unmetCriteria);
            if (unmetCriteria.isEmpty()) {
                throw new InvalidValueException("unmetCriteria", unmetCriteria,
                        "must not be empty: a decision with no unmet criterion is Allowed");
            }
            ruleSetVersion = Checks.requireName(ruleSetVersion, "ruleSetVersion");
        }

        @Override
        public boolean isAllowed() {
            return false;
        }
    }
}
