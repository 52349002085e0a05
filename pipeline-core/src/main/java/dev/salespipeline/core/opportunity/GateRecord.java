package dev.salespipeline.core.opportunity;

import dev.salespipeline.core.internal.Checks;

import java.util.Objects;

/**
 * How a stage change got past its gate, as recorded in the history: it needed none (regression,
 * loss…), it passed the gate evaluator of the given version, a manager overrode the gate with a
 * written justification, or the move was imported from another system (a CRM) where no gate of this
 * library was ever evaluated.
 *
 * @param kind           not required, passed, overridden or imported
 * @param ruleSetVersion the evaluator version that allowed it; empty unless passed
 * @param justification  the manager's justification when overridden; the source the move was imported
 *                       from when imported (such as "salesforce: Opportunities.csv line 12"); empty
 *                       otherwise
 */
public record GateRecord(Kind kind, String ruleSetVersion, String justification) {

    private static final GateRecord NOT_REQUIRED = new GateRecord(Kind.NOT_REQUIRED, "", "");

    /** How the gate was handled. */
    public enum Kind {
        NOT_REQUIRED,
        PASSED,
        OVERRIDDEN,
        /**
         * The move happened in another system and was imported with its history. No gate of this
         * library judged it, so it is neither passed nor overridden; metrics count it like any move,
         * and {@link dev.salespipeline.core.transition.TransitionService#replay} keeps it as recorded.
         */
        IMPORTED
    }

    public GateRecord {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(ruleSetVersion, "ruleSetVersion");
        Objects.requireNonNull(justification, "justification");
        switch (kind) {
            case PASSED -> Checks.requireName(ruleSetVersion, "ruleSetVersion");
            case OVERRIDDEN -> justification = Checks.requireReason(justification, "justification");
            case IMPORTED -> justification = Checks.requireReason(justification, "source");
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

    /**
     * A move imported from another system, with where it came from.
     *
     * @param source the system and record it came from, such as "salesforce: OpportunityHistory.csv line 7"
     */
    public static GateRecord imported(String source) {
        return new GateRecord(Kind.IMPORTED, "", source);
    }
}
