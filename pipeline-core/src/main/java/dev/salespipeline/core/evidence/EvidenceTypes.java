package dev.salespipeline.core.evidence;

import java.util.List;

/**
 * The default catalogue of evidence types. {@link #progression()} holds one type for every exit
 * criterion of the default pipeline, each a documented buyer action or commitment (not a seller
 * activity). {@link #riskSignals()} holds the documented setbacks that the default regression and
 * disqualification rules read: they never open a gate.
 */
public final class EvidenceTypes {

    // Discovery → Qualification: need, budget, authority, urgency.
    public static final EvidenceType BUDGET_RANGE_CONFIRMED = EvidenceType.of("budget-range-confirmed");
    public static final EvidenceType DECISION_MAKER_IDENTIFIED = EvidenceType.of("decision-maker-identified");
    public static final EvidenceType PAIN_COST_DOCUMENTED = EvidenceType.of("pain-cost-documented");
    public static final EvidenceType TIMELINE_COMMITTED = EvidenceType.of("timeline-committed");

    // Qualification → Proposal.
    public static final EvidenceType ECONOMIC_BUYER_ENGAGED = EvidenceType.of("economic-buyer-engaged");
    public static final EvidenceType TECHNICAL_REQUIREMENTS_DOCUMENTED =
            EvidenceType.of("technical-requirements-documented");
    public static final EvidenceType EVALUATION_CRITERIA_CONFIRMED = EvidenceType.of("evaluation-criteria-confirmed");
    public static final EvidenceType PROPOSAL_REQUESTED_BY_AUTHORITY =
            EvidenceType.of("proposal-requested-by-authority");

    // Proposal → Negotiation.
    public static final EvidenceType PROPOSAL_REVIEWED_WITH_DECISION_MAKER =
            EvidenceType.of("proposal-reviewed-with-decision-maker");
    public static final EvidenceType PRICING_FEEDBACK_RECEIVED = EvidenceType.of("pricing-feedback-received");
    public static final EvidenceType SCOPE_VERBALLY_AGREED = EvidenceType.of("scope-verbally-agreed");
    public static final EvidenceType LEGAL_REVIEW_STARTED = EvidenceType.of("legal-review-started");

    // Negotiation → Closing.
    public static final EvidenceType STAKEHOLDERS_ALIGNED = EvidenceType.of("stakeholders-aligned");
    public static final EvidenceType CONTRACT_TERMS_AGREED = EvidenceType.of("contract-terms-agreed");
    public static final EvidenceType PURCHASE_ORDER_PROCESS_STARTED =
            EvidenceType.of("purchase-order-process-started");
    public static final EvidenceType IMPLEMENTATION_TIMELINE_CONFIRMED =
            EvidenceType.of("implementation-timeline-confirmed");

    // Closing → Closed-Won: either one suffices.
    public static final EvidenceType CONTRACT_SIGNED = EvidenceType.of("contract-signed");
    public static final EvidenceType PURCHASE_ORDER_ISSUED = EvidenceType.of("purchase-order-issued");

    // Regression triggers: an assumption proved wrong.
    public static final EvidenceType BUDGET_WITHDRAWN = EvidenceType.of("budget-withdrawn");
    public static final EvidenceType CHAMPION_LEFT = EvidenceType.of("champion-left");
    public static final EvidenceType REQUIREMENTS_CHANGED = EvidenceType.of("requirements-changed");
    public static final EvidenceType DECISION_MAKER_PUSHBACK = EvidenceType.of("decision-maker-pushback");
    public static final EvidenceType TIMELINE_MOVED_OUT = EvidenceType.of("timeline-moved-out");
    public static final EvidenceType BUYING_PROCESS_RESTARTED = EvidenceType.of("buying-process-restarted");

    // Disqualification grounds: not a real opportunity.
    public static final EvidenceType CANNOT_AFFORD = EvidenceType.of("cannot-afford");
    public static final EvidenceType CHOSE_COMPETITOR = EvidenceType.of("chose-competitor");
    public static final EvidenceType PROBLEM_SOLUTION_MISMATCH = EvidenceType.of("problem-solution-mismatch");
    public static final EvidenceType NO_PURCHASE_INTENT = EvidenceType.of("no-purchase-intent");
    public static final EvidenceType EFFORT_EXCEEDS_RETURN = EvidenceType.of("effort-exceeds-return");

    // Progression signals: buyer behaviour that validates progress without being an exit criterion.
    /** The buyer asked how implementation would work: they picture themselves using it. */
    public static final EvidenceType IMPLEMENTATION_QUESTIONS_ASKED = EvidenceType.of("implementation-questions-asked");
    /** The buyer narrowed the field ("down to two vendors") and we are on the short list. */
    public static final EvidenceType SHORTLISTED = EvidenceType.of("shortlisted");

    private EvidenceTypes() {
    }

    /** Every type of the catalogue: progression, risk signals and progression signals. */
    public static List<EvidenceType> all() {
        List<EvidenceType> all = new java.util.ArrayList<>(progression());
        all.addAll(riskSignals());
        all.addAll(progressionSignals());
        return List.copyOf(all);
    }

    /** The buyer behaviour that {@code ProgressionSignals} reads; it never opens a gate. */
    public static List<EvidenceType> progressionSignals() {
        return List.of(IMPLEMENTATION_QUESTIONS_ASKED, SHORTLISTED);
    }

    /** The setbacks that regression and disqualification rules read, triggers first, then grounds. */
    public static List<EvidenceType> riskSignals() {
        return List.of(BUDGET_WITHDRAWN, CHAMPION_LEFT, REQUIREMENTS_CHANGED, DECISION_MAKER_PUSHBACK,
                TIMELINE_MOVED_OUT, BUYING_PROCESS_RESTARTED, CANNOT_AFFORD, CHOSE_COMPETITOR,
                PROBLEM_SOLUTION_MISMATCH, NO_PURCHASE_INTENT, EFFORT_EXCEEDS_RETURN);
    }

    /** The types that satisfy the default exit criteria, in pipeline order. */
    public static List<EvidenceType> progression() {
        return List.of(BUDGET_RANGE_CONFIRMED, DECISION_MAKER_IDENTIFIED, PAIN_COST_DOCUMENTED, TIMELINE_COMMITTED,
                ECONOMIC_BUYER_ENGAGED, TECHNICAL_REQUIREMENTS_DOCUMENTED, EVALUATION_CRITERIA_CONFIRMED,
                PROPOSAL_REQUESTED_BY_AUTHORITY, PROPOSAL_REVIEWED_WITH_DECISION_MAKER, PRICING_FEEDBACK_RECEIVED,
                SCOPE_VERBALLY_AGREED, LEGAL_REVIEW_STARTED, STAKEHOLDERS_ALIGNED, CONTRACT_TERMS_AGREED,
                PURCHASE_ORDER_PROCESS_STARTED, IMPLEMENTATION_TIMELINE_CONFIRMED, CONTRACT_SIGNED,
                PURCHASE_ORDER_ISSUED);
    }
}
