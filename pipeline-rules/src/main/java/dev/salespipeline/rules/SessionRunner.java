package dev.salespipeline.rules;

import dev.salespipeline.core.gate.GateDecision;
import dev.salespipeline.core.gate.GateRequest;
import dev.salespipeline.core.gate.UnmetCriterion;
import dev.salespipeline.core.metrics.DayCount;
import dev.salespipeline.core.metrics.StageAverages;
import dev.salespipeline.core.opportunity.Opportunity;
import dev.salespipeline.core.opportunity.OpportunityEvent;
import dev.salespipeline.core.pipeline.OpportunityField;
import dev.salespipeline.rules.facts.AlertSweep;
import dev.salespipeline.rules.facts.GateCheck;
import dev.salespipeline.rules.facts.Review;
import dev.salespipeline.rules.facts.StageEntry;
import dev.salespipeline.rules.internal.CollectedFindings;
import dev.salespipeline.rules.internal.FactSnapshot;
import dev.salespipeline.rules.internal.sandbox.EvaluationBudget;
import dev.salespipeline.rules.outcome.Alert;
import dev.salespipeline.rules.outcome.DealReview;
import dev.salespipeline.rules.outcome.DealSweep;
import dev.salespipeline.rules.outcome.WorkflowAction;

import org.kie.api.runtime.KieSession;
import org.kie.api.runtime.rule.FactHandle;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The session protocol: one evaluation of one deal puts its facts and the requests into a pooled
 * session of the rule set, fires the rules within the evaluation's limits (firings, pairs of facts, a
 * deadline), empties the session, and turns what the rules reported into answers. Every failure leaves
 * as a {@link RuleEvaluationException} naming the rule, and the session it broke is discarded.
 *
 * <p>Stateless between evaluations and thread-safe: a session is used by one thread at a time.
 */
final class SessionRunner {

    private final int maxFirings;
    private final Duration deadline;

    SessionRunner(int maxFirings, Duration deadline) {
        this.maxFirings = maxFirings;
        this.deadline = deadline;
    }

    Duration deadline() {
        return deadline;
    }

    GateDecision gate(RuleSet ruleSet, GateRequest request) {
        Opportunity opportunity = request.opportunity();
        CollectedFindings findings = findingsFor(opportunity);
        run(ruleSet, opportunity, request.now(), List.of(gateCheck(request, findings)), findings);
        return gateDecision(ruleSet, findings);
    }

    DealReview review(RuleSet ruleSet, Opportunity opportunity, Instant now) {
        CollectedFindings findings = findingsFor(opportunity);
        run(ruleSet, opportunity, now, List.of(reviewRequest(opportunity, now, findings)), findings);
        return dealReview(ruleSet, opportunity, findings);
    }

    List<Alert> alerts(RuleSet ruleSet, Opportunity opportunity, StageAverages averages, Instant now) {
        CollectedFindings findings = findingsFor(opportunity);
        run(ruleSet, opportunity, now, List.of(alertSweep(opportunity, averages, now, findings)), findings);
        return List.copyOf(findings.alerts());
    }

    /** The workflow hooks for the deal's last stage change; empty for a deal that never changed stage. */
    List<WorkflowAction> hooks(RuleSet ruleSet, Opportunity opportunity, Instant now) {
        List<OpportunityEvent.StageChanged> changes = opportunity.stageChanges();
        if (changes.isEmpty()) {
            return List.of();
        }
        OpportunityEvent.StageChanged entry = changes.get(changes.size() - 1);
        CollectedFindings findings = findingsFor(opportunity);
        StageEntry request = new StageEntry(opportunity.id().value(), opportunity.pipeline().id().value(),
                opportunity.stageId().value(), opportunity.stage().kind().name(), entry.from().value(),
                entry.move().name(), opportunity.details().owner(), LocalDate.ofInstant(now, ZoneOffset.UTC),
                LocalDate.ofInstant(entry.occurredAt(), ZoneOffset.UTC), findings);
        run(ruleSet, opportunity, now, List.of(request), findings);
        return List.copyOf(findings.actions());
    }

