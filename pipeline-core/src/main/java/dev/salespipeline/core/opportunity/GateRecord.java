package dev.salespipeline.core.opportunity;

import dev.salespipeline.core.internal.Checks;

import java.util.Objects;

/**
 * How a stage change got past its gate, as recorded in the history: it needed none (regression,
 * loss…), it passed the gate evaluator of the given version, or a manager overrode the gate with a
 * written justification.
 *
 * @param kind           not required, passed or overridden
 * @param ruleSetVersion the evaluator version that allowed it; empty unless passed
 * @param justification  the manager's justification; empty unless overridden
 */
public record GateRecord(Kind kind, String ruleSetVersion, String justification) {

    private static final GateRecord NOT_REQUIRED = new GateRecord(Kind.NOT_REQUIRED, "", "");

    /** How the gate was handled. */
    public enum Kind {
        NOT_REQUIRED,
        PASSED,
        OVERRIDDEN
    }

    public GateRecord {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(ruleSetVersion, "ruleSetVersion");
        Objects.requireNonNull(justification, "justification");
        switch (kind) {
            case PASSED -> Checks.requireName(ruleSetVersion, "ruleSetVersion");
            case OVERRIDDEN -> justification = Checks.requireReason(justification, "justification");
            case NOT_REQUIRED -> { }
        }
    }

    public static GateRecord notRequired() {
        return NOT_REQUIRED;
    }

    public static GateRecord passed(String ruleSetVersion) {
        return new GateRecord(Kind.PASSED, ruleSetVersion, "");
    }

    public static GateRecord overridden(String justification) {
        return new GateRecord(Kind.OVERRIDDEN, "", justification);
    }
}
