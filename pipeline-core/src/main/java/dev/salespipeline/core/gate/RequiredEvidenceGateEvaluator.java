package dev.salespipeline.core.gate;

import static dev.salespipeline.core.evidence.EvidenceTypes.BUDGET_RANGE_CONFIRMED;
import static dev.salespipeline.core.evidence.EvidenceTypes.CONTRACT_SIGNED;
import static dev.salespipeline.core.evidence.EvidenceTypes.CONTRACT_TERMS_AGREED;
import static dev.salespipeline.core.evidence.EvidenceTypes.DECISION_MAKER_IDENTIFIED;
import static dev.salespipeline.core.evidence.EvidenceTypes.ECONOMIC_BUYER_ENGAGED;
import static dev.salespipeline.core.evidence.EvidenceTypes.EVALUATION_CRITERIA_CONFIRMED;
import static dev.salespipeline.core.evidence.EvidenceTypes.IMPLEMENTATION_TIMELINE_CONFIRMED;
import static dev.salespipeline.core.evidence.EvidenceTypes.LEGAL_REVIEW_STARTED;
import static dev.salespipeline.core.evidence.EvidenceTypes.PAIN_COST_DOCUMENTED;
import static dev.salespipeline.core.evidence.EvidenceTypes.PRICING_FEEDBACK_RECEIVED;
import static dev.salespipeline.core.evidence.EvidenceTypes.PROPOSAL_REQUESTED_BY_AUTHORITY;
import static dev.salespipeline.core.evidence.EvidenceTypes.PROPOSAL_REVIEWED_WITH_DECISION_MAKER;
import static dev.salespipeline.core.evidence.EvidenceTypes.PURCHASE_ORDER_ISSUED;
import static dev.salespipeline.core.evidence.EvidenceTypes.PURCHASE_ORDER_PROCESS_STARTED;
import static dev.salespipeline.core.evidence.EvidenceTypes.SCOPE_VERBALLY_AGREED;
import static dev.salespipeline.core.evidence.EvidenceTypes.STAKEHOLDERS_ALIGNED;
import static dev.salespipeline.core.evidence.EvidenceTypes.TECHNICAL_REQUIREMENTS_DOCUMENTED;
import static dev.salespipeline.core.evidence.EvidenceTypes.TIMELINE_COMMITTED;

import dev.salespipeline.core.opportunity.Opportunity;
import dev.salespipeline.core.pipeline.DefaultPipelines;
import dev.salespipeline.core.pipeline.OpportunityField;
import dev.salespipeline.core.pipeline.PipelineId;
import dev.salespipeline.core.pipeline.StageId;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A plain-Java {@link GateEvaluator}: to leave a stage, a deal needs active evidence for each exit
 * criterion configured for that stage, and the stage it enters must find its required fields filled.
 * For hosts that do not want a rule engine, and for tests. Stages with no configured criteria only
 * check required fields.
 *
 * <p>Unmet required fields are reported with criterion id {@code required-field:<name>}.
 *
 * <p>Immutable and thread-safe.
 */
public final class RequiredEvidenceGateEvaluator implements GateEvaluator {

    /** The origin reported on every unmet criterion from this evaluator. */
    public static final String ORIGIN = "pipeline-core:required-evidence";

    private final Map<PipelineId, Map<StageId, List<ExitCriterion>>> criteria;
    private final String version;

