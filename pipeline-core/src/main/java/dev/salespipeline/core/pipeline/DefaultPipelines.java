package dev.salespipeline.core.pipeline;

import static dev.salespipeline.core.pipeline.OpportunityField.ACCOUNT;
import static dev.salespipeline.core.pipeline.OpportunityField.EXPECTED_CLOSE_DATE;
import static dev.salespipeline.core.pipeline.OpportunityField.NEXT_STEP;
import static dev.salespipeline.core.pipeline.OpportunityField.OWNER;
import static dev.salespipeline.core.pipeline.OpportunityField.PRIMARY_CONTACT;
import static dev.salespipeline.core.pipeline.OpportunityField.PRODUCTS;
import static dev.salespipeline.core.pipeline.OpportunityField.STAKEHOLDERS;
import static dev.salespipeline.core.pipeline.OpportunityField.VALUE;

/**
 * Ready-made pipelines from the domain brief. Their durations are the articles' example averages;
 * only Proposal's 60% probability is quoted from the articles, the other probabilities are starting
 * benchmarks meant to be replaced by calibration from the host's own history.
 */
public final class DefaultPipelines {

    public static final StageId DISCOVERY = StageId.of("discovery");
    public static final StageId QUALIFICATION = StageId.of("qualification");
    public static final StageId PROPOSAL = StageId.of("proposal");
    public static final StageId NEGOTIATION = StageId.of("negotiation");
    public static final StageId CLOSING = StageId.of("closing");
    public static final StageId CLOSED_WON = StageId.of("closed-won");
    public static final StageId CLOSED_LOST = StageId.of("closed-lost");
    public static final StageId DISQUALIFIED = StageId.of("disqualified");
    public static final StageId NURTURE = StageId.of("nurture");

    /** From Proposal on, the deal must name its stakeholders and products in scope. */
    private static final OpportunityField[] LATE_STAGE_FIELDS = {ACCOUNT, OWNER, VALUE, EXPECTED_CLOSE_DATE,
            PRIMARY_CONTACT, NEXT_STEP, STAKEHOLDERS, PRODUCTS};

    private DefaultPipelines() {
    }

    /**
     * Discovery → Qualification → Proposal → Negotiation → Closing → Closed-Won, with Closed-Lost,
     * Disqualified and Nurture: the stage set the default exit criteria are written for. Expected
     * durations 7/14/21/28/10 days.
     */
    public static PipelineDefinition evidenceBased() {
        return PipelineDefinition.builder("evidence-based", "Evidence-based B2B sales")
                .openStage(DISCOVERY.value(), "Discovery", stage -> stage
                        .winProbability("0.10").expectedDays(7)
                        .requiredFields(ACCOUNT, OWNER, VALUE, EXPECTED_CLOSE_DATE)
                        .guidance("Leave when the buyer has confirmed a budget range, named the decision maker, "
                                + "documented the pain with its cost and committed to a timeline within 90 days."))
                .openStage(QUALIFICATION.value(), "Qualification", stage -> stage
                        .winProbability("0.25").expectedDays(14)
                        .requiredFields(ACCOUNT, OWNER, VALUE, EXPECTED_CLOSE_DATE, PRIMARY_CONTACT, NEXT_STEP)
                        .guidance("Leave when the economic buyer is engaged, technical requirements and evaluation "
                                + "criteria are documented, and someone with authority has requested a proposal."))
                .openStage(PROPOSAL.value(), "Proposal", stage -> stage
                        .winProbability("0.60").expectedDays(21)
                        .requiredFields(LATE_STAGE_FIELDS)
                        .guidance("Leave when the proposal was reviewed with the decision maker, feedback on price "
                                + "and terms came back, scope is verbally agreed and legal review has started."))
                .openStage(NEGOTIATION.value(), "Negotiation", stage -> stage
                        .winProbability("0.75").expectedDays(28)
                        .requiredFields(LATE_STAGE_FIELDS)
                        .guidance("Leave when all stakeholders are aligned, contract terms are agreed, the purchase "
                                + "order process has started and the implementation timeline is confirmed."))
                .openStage(CLOSING.value(), "Closing", stage -> stage
                        .winProbability("0.90").expectedDays(10)
                        .requiredFields(LATE_STAGE_FIELDS)
                        .guidance("Leave when the contract is signed or the purchase order is issued."))
                .wonStage(CLOSED_WON.value(), "Closed-Won")
                .lostStage(CLOSED_LOST.value(), "Closed-Lost")
                .disqualifiedStage(DISQUALIFIED.value(), "Disqualified")
                .nurtureStage(NURTURE.value(), "Nurture", stage -> stage
                        .winProbability("0.05").expectedDays(90)
                        .guidance("Not ready yet: reactivate when the buyer shows need, budget, authority and urgency."))
                .build();
    }

    /**
     * The classic seller-side stage set: Prospecting → Qualification → Needs Analysis → Proposal →
     * Negotiation → Closed-Won, with Closed-Lost, Disqualified and Nurture. Durations and
     * probabilities are benchmarks to calibrate.
     */
    public static PipelineDefinition classic() {
        return PipelineDefinition.builder("classic", "Classic sales")
                .openStage("prospecting", "Prospecting", stage -> stage.winProbability("0.05").expectedDays(10)
                        .requiredFields(ACCOUNT, OWNER, VALUE, EXPECTED_CLOSE_DATE))
                .openStage("qualification", "Qualification", stage -> stage.winProbability("0.15").expectedDays(14)
                        .requiredFields(ACCOUNT, OWNER, VALUE, EXPECTED_CLOSE_DATE, PRIMARY_CONTACT))
                .openStage("needs-analysis", "Needs Analysis", stage -> stage.winProbability("0.30").expectedDays(14)
                        .requiredFields(ACCOUNT, OWNER, VALUE, EXPECTED_CLOSE_DATE, PRIMARY_CONTACT, NEXT_STEP))
                .openStage("proposal", "Proposal", stage -> stage.winProbability("0.60").expectedDays(21)
                        .requiredFields(ACCOUNT, OWNER, VALUE, EXPECTED_CLOSE_DATE, PRIMARY_CONTACT, NEXT_STEP,
                                PRODUCTS))
                .openStage("negotiation", "Negotiation", stage -> stage.winProbability("0.80").expectedDays(21)
                        .requiredFields(ACCOUNT, OWNER, VALUE, EXPECTED_CLOSE_DATE, PRIMARY_CONTACT, NEXT_STEP,
                                PRODUCTS))
                .wonStage("closed-won", "Closed-Won")
                .lostStage("closed-lost", "Closed-Lost")
                .disqualifiedStage("disqualified", "Disqualified")
                .nurtureStage("nurture", "Nurture", stage -> stage.winProbability("0.05").expectedDays(90))
                .build();
    }

    /** Both default pipelines in one catalogue. */
    public static PipelineCatalog catalog() {
        return PipelineCatalog.of(evidenceBased(), classic());
    }
}
