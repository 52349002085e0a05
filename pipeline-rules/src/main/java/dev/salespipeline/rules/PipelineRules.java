package dev.salespipeline.rules;

import dev.salespipeline.core.gate.GateDecision;
import dev.salespipeline.core.gate.GateEvaluator;
import dev.salespipeline.core.gate.GateRequest;
import dev.salespipeline.core.gate.UnmetCriterion;
import dev.salespipeline.core.opportunity.Opportunity;
import dev.salespipeline.core.opportunity.OpportunityId;
import dev.salespipeline.core.pipeline.OpportunityField;
import dev.salespipeline.core.pipeline.Stage;
import dev.salespipeline.core.pipeline.StageId;
import dev.salespipeline.rules.facts.GateCheck;
import dev.salespipeline.rules.facts.Review;
import dev.salespipeline.rules.internal.FactSnapshot;
import dev.salespipeline.rules.internal.Findings;

import org.kie.api.runtime.KieSession;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/**
 * The rules of the pipeline, as analysts wrote them in DRL: evaluates stage gates (as the core's
 * {@link GateEvaluator}) and reviews deals for regression and disqualification.
 *
 * <p>Holds one {@link RuleSet} at a time. {@link #reload()} builds a new one from the same
 * {@link RuleSources} and swaps it in only if it compiles; a broken file leaves the rules in force and
 * is reported. Every decision and review carries the version of the rule set that made it.
 *
 * <p>Thread-safe: evaluations run in their own session against the rule set in force when they
 * start, so a reload never shows an evaluation half a rule set. Each evaluation stops after a
 * configured number of rule firings and fails naming the rule that fired most, so a rule that keeps
 * re-firing cannot hang the caller.
 */
public final class PipelineRules implements GateEvaluator {

    /** Far more firings than any sane evaluation of one deal needs, and few enough to stop a loop fast. */
    public static final int DEFAULT_MAX_FIRINGS = 10_000;

    private final RuleSources sources;
    private final RuleSandbox sandbox;
    private final Clock clock;
    private final int maxFirings;
    private final AtomicReference<RuleSet> current;
    private final Object reloadLock = new Object();

    private PipelineRules(Builder builder, RuleSet initial) {
        this.sources = builder.sources;
        this.sandbox = builder.sandbox;
        this.clock = builder.clock;
        this.maxFirings = builder.maxFirings;
        this.current = new AtomicReference<>(initial);
    }

    /** Loads the rules from {@code sources} with the system UTC clock and default limits. */
    public static PipelineRules load(RuleSources sources) {
        return builder(sources).build();
    }

    public static Builder builder(RuleSources sources) {
        return new Builder(sources);
    }

    /** The rule set in force. */
    public RuleSet ruleSet() {
        return current.get();
    }

    /** The version of the rule set in force. */
    public String version() {
        return current.get().version();
    }

    /**
     * Re-reads the sources and puts the new rules in force if they compile. Reloads are serialised;
     * evaluations continue on the old rules meanwhile.
     *
     * @return the rule set now in force
     * @throws RuleLoadException if the files do not load; the previous rules stay in force
     */
    public RuleSet reload() {
        synchronized (reloadLock) {
            RuleSet fresh = RuleCompiler.compile(sources.read(), sandbox);
            current.set(fresh);
            return fresh;
        }
    }

    /** Decides one gate, with the rule set in force. */
    @Override
    public GateDecision evaluate(GateRequest request) {
        Objects.requireNonNull(request, "request");
        return evaluateGate(current.get(), request);
    }

    /**
     * Decides whether the deal may advance to {@code target} now: every gate on the way, all with the
     * same rule set. Throws nothing for a target behind the deal: there is no gate, so it is allowed;
     * the transition service refuses such a move.
     */
    public GateDecision evaluate(Opportunity opportunity, StageId target) {
        Objects.requireNonNull(opportunity, "opportunity");
        Objects.requireNonNull(target, "target");
        RuleSet ruleSet = current.get();
        Instant now = clock.instant();
        List<UnmetCriterion> unmet = new ArrayList<>();
        for (List<Stage> gate : opportunity.pipeline().gatesBetween(opportunity.stageId(), target)) {
            unmet.addAll(evaluateGate(ruleSet, new GateRequest(opportunity, gate.get(0), gate.get(1), now))
                    .unmetCriteria());
        }
        return GateDecision.of(unmet, ruleSet.version());
    }