    private RequiredEvidenceGateEvaluator(Map<PipelineId, Map<StageId, List<ExitCriterion>>> criteria) {
        this.criteria = criteria;
        // Derived from the configuration, so that two evaluators deciding alike report the same version.
        this.version = "required-evidence@" + Integer.toHexString(criteria.toString().hashCode());
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The default exit criteria of the domain brief for {@link DefaultPipelines#evidenceBased()}. The
     * "within 90 days" part of the timeline criterion is a judgement recorded in the evidence here;
     * the Drools rules check it against the expected close date.
     */
    public static RequiredEvidenceGateEvaluator defaults() {
        PipelineId pipeline = DefaultPipelines.evidenceBased().id();
        return builder()
                .exitCriteria(pipeline, DefaultPipelines.DISCOVERY,
                        ExitCriterion.evidence(BUDGET_RANGE_CONFIRMED, "Confirm the buyer's budget range."),
                        ExitCriterion.evidence(DECISION_MAKER_IDENTIFIED, "Identify the decision maker."),
                        ExitCriterion.evidence(PAIN_COST_DOCUMENTED, "Document the buyer's pain and what it costs them."),
                        ExitCriterion.evidence(TIMELINE_COMMITTED, "Get the buyer to commit to a timeline within 90 days."))
                .exitCriteria(pipeline, DefaultPipelines.QUALIFICATION,
                        ExitCriterion.evidence(ECONOMIC_BUYER_ENGAGED, "Engage the economic buyer."),
                        ExitCriterion.evidence(TECHNICAL_REQUIREMENTS_DOCUMENTED, "Document the technical requirements."),
                        ExitCriterion.evidence(EVALUATION_CRITERIA_CONFIRMED, "Confirm how the proposal will be evaluated."),
                        ExitCriterion.evidence(PROPOSAL_REQUESTED_BY_AUTHORITY,
                                "Get a proposal request from someone with authority."))
                .exitCriteria(pipeline, DefaultPipelines.PROPOSAL,
                        ExitCriterion.evidence(PROPOSAL_REVIEWED_WITH_DECISION_MAKER,
                                "Review the proposal with the decision maker."),
                        ExitCriterion.evidence(PRICING_FEEDBACK_RECEIVED, "Get the buyer's feedback on price and terms."),
                        ExitCriterion.evidence(SCOPE_VERBALLY_AGREED, "Get verbal agreement on the scope."),
                        ExitCriterion.evidence(LEGAL_REVIEW_STARTED, "Have the buyer start legal review."))
                .exitCriteria(pipeline, DefaultPipelines.NEGOTIATION,
                        ExitCriterion.evidence(STAKEHOLDERS_ALIGNED, "Align all stakeholders."),
                        ExitCriterion.evidence(CONTRACT_TERMS_AGREED, "Agree the contract terms."),
                        ExitCriterion.evidence(PURCHASE_ORDER_PROCESS_STARTED,
                                "Have the buyer start the purchase-order process."),
                        ExitCriterion.evidence(IMPLEMENTATION_TIMELINE_CONFIRMED, "Confirm the implementation timeline."))
                .exitCriteria(pipeline, DefaultPipelines.CLOSING,
                        ExitCriterion.of("contract-signed-or-po-issued",
                                "Get the contract signed or the purchase order issued.",
                                CONTRACT_SIGNED, PURCHASE_ORDER_ISSUED))
                .build();
    }

    /** This evaluator's version: a hash of its configuration. */
    public String version() {
        return version;
    }

    /** The criteria configured for leaving this stage of this pipeline; empty when none. */
    public List<ExitCriterion> exitCriteria(PipelineId pipeline, StageId stage) {
        return criteria.getOrDefault(pipeline, Map.of()).getOrDefault(stage, List.of());
    }

    @Override
    public GateDecision evaluate(GateRequest request) {
        Objects.requireNonNull(request, "request");
        Opportunity opportunity = request.opportunity();
        StageId exiting = request.exiting().id();
        List<UnmetCriterion> unmet = new ArrayList<>();
        for (ExitCriterion criterion : exitCriteria(opportunity.pipeline().id(), exiting)) {
            if (criterion.satisfiedBy().stream().noneMatch(opportunity::hasEvidence)) {
                unmet.add(new UnmetCriterion(criterion.id(), criterion.message(), exiting, ORIGIN));
            }
        }
        for (OpportunityField field : opportunity.missingFields(request.entering())) {
            unmet.add(new UnmetCriterion("required-field:" + field.name(),
                    request.entering().displayName() + " requires the field '" + field.name() + "' to be filled.",
                    exiting, ORIGIN));
        }
        return GateDecision.of(unmet, version);
    }

    @Override
    public String toString() {
        return "RequiredEvidenceGateEvaluator[" + version + "]";
    }

    /** Builds a {@link RequiredEvidenceGateEvaluator}. Not thread-safe. */
    public static final class Builder {

        private final Map<PipelineId, Map<StageId, List<ExitCriterion>>> criteria = new LinkedHashMap<>();

        private Builder() {
        }

        /** Adds exit criteria for leaving {@code stage} of {@code pipeline}. */
        public Builder exitCriteria(PipelineId pipeline, StageId stage, ExitCriterion... exitCriteria) {
            Objects.requireNonNull(pipeline, "pipeline");
            Objects.requireNonNull(stage, "stage");
            List<ExitCriterion> added = List.of(exitCriteria);
            criteria.computeIfAbsent(pipeline, key -> new LinkedHashMap<>())
                    .computeIfAbsent(stage, key -> new ArrayList<>()).addAll(added);
            return this;
        }

        public RequiredEvidenceGateEvaluator build() {
            Map<PipelineId, Map<StageId, List<ExitCriterion>>> copy = new LinkedHashMap<>();
            criteria.forEach((pipeline, byStage) -> {
                Map<StageId, List<ExitCriterion>> stages = new LinkedHashMap<>();
                byStage.forEach((stage, list) -> stages.put(stage, List.copyOf(list)));
                copy.put(pipeline, java.util.Collections.unmodifiableMap(stages));
            });
            return new RequiredEvidenceGateEvaluator(java.util.Collections.unmodifiableMap(copy));
        }
    }
}