    /**
     * The next gate (of an open deal), the alerts and the review of one deal in one session run. Each
     * request's rules report through their own methods (unmet, raise, recommend…), so sharing the
     * findings keeps the answers apart.
     */
    DealSweep sweep(RuleSet ruleSet, Opportunity opportunity, StageAverages averages, Instant now) {
        CollectedFindings findings = findingsFor(opportunity);
        List<Object> requests = new ArrayList<>(3);
        boolean open = opportunity.isOpen();
        if (open) {
            requests.add(gateCheck(nextGate(opportunity, now), findings));
        }
        requests.add(alertSweep(opportunity, averages, now, findings));
        requests.add(reviewRequest(opportunity, now, findings));
        run(ruleSet, opportunity, now, requests, findings);
        return new DealSweep(opportunity.id(), open ? Optional.of(gateDecision(ruleSet, findings)) : Optional.empty(),
                findings.alerts(), dealReview(ruleSet, opportunity, findings));
    }

    static GateRequest nextGate(Opportunity opportunity, Instant now) {
        return new GateRequest(opportunity, opportunity.pipeline().gateAfter(opportunity.stageId()), now);
    }

    private static CollectedFindings findingsFor(Opportunity opportunity) {
        return new CollectedFindings(opportunity.pipeline(), opportunity.id(), opportunity.stage());
    }

    private void run(RuleSet ruleSet, Opportunity opportunity, Instant now, List<Object> requests,
                     CollectedFindings findings) {
        RuleSet.PooledSession pooled = ruleSet.borrow(findings);
        KieSession session = pooled.session;
        Map<String, Integer> firings = pooled.firings;
        List<FactHandle> inserted = new ArrayList<>();
        boolean clean = false;
        // The limits are per request, so answering a deal's requests together allows what answering them apart would.
        int limit = maxFirings * requests.size();
        EvaluationBudget.begin(deadline.multipliedBy(requests.size()), PipelineRules.MAX_JOIN_CHECKS * requests.size());
        try {
            for (Object fact : FactSnapshot.of(opportunity, now)) {
                inserted.add(session.insert(fact));
            }
            for (Object request : requests) {
                inserted.add(session.insert(request));
            }
            int fired = session.fireAllRules(limit + 1);
            if (fired > limit) {
                String worst = firings.entrySet().stream().max(Map.Entry.comparingByValue())
                        .map(Map.Entry::getKey).orElse("(unknown rule)");
                throw new RuleEvaluationException(worst, "Evaluation of deal '" + opportunity.id()
                        + "' stopped after " + limit + " rule firings; " + worst + " fired "
                        + firings.get(worst) + " times.\nMaybe its patterns match every combination of the deal's"
                        + " facts: link each pattern to the ones before it.", null);
            }
            // Emptied, the session is as good as new for the next evaluation of this rule set.
            for (FactHandle handle : inserted) {
                session.delete(handle);
            }
            clean = true;
        } catch (RuleEvaluationException e) {
            throw e;
        } catch (RuntimeException | Error e) {
            // Every failure, errors included (a stack overflow or memory exhausted by a rule), leaves as a
            // RuleEvaluationException naming the rule; the session is discarded below.
            EvaluationBudget.Exceeded exceeded = causeOfType(e, EvaluationBudget.Exceeded.class);
            if (exceeded != null) {
                String rule = ruleSet.origin(exceeded.packageName(), exceeded.ruleName());
                if (exceeded.ofSize()) {
                    throw new RuleEvaluationException(rule, "Evaluation of deal '" + opportunity.id() + "' stopped: "
                            + rule + " " + exceeded.getMessage() + ".\nMaybe it joins text or multiplies numbers again"
                            + " and again: compute from the facts' values directly.", e);
                }
                throw new RuleEvaluationException(rule, "Evaluation of deal '" + opportunity.id() + "' stopped: " + rule
                        + " " + exceeded.getMessage() + " (" + deadline.toMillis() + " ms and "
                        + PipelineRules.MAX_JOIN_CHECKS + " pairs per request).\nMaybe its patterns match every"
                        + " combination of the deal's facts: link each pattern to the ones before it.", e);
            }
            Throwable cause = causeOfType(e, CollectedFindings.RuleContractException.class);
            throw new RuleEvaluationException(findings.firingRule(), "Evaluating deal '" + opportunity.id()
                    + "' failed in " + findings.firingRule() + ": " + (cause != null ? cause : e).getMessage(), e);
        } finally {
            EvaluationBudget.end();
            ruleSet.release(pooled, clean);
        }
    }