    /**
     * Decides, for every open deal, the gate to its next stage on the track, all with one rule set.
     * Closed and nurtured deals are left out.
     */
    public Map<OpportunityId, GateDecision> evaluateNextGates(Collection<Opportunity> opportunities) {
        Objects.requireNonNull(opportunities, "opportunities");
        RuleSet ruleSet = current.get();
        Instant now = clock.instant();
        Map<OpportunityId, GateDecision> decisions = new LinkedHashMap<>();
        for (Opportunity opportunity : opportunities) {
            Objects.requireNonNull(opportunity, "opportunities must not contain null");
            if (opportunity.isOpen()) {
                decisions.put(opportunity.id(), evaluateGate(ruleSet, new GateRequest(opportunity,
                        opportunity.stage(), opportunity.pipeline().nextOnTrack(opportunity.stageId()), now)));
            }
        }
        return decisions;
    }

    /** What the regression and disqualification rules recommend for this deal now. */
    public DealReview review(Opportunity opportunity) {
        Objects.requireNonNull(opportunity, "opportunity");
        return review(current.get(), opportunity, clock.instant());
    }

    /** Reviews every deal with one rule set; deals with no recommendation are included, empty. */
    public List<DealReview> reviewAll(Collection<Opportunity> opportunities) {
        Objects.requireNonNull(opportunities, "opportunities");
        RuleSet ruleSet = current.get();
        Instant now = clock.instant();
        List<DealReview> reviews = new ArrayList<>(opportunities.size());
        for (Opportunity opportunity : opportunities) {
            reviews.add(review(ruleSet, Objects.requireNonNull(opportunity, "opportunities must not contain null"), now));
        }
        return reviews;
    }

    /**
     * What the workflow hooks ask for now that the deal has entered its current stage: the deal's last
     * stage change is the entry. Empty for a deal that never changed stage.
     */
    public List<WorkflowAction> hooks(Opportunity opportunity) {
        Objects.requireNonNull(opportunity, "opportunity");
        List<dev.salespipeline.core.opportunity.OpportunityEvent.StageChanged> changes = opportunity.stageChanges();
        if (changes.isEmpty()) {
            return List.of();
        }
        dev.salespipeline.core.opportunity.OpportunityEvent.StageChanged entry = changes.get(changes.size() - 1);
        RuleSet ruleSet = current.get();
        Instant now = clock.instant();
        Findings findings = new Findings(opportunity.pipeline(), opportunity.id(), opportunity.stage());
        dev.salespipeline.rules.facts.StageEntry request = new dev.salespipeline.rules.facts.StageEntry(
                opportunity.id().value(), opportunity.pipeline().id().value(), opportunity.stageId().value(),
                opportunity.stage().kind().name(), entry.from().value(), entry.move().name(),
                opportunity.details().owner(), LocalDate.ofInstant(now, ZoneOffset.UTC), findings);
        run(ruleSet, opportunity, now, request, findings);
        return List.copyOf(findings.actions());
    }

    /** The alerts on this deal now, comparing time in stage with each stage's configured duration. */
    public List<Alert> alerts(Opportunity opportunity) {
        return alerts(opportunity, dev.salespipeline.core.metrics.StageAverages.configured());
    }

    /** The alerts on this deal now, comparing time in stage with {@code averages}. */
    public List<Alert> alerts(Opportunity opportunity, dev.salespipeline.core.metrics.StageAverages averages) {
        Objects.requireNonNull(opportunity, "opportunity");
        Objects.requireNonNull(averages, "averages");
        return alerts(current.get(), opportunity, averages, clock.instant());
    }

