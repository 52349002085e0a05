package dev.salespipeline.rules;

import dev.salespipeline.core.InvalidValueException;
import dev.salespipeline.core.SupportedTime;
import dev.salespipeline.core.gate.GateDecision;
import dev.salespipeline.core.gate.GateEvaluator;
import dev.salespipeline.core.gate.GateRequest;
import dev.salespipeline.core.metrics.StageAverages;
import dev.salespipeline.core.opportunity.Opportunity;
import dev.salespipeline.core.opportunity.OpportunityId;
import dev.salespipeline.core.pipeline.StageId;
import dev.salespipeline.rules.outcome.Alert;
import dev.salespipeline.rules.outcome.DealReview;
import dev.salespipeline.rules.outcome.DealSweep;
import dev.salespipeline.rules.outcome.PortfolioSweep;
import dev.salespipeline.rules.outcome.WorkflowAction;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The rules of the pipeline, as analysts wrote them in DRL: decides stage gates (as the core's
 * {@link GateEvaluator}), reviews deals for regression and disqualification, raises alerts and asks for
 * the workflow hooks' actions. A facade over the rule set in force, the {@link SessionRunner session
 * protocol}, the {@link BatchExecutor sweep executor} and the {@link RuleWatcher watcher}; every answer
 * is one of {@link dev.salespipeline.rules.outcome}'s values, or a core {@link GateDecision}.
 *
 * <p>Holds one {@link RuleSet} at a time. {@link #reload()} builds a new one from the same
 * {@link RuleSources} and swaps it in only if it compiles; a broken file leaves the rules in force and
 * is reported. Every decision and review carries the version of the rule set that made it.
 *
 * <p>Thread-safe: evaluations run in their own session against the rule set in force when they
 * start, so a reload never shows an evaluation half a rule set. Each evaluation of a deal is bounded in
 * rule firings, in pairs of facts its joins try and in time, and fails naming the rule when it breaches
 * one (docs/security.md). Sweeps over many deals share them among up to
 * {@link Builder#sweepParallelism(int)} threads, the caller's included, and answer in the deals' order;
 * {@link #sweepPortfolio(Collection, StageAverages) sweepPortfolio} answers a whole nightly sweep in one
 * pass, and its streaming form {@link #sweepPortfolio(Iterator, StageAverages, Consumer) sweepPortfolio}
 * does so for a portfolio read from storage as it goes, holding a window of deals at a time.
 */
public final class PipelineRules implements GateEvaluator {

    /** Far more firings than any sane evaluation of one deal needs, and few enough to stop a loop fast. */
    public static final int DEFAULT_MAX_FIRINGS = 10_000;

    /**
     * How long one evaluation of one deal may take: the default rules answer in well under a millisecond,
     * so this only ever stops a rule that does far more work than any rule of one deal should.
     */
    public static final Duration DEFAULT_EVALUATION_DEADLINE = Duration.ofSeconds(5);

    /**
     * Pairs of facts the joins of one evaluation may try (a rule matching two of a deal's evidence against
     * each other tries evidence × evidence): a thousand times what a deal with a thousand pieces of
     * evidence needs for one such rule, and reached in well under a second.
     */
    public static final long MAX_JOIN_CHECKS = 1_000_000;

    private final RuleSources sources;
    private final RuleSandbox sandbox;
    private final Clock clock;
    private final SessionRunner runner;
    private final BatchExecutor batches;
    private final AtomicReference<RuleSet> current;
    private final Object reloadLock = new Object();

    private PipelineRules(Builder builder, RuleSet initial) {
        this.sources = builder.sources;
        this.sandbox = builder.sandbox;
        this.clock = builder.clock;
        this.runner = new SessionRunner(builder.maxFirings, builder.evaluationDeadline);
        this.batches = new BatchExecutor(builder.executor, builder.sweepParallelism);
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

    /**
     * Watches the host directories of the sources and reloads when a rule or vocabulary file in them is
     * added, changed or removed, checking every {@code interval}, on a daemon thread of its own. Every
     * failure reaches {@code listener}; watching goes on until the returned handle is closed.
     */
    public AutoCloseable watch(Duration interval, RuleWatchListener listener) {
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(listener, "listener");
        if (interval.isNegative() || interval.isZero()) {
            throw new InvalidValueException("interval", interval, "must be positive");
        }
        return RuleWatcher.watch(sources.directories(), interval, this::reload, listener);
    }

    /** Decides one gate, with the rule set in force. */
    @Override
    public GateDecision evaluate(GateRequest request) {
        Objects.requireNonNull(request, "request");
        return runner.gate(current.get(), request);
    }

    /**
     * Decides whether the deal may advance to {@code target} now: every gate on the way, all with the
     * same rule set. Throws nothing for a target behind the deal: there is no gate, so it is allowed;
     * the transition service refuses such a move.
     */
    public GateDecision evaluate(Opportunity opportunity, StageId target) {
        Objects.requireNonNull(opportunity, "opportunity");
        Objects.requireNonNull(target, "target");
        return evaluateWay(opportunity, target, now());
    }

    /** Every gate on the way to {@code target}, decided with one rule set even if a reload lands in between. */
    @Override
    public GateDecision evaluateWay(Opportunity opportunity, StageId target, Instant now) {
        RuleSet ruleSet = current.get();
        GateEvaluator pinned = request -> runner.gate(ruleSet, request);
        return pinned.evaluateWay(opportunity, target, now);
    }

    /**
     * Decides, for every open deal, the gate to its next stage on the track, all with one rule set.
     * Closed and nurtured deals are left out.
     */
    public Map<OpportunityId, GateDecision> evaluateNextGates(Collection<Opportunity> opportunities) {
        List<Opportunity> open = new ArrayList<>();
        for (Opportunity opportunity : requireNoNulls(opportunities)) {
            if (opportunity.isOpen()) {
                open.add(opportunity);
            }
        }
        RuleSet ruleSet = current.get();
        Instant now = now();
        List<GateDecision> evaluated = batches.evaluateAll(open,
                opportunity -> runner.gate(ruleSet, SessionRunner.nextGate(opportunity, now)));
        Map<OpportunityId, GateDecision> decisions = new LinkedHashMap<>();
        for (int i = 0; i < open.size(); i++) {
            decisions.put(open.get(i).id(), evaluated.get(i));
        }
        return decisions;
    }

    /** What the regression and disqualification rules recommend for this deal now. */
    public DealReview review(Opportunity opportunity) {
        Objects.requireNonNull(opportunity, "opportunity");
        return runner.review(current.get(), opportunity, now());
    }

    /** Reviews every deal with one rule set; deals with no recommendation are included, empty. */
    public List<DealReview> reviewAll(Collection<Opportunity> opportunities) {
        List<Opportunity> deals = requireNoNulls(opportunities);
        RuleSet ruleSet = current.get();
        Instant now = now();
        return batches.evaluateAll(deals, opportunity -> runner.review(ruleSet, opportunity, now));
    }

    /**
     * What the workflow hooks ask for now that the deal has entered its current stage: the deal's last
     * stage change is the entry. Empty for a deal that never changed stage.
     */
    public List<WorkflowAction> hooks(Opportunity opportunity) {
        Objects.requireNonNull(opportunity, "opportunity");
        return runner.hooks(current.get(), opportunity, now());
    }

    /** The alerts on this deal now, comparing time in stage with each stage's configured duration. */
    public List<Alert> alerts(Opportunity opportunity) {
        return alerts(opportunity, StageAverages.configured());
    }

    /** The alerts on this deal now, comparing time in stage with {@code averages}. */
    public List<Alert> alerts(Opportunity opportunity, StageAverages averages) {
        Objects.requireNonNull(opportunity, "opportunity");
        Objects.requireNonNull(averages, "averages");
        return runner.alerts(current.get(), opportunity, averages, now());
    }

    /**
     * Every alert on every deal now, with one rule set, deal by deal in the order given. Sweeping an
     * unchanged portfolio again gives equal alerts: nothing is duplicated.
     */
    public List<Alert> sweep(Collection<Opportunity> opportunities, StageAverages averages) {
        Objects.requireNonNull(opportunities, "opportunities");
        Objects.requireNonNull(averages, "averages");
        List<Opportunity> deals = requireNoNulls(opportunities);
        RuleSet ruleSet = current.get();
        Instant now = now();
        List<Alert> alerts = new ArrayList<>();
        for (List<Alert> ofDeal : batches.evaluateAll(deals, opportunity -> runner.alerts(ruleSet, opportunity,
                averages, now))) {
            alerts.addAll(ofDeal);
        }
        return alerts;
    }

    /**
     * The whole nightly sweep in one pass: every open deal's next gate, every deal's alerts and every
     * deal's regression and disqualification review, all with one rule set. Gives what
     * {@link #evaluateNextGates}, {@link #sweep} and {@link #reviewAll} give, but faster: each deal's
     * facts go into a session once and its three requests are answered together.
     *
     * <p>Deals are shared among {@link Builder#sweepParallelism(int) sweepParallelism} threads; results
     * keep the order of {@code opportunities}. If evaluating any deal fails, the failure of the first
     * such deal in that order is thrown and nothing is returned.
     *
     * <p>Every deal and every answer is in memory at once (docs/performance.md measures a deal with ten
     * pieces of evidence); the {@linkplain #sweepPortfolio(Iterator, StageAverages, Consumer) streaming
     * form} holds a window of deals at a time instead.
     */
    public PortfolioSweep sweepPortfolio(Collection<Opportunity> opportunities, StageAverages averages) {
        Objects.requireNonNull(averages, "averages");
        List<Opportunity> deals = requireNoNulls(opportunities);
        RuleSet ruleSet = current.get();
        Instant now = now();
        List<DealSweep> results = batches.evaluateAll(deals, opportunity -> runner.sweep(ruleSet, opportunity,
                averages, now));
        return PortfolioSweep.of(results, ruleSet.version());
    }

    /**
     * The nightly sweep of {@link #sweepPortfolio(Collection, StageAverages)} for a portfolio the host
     * reads from its storage as the sweep goes: deals are drawn from {@code deals} a window at a time (a
     * few thousand), answered, and handed to {@code answers} one {@link DealSweep} per deal in the deals'
     * order. Only one window of deals and answers is held at once, so the heap the sweep needs does not
     * grow with the portfolio. Every deal is answered with the rule set in force when the sweep starts.
     *
     * <p>{@code deals} is read and {@code answers} is called on the calling thread only; a window's
     * deals are evaluated by {@link Builder#sweepParallelism(int) sweepParallelism} threads. A failure
     * stops the sweep and is thrown: if evaluating deals of a window fails, the first failing deal's
     * failure in the deals' order. The answers of the windows before it have been handed over, none
     * of its own window or after it.
     *
     * @return how many deals were swept
     */
    public long sweepPortfolio(Iterator<? extends Opportunity> deals, StageAverages averages,
                               Consumer<? super DealSweep> answers) {
        Objects.requireNonNull(deals, "deals");
        Objects.requireNonNull(averages, "averages");
        Objects.requireNonNull(answers, "answers");
        RuleSet ruleSet = current.get();
        Instant now = now();
        int window = sweepWindow();
        List<Opportunity> batch = new ArrayList<>(window);
        long swept = 0;
        while (deals.hasNext()) {
            batch.clear();
            while (batch.size() < window && deals.hasNext()) {
                batch.add(Objects.requireNonNull(deals.next(), "deals must not contain null"));
            }
            for (DealSweep answer : batches.evaluateAll(batch, opportunity -> runner.sweep(ruleSet, opportunity,
                    averages, now))) {
                answers.accept(answer);
            }
            swept += batch.size();
        }
        return swept;
    }

    /** Deals drawn per window of the streaming sweep. */
    int sweepWindow() {
        return batches.window();
    }

    /** The clock's reading, refused by name when no date can be derived from it. */
    private Instant now() {
        return SupportedTime.require(clock.instant(), "clock");
    }

    private static List<Opportunity> requireNoNulls(Collection<Opportunity> opportunities) {
        Objects.requireNonNull(opportunities, "opportunities");
        List<Opportunity> deals = new ArrayList<>(opportunities.size());
        for (Opportunity opportunity : opportunities) {
            deals.add(Objects.requireNonNull(opportunity, "opportunities must not contain null"));
        }
        return deals;
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
        private Duration evaluationDeadline = DEFAULT_EVALUATION_DEADLINE;
        private int sweepParallelism = Runtime.getRuntime().availableProcessors();
        private Executor executor = ForkJoinPool.commonPool();

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

        /**
         * How long one evaluation may take before it fails naming the rule that was running; checked before
         * every firing and while joins try pairs of facts. {@link #DEFAULT_EVALUATION_DEADLINE} unless set.
         */
        public Builder evaluationDeadline(Duration deadline) {
            Objects.requireNonNull(deadline, "deadline");
            if (deadline.isNegative() || deadline.isZero()) {
                throw new InvalidValueException("evaluationDeadline", deadline, "must be positive");
            }
            this.evaluationDeadline = deadline;
            return this;
        }

        /** How many rule firings one evaluation may take before it fails as a runaway. */
        public Builder maxFiringsPerEvaluation(int maxFirings) {
            if (maxFirings < 1) {
                throw new InvalidValueException("maxFiringsPerEvaluation", maxFirings,
                        "must be at least 1");
            }
            this.maxFirings = maxFirings;
            return this;
        }

        /**
         * How many threads a sweep over many deals ({@link #sweepPortfolio}, {@link #sweep},
         * {@link #reviewAll}, {@link #evaluateNextGates}) uses: the calling thread and up to
         * {@code threads - 1} tasks of the {@link #executor(Executor) executor}. The number of processors
         * unless set; 1 keeps every sweep on the calling thread.
         */
        public Builder sweepParallelism(int threads) {
            if (threads < 1) {
                throw new InvalidValueException("sweepParallelism", threads, "must be at least 1");
            }
            this.sweepParallelism = threads;
            return this;
        }

        /**
         * Where the tasks of a sweep run, besides the calling thread: the host's own executor, such as a
         * bounded pool it monitors. {@link ForkJoinPool#commonPool()} unless set. A busy executor slows a
         * sweep (the calling thread works on meanwhile) but never stalls it.
         */
        public Builder executor(Executor executor) {
            this.executor = Objects.requireNonNull(executor, "executor");
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