    private static <T extends Throwable> T causeOfType(Throwable thrown, Class<T> type) {
        for (Throwable cause = thrown; cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return type.cast(cause);
            }
        }
        return null;
    }

    private static GateCheck gateCheck(GateRequest request, CollectedFindings findings) {
        Opportunity opportunity = request.opportunity();
        return new GateCheck(opportunity.id().value(), opportunity.pipeline().id().value(),
                request.exiting().id().value(), request.entering().id().value(), request.entering().displayName(),
                names(request.entering().requiredFields()), names(opportunity.missingFields(request.entering())),
                LocalDate.ofInstant(request.now(), ZoneOffset.UTC), findings);
    }

    private static Review reviewRequest(Opportunity opportunity, Instant now, CollectedFindings findings) {
        return new Review(opportunity.id().value(), opportunity.pipeline().id().value(),
                opportunity.stageId().value(), opportunity.stage().kind().name(),
                opportunity.pipeline().trackPosition(opportunity.stageId()), LocalDate.ofInstant(now, ZoneOffset.UTC),
                findings);
    }

    private static AlertSweep alertSweep(Opportunity opportunity, StageAverages averages, Instant now,
                                         CollectedFindings findings) {
        Duration average = averages.averageFor(opportunity);
        // Whole days, rounded half up, and at least one: a zero average would put every deal on alert.
        long averageDays = Math.max(1, (average.toHours() + 12) / 24);
        DayCount dayCount = averages.dayCount();
        return new AlertSweep(opportunity.id().value(), opportunity.pipeline().id().value(),
                opportunity.stageId().value(), opportunity.stage().kind().name(), averageDays,
                dayCount.between(opportunity.stageEnteredAt(), now),
                LocalDate.ofInstant(opportunity.stageEnteredAt(), ZoneOffset.UTC), dayCount,
                names(opportunity.stage().requiredFields()), names(opportunity.missingFields(opportunity.stage())),
                LocalDate.ofInstant(now, ZoneOffset.UTC), findings);
    }

    private static List<String> names(Collection<OpportunityField> fields) {
        List<String> names = new ArrayList<>(fields.size());
        for (OpportunityField field : fields) {
            names.add(field.name());
        }
        return names;
    }

    private static GateDecision gateDecision(RuleSet ruleSet, CollectedFindings findings) {
        return GateDecision.of(deduplicate(findings.unmet()), ruleSet.version());
    }

    private static DealReview dealReview(RuleSet ruleSet, Opportunity opportunity, CollectedFindings findings) {
        return new DealReview(opportunity.id(), findings.regressions(), findings.disqualifications(), ruleSet.version());
    }

    /** Two rules reporting the same criterion for the same stage are one unmet criterion, the first reported. */
    private static List<UnmetCriterion> deduplicate(List<UnmetCriterion> unmet) {
        Set<List<Object>> seen = new HashSet<>();
        List<UnmetCriterion> distinct = new ArrayList<>(unmet.size());
        for (UnmetCriterion item : unmet) {
            if (seen.add(List.of(item.criterionId(), item.stage()))) {
                distinct.add(item);
            }
        }
        return distinct;
    }
}