    /**
     * Every alert on every deal now, with one rule set, deal by deal in the order given. Sweeping an
     * unchanged portfolio again gives equal alerts: nothing is duplicated.
     */
    public List<Alert> sweep(Collection<Opportunity> opportunities, dev.salespipeline.core.metrics.StageAverages averages) {
        Objects.requireNonNull(opportunities, "opportunities");
        Objects.requireNonNull(averages, "averages");
        RuleSet ruleSet = current.get();
        Instant now = clock.instant();
        List<Alert> alerts = new ArrayList<>();
        for (Opportunity opportunity : opportunities) {
            alerts.addAll(alerts(ruleSet, Objects.requireNonNull(opportunity, "opportunities must not contain null"),
                    averages, now));
        }
        return alerts;
    }

    /**
     * Watches the host directories of the sources and reloads when a {@code .drl} file in them is
     * added, changed or removed, checking every {@code interval}. Close the returned handle to stop.
     */
    public AutoCloseable watch(Duration interval, RuleWatchListener listener) {
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(listener, "listener");
        if (interval.isNegative() || interval.isZero()) {
            throw new dev.salespipeline.core.InvalidValueException("interval", interval, "must be positive");
        }
        ScheduledExecutorService watcher = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "pipeline-rules-watch");
            thread.setDaemon(true);
            return thread;
        });
        AtomicReference<Map<Path, List<Object>>> seen = new AtomicReference<>(snapshot());
        watcher.scheduleWithFixedDelay(() -> {
            Map<Path, List<Object>> now = snapshot();
            if (!now.equals(seen.getAndSet(now))) {
                try {
                    listener.reloaded(reload());
                } catch (RuleLoadException problem) {
                    listener.failed(problem);
                }
            }
        }, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        return watcher::shutdownNow;
    }

    /** Name, size and modification time of every rule file in the watched directories. */
    private Map<Path, List<Object>> snapshot() {
        Map<Path, List<Object>> state = new HashMap<>();
        for (Path directory : sources.directories()) {
            try (Stream<Path> files = Files.list(directory)) {
                for (Path file : files.filter(path -> RuleSources.isRuleOrVocabulary(path.getFileName().toString()))
                        .toList()) {
                    state.put(file, List.of(Files.size(file), Files.getLastModifiedTime(file)));
                }
            } catch (IOException | RuntimeException e) {
                state.put(directory, List.of(e.toString()));
            }
        }
        return state;
    }

    private GateDecision evaluateGate(RuleSet ruleSet, GateRequest request) {
        Opportunity opportunity = request.opportunity();
        Findings findings = new Findings(opportunity.pipeline(), opportunity.id(), opportunity.stage());
        List<String> required = request.entering().requiredFields().stream().map(OpportunityField::name).toList();
        GateCheck check = new GateCheck(opportunity.id().value(), opportunity.pipeline().id().value(),
                request.exiting().id().value(), request.entering().id().value(), request.entering().displayName(),
                required, LocalDate.ofInstant(request.now(), ZoneOffset.UTC), findings);
        run(ruleSet, opportunity, request.now(), check, findings);
        return GateDecision.of(deduplicate(findings.unmet()), ruleSet.version());
    }

    private DealReview review(RuleSet ruleSet, Opportunity opportunity, Instant now) {
        Findings findings = new Findings(opportunity.pipeline(), opportunity.id(), opportunity.stage());
        Review review = new Review(opportunity.id().value(), opportunity.pipeline().id().value(),
                opportunity.stageId().value(), opportunity.stage().kind().name(),
                opportunity.pipeline().trackPosition(opportunity.stageId()), LocalDate.ofInstant(now, ZoneOffset.UTC),
                findings);
        run(ruleSet, opportunity, now, review, findings);
        return new DealReview(opportunity.id(), findings.regressions(), findings.disqualifications(), ruleSet.version());
    }

    private List<Alert> alerts(RuleSet ruleSet, Opportunity opportunity,
                               dev.salespipeline.core.metrics.StageAverages averages, Instant now) {
        Findings findings = new Findings(opportunity.pipeline(), opportunity.id(), opportunity.stage());
        Duration average = averages.averageFor(opportunity);
        // Whole days, rounded half up, and at least one: a zero average would put every deal on alert.
        long averageDays = Math.max(1, (average.toHours() + 12) / 24);
        dev.salespipeline.core.metrics.DayCount dayCount = averages.dayCount();
        dev.salespipeline.rules.facts.AlertSweep sweep = new dev.salespipeline.rules.facts.AlertSweep(
                opportunity.id().value(), opportunity.pipeline().id().value(), opportunity.stageId().value(),
                opportunity.stage().kind().name(), averageDays, dayCount.between(opportunity.stageEnteredAt(), now),
                LocalDate.ofInstant(opportunity.stageEnteredAt(), ZoneOffset.UTC), dayCount,
                opportunity.stage().requiredFields().stream().map(OpportunityField::name).toList(),
                LocalDate.ofInstant(now, ZoneOffset.UTC), findings);
        run(ruleSet, opportunity, now, sweep, findings);
        return List.copyOf(findings.alerts());
    }

    /** Two rules reporting the same criterion for the same stage are one unmet criterion, the first reported. */
    private static List<UnmetCriterion> deduplicate(List<UnmetCriterion> unmet) {
        Set<List<Object>> seen = new LinkedHashSet<>();
        return unmet.stream().filter(item -> seen.add(List.of(item.criterionId(), item.stage()))).toList();
    }

    private void run(RuleSet ruleSet, Opportunity opportunity, Instant now, Object request, Findings findings) {
        RuleSet.PooledSession pooled = ruleSet.borrow(findings);
        KieSession session = pooled.session;
        Map<String, Integer> firings = pooled.firings;
        List<org.kie.api.runtime.rule.FactHandle> inserted = new ArrayList<>();
        boolean clean = false;
        try {
            for (Object fact : FactSnapshot.of(opportunity, now)) {
                inserted.add(session.insert(fact));
            }
            inserted.add(session.insert(request));
            int fired = session.fireAllRules(maxFirings + 1);
            if (fired > maxFirings) {
                String worst = firings.entrySet().stream().max(Map.Entry.comparingByValue())
                        .map(Map.Entry::getKey).orElse("(unknown rule)");
                throw new RuleEvaluationException(worst, "Evaluation of deal '" + opportunity.id()
                        + "' stopped after " + maxFirings + " rule firings; " + worst + " fired "
                        + firings.get(worst) + " times.\nMaybe it modifies a fact its own conditions match,"
                        + " so it re-fires without end.", null);
            }
            // Emptied, the session is as good as new for the next evaluation of this rule set.
            for (org.kie.api.runtime.rule.FactHandle handle : inserted) {
                session.delete(handle);
            }
            clean = true;
        } catch (RuleEvaluationException e) {
            throw e;
        } catch (RuntimeException e) {
            Throwable cause = e.getCause() instanceof Findings.RuleContractException contract ? contract : e;
            throw new RuleEvaluationException(findings.firingRule(), "Evaluating deal '" + opportunity.id()
                    + "' failed in " + findings.firingRule() + ": " + cause.getMessage(), e);
        } finally {
            ruleSet.release(pooled, clean);
        }
    }

    @Override
    public String toString() {
        return "PipelineRules[" + version() + "]";
    }

    /** Configures {@link PipelineRules}. Not thread-safe. */
    public static final class Builder {

        private final RuleSources sources;
        private RuleSandbox sandbox = RuleSandbox.standard();
        private Clock clock = Clock.systemUTC();
        private int maxFirings = DEFAULT_MAX_FIRINGS;

        private Builder(RuleSources sources) {
            this.sources = Objects.requireNonNull(sources, "sources");
        }

        /** What rule files may contain; {@link RuleSandbox#standard()} unless set. */
        public Builder sandbox(RuleSandbox sandbox) {
            this.sandbox = Objects.requireNonNull(sandbox, "sandbox");
            return this;
        }

        /** The clock that "now" is read from for reviews and whole-deal evaluations. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** How many rule firings one evaluation may take before it fails as a runaway. */
        public Builder maxFiringsPerEvaluation(int maxFirings) {
            if (maxFirings < 1) {
                throw new dev.salespipeline.core.InvalidValueException("maxFiringsPerEvaluation", maxFirings,
                        "must be at least 1");
            }
            this.maxFirings = maxFirings;
            return this;
        }

        /**
         * Reads and compiles the rules.
         *
         * @throws RuleLoadException listing every problem with file and line
         */
        public PipelineRules build() {
            return new PipelineRules(this, RuleCompiler.compile(sources.read(), sandbox));
        }
    }
}
