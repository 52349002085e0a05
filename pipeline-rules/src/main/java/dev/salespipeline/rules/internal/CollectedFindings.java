package dev.salespipeline.rules.internal;

import dev.salespipeline.core.gate.UnmetCriterion;
import dev.salespipeline.core.opportunity.OpportunityId;
import dev.salespipeline.core.pipeline.PipelineDefinition;
import dev.salespipeline.core.pipeline.Stage;
import dev.salespipeline.core.pipeline.StageId;
import dev.salespipeline.rules.outcome.Alert;
import dev.salespipeline.rules.outcome.DisqualificationRecommendation;
import dev.salespipeline.rules.outcome.RegressionRecommendation;
import dev.salespipeline.rules.outcome.WorkflowAction;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the rules of one evaluation reported, each item attributed to the rule that was firing when
 * it was reported. Confined to the thread of its session.
 */
public final class CollectedFindings implements dev.salespipeline.rules.facts.Findings {

    private final PipelineDefinition pipeline;
    private final OpportunityId dealId;
    private final Stage currentStage;
    private String firingRule = "(no rule)";
    private long firingRuleRank;
    private final List<Ranked> unmet = new ArrayList<>();
    private final List<RegressionRecommendation> regressions = new ArrayList<>();
    private final List<DisqualificationRecommendation> disqualifications = new ArrayList<>();
    private final List<Alert> alerts = new ArrayList<>();
    private final List<WorkflowAction> actions = new ArrayList<>();

    public CollectedFindings(PipelineDefinition pipeline, OpportunityId dealId, Stage currentStage) {
        this.pipeline = pipeline;
        this.dealId = dealId;
        this.currentStage = currentStage;
    }

    /** An unmet criterion with the load order of the rule that reported it. */
    private record Ranked(long rank, UnmetCriterion criterion) {
    }

    private static final java.util.Comparator<Ranked> IN_RULE_ORDER = java.util.Comparator.comparingLong(Ranked::rank)
            .thenComparing(ranked -> ranked.criterion().criterionId());

    /** Called before each rule fires, so that what it reports names it. */
    public void ruleFiring(String origin, long rank) {
        this.firingRule = origin;
        this.firingRuleRank = rank;
    }

    public String firingRule() {
        return firingRule;
    }

    @Override
    public void unmet(String criterionId, String message, String exitingStage) {
        unmet.add(new Ranked(firingRuleRank,
                new UnmetCriterion(criterionId, message, StageId.of(exitingStage), firingRule)));
    }

    @Override
    public void recommendRegression(String targetStage, String trigger, String reason) {
        Optional<Stage> target = pipeline.findStage(StageId.of(targetStage));
        boolean backwards = target.isPresent() && currentStage.isOpen() && (target.get().isOpen()
                ? pipeline.trackPosition(target.get().id()) < pipeline.trackPosition(currentStage.id())
                : target.get().kind() == dev.salespipeline.core.pipeline.StageKind.NURTURE);
        if (!backwards) {
            throw new RuleContractException(firingRule + " recommended regressing deal '" + dealId + "' from '"
                    + currentStage.id() + "' to '" + targetStage + "', which is not an earlier open stage or"
                    + " the nurture stage of pipeline '" + pipeline.id() + "'");
        }
        RegressionRecommendation recommendation =
                new RegressionRecommendation(dealId, target.get().id(), trigger, reason, firingRule);
        // Two rules may see the same trigger (a recorded signal and a computed one): advise once.
        if (regressions.stream().noneMatch(known -> known.target().equals(recommendation.target())
                && known.trigger().equals(trigger))) {
            regressions.add(recommendation);
        }
    }

    @Override
    public void recommendDisqualification(String ground, String reason) {
        disqualifications.add(new DisqualificationRecommendation(dealId, ground, reason, firingRule));
    }

    /**
     * Unmet criteria in the order their rules stand in the rule set, several from one rule by criterion
     * id: Drools does not order the activations of one rule, and a decision must not depend on the
     * order facts were inserted in.
     */
    @Override
    public void raise(String kind, String severity, java.time.LocalDate since, String message) {
        Alert.Severity level;
        try {
            level = Alert.Severity.valueOf(severity);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new RuleContractException(firingRule + " raised an alert of severity '" + severity
                    + "'; use ATTENTION, WARNING or ALERT");
        }
        Alert alert = new Alert(dealId, kind, level, since, message, firingRule);
        // One alert per kind and deal: the most severe, then the earliest, wins, in the place of its firing.
        for (int i = 0; i < alerts.size(); i++) {
            Alert known = alerts.get(i);
            if (known.kind().equals(kind)) {
                if (known.severity().compareTo(level) > 0 || known.severity() == level && !known.since().isAfter(since)) {
                    return;
                }
                alerts.remove(i);
                break;
            }
        }
        alerts.add(alert);
    }

    @Override
    public void suggestNextStep(String description, java.time.LocalDate dueDate) {
        action(WorkflowAction.Kind.NEXT_STEP, description, Optional.of(dueDate));
    }

    @Override
    public void askForStakeholderMapUpdate(String message) {
        action(WorkflowAction.Kind.STAKEHOLDER_MAP_UPDATE, message, Optional.empty());
    }

    @Override
    public void notifyManager(String message) {
        action(WorkflowAction.Kind.MANAGER_NOTIFICATION, message, Optional.empty());
    }

    private void action(WorkflowAction.Kind kind, String message, Optional<java.time.LocalDate> dueDate) {
        if (message == null || message.isBlank()) {
            throw new RuleContractException(firingRule + " asked for " + kind + " with no message; say what to do");
        }
        WorkflowAction action = new WorkflowAction(dealId, kind, message.strip(), dueDate, firingRule);
        // Two rules asking the same thing ask once.
        if (actions.stream().noneMatch(known -> known.kind() == kind && known.message().equals(action.message()))) {
            actions.add(action);
        }
    }

    /** Workflow actions, in the order asked for. */
    public List<WorkflowAction> actions() {
        return actions;
    }

    /** Alerts by kind, in the order first raised. */
    public List<Alert> alerts() {
        return alerts;
    }

    public List<UnmetCriterion> unmet() {
        List<Ranked> ordered = new ArrayList<>(unmet);
        ordered.sort(IN_RULE_ORDER);
        List<UnmetCriterion> criteria = new ArrayList<>(ordered.size());
        for (Ranked ranked : ordered) {
            criteria.add(ranked.criterion());
        }
        return criteria;
    }

    public List<RegressionRecommendation> regressions() {
        return regressions;
    }

    public List<DisqualificationRecommendation> disqualifications() {
        return disqualifications;
    }

    /** Thrown from a consequence that breaks the reporting contract; the evaluation fails naming the rule. */
    public static final class RuleContractException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        RuleContractException(String message) {
            super(message);
        }
    }
}
