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
import dev.salespipeline.rules.internal.sandbox.EvaluationBudget;

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
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
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
 * re-firing cannot hang the caller. Sweeps over many deals share them among up to
 * {@link Builder#sweepParallelism(int)} threads, the caller's included, and answer in the deals' order;
 * {@link #sweepPortfolio(Collection, dev.salespipeline.core.metrics.StageAverages) sweepPortfolio}
 * answers a whole nightly sweep in one pass, and its streaming form
 * {@link #sweepPortfolio(java.util.Iterator, dev.salespipeline.core.metrics.StageAverages, java.util.function.Consumer)
 * sweepPortfolio} does so for a portfolio read from storage as it goes, holding a window of deals at a time.
 */
public final class PipelineRules implements GateEvaluator {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(PipelineRules.class);

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
    private final int maxFirings;
    private final Duration evaluationDeadline;
    private final int sweepParallelism;
    private final AtomicReference<RuleSet> current;
    private final Object reloadLock = new Object();

    private PipelineRules(Builder builder, RuleSet initial) {
        this.sources = builder.sources;
        this.sandbox = builder.sandbox;
        this.clock = builder.clock;
        this.maxFirings = builder.maxFirings;
        this.evaluationDeadline = builder.evaluationDeadline;
        this.sweepParallelism = builder.sweepParallelism;
        this.current = new AtomicReference<>(initial);
    }

    /** The clock's reading, refused by name when no date can be derived from it. */
    private Instant now() {
        return dev.salespipeline.core.SupportedTime.require(clock.instant(), "clock");
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
        Instant now = now();
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
        List<Opportunity> open = openDeals(requireNoNulls(opportunities));
        RuleSet ruleSet = current.get();
        Instant now = now();
        List<GateDecision> evaluated = evaluateAll(open, opportunity -> evaluateGate(ruleSet, nextGate(opportunity, now)));
        Map<OpportunityId, GateDecision> decisions = new LinkedHashMap<>();
        for (int i = 0; i < open.size(); i++) {
            decisions.put(open.get(i).id(), evaluated.get(i));
        }
        return decisions;
    }

    /** What the regression and disqualification rules recommend for this deal now. */
    public DealReview review(Opportunity opportunity) {
        Objects.requireNonNull(opportunity, "opportunity");
        return review(current.get(), opportunity, now());
    }

    /** Reviews every deal with one rule set; deals with no recommendation are included, empty. */
    public List<DealReview> reviewAll(Collection<Opportunity> opportunities) {
        List<Opportunity> deals = requireNoNulls(opportunities);
        RuleSet ruleSet = current.get();
        Instant now = now();
        return evaluateAll(deals, opportunity -> review(ruleSet, opportunity, now));
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
        Instant now = now();
        Findings findings = new Findings(opportunity.pipeline(), opportunity.id(), opportunity.stage());
        dev.salespipeline.rules.facts.StageEntry request = new dev.salespipeline.rules.facts.StageEntry(
                opportunity.id().value(), opportunity.pipeline().id().value(), opportunity.stageId().value(),
                opportunity.stage().kind().name(), entry.from().value(), entry.move().name(),
                opportunity.details().owner(), LocalDate.ofInstant(now, ZoneOffset.UTC), findings);
        run(ruleSet, opportunity, now, List.of(request), findings);
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
        return alerts(current.get(), opportunity, averages, now());
    }

    /**
     * Every alert on every deal now, with one rule set, deal by deal in the order given. Sweeping an
     * unchanged portfolio again gives equal alerts: nothing is duplicated.
     */
    public List<Alert> sweep(Collection<Opportunity> opportunities, dev.salespipeline.core.metrics.StageAverages averages) {
        Objects.requireNonNull(opportunities, "opportunities");
        Objects.requireNonNull(averages, "averages");
        List<Opportunity> deals = requireNoNulls(opportunities);
        RuleSet ruleSet = current.get();
        Instant now = now();
        List<Alert> alerts = new ArrayList<>();
        for (List<Alert> ofDeal : evaluateAll(deals, opportunity -> alerts(ruleSet, opportunity, averages, now))) {
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
     * <p>Every deal and every answer is in memory at once (about 3.7 KB a deal with ten pieces of
     * evidence); the {@linkplain #sweepPortfolio(java.util.Iterator, dev.salespipeline.core.metrics.StageAverages,
     * java.util.function.Consumer) streaming form} holds a window of deals at a time instead.
     */
    public PortfolioSweep sweepPortfolio(Collection<Opportunity> opportunities,
                                         dev.salespipeline.core.metrics.StageAverages averages) {
        Objects.requireNonNull(averages, "averages");
        List<Opportunity> deals = requireNoNulls(opportunities);
        RuleSet ruleSet = current.get();
        Instant now = now();
        List<DealSweep> results = evaluateAll(deals, opportunity -> sweepDeal(ruleSet, opportunity, averages, now));
        return PortfolioSweep.of(results, ruleSet.version());
    }

    /**
     * The nightly sweep of {@link #sweepPortfolio(Collection, dev.salespipeline.core.metrics.StageAverages)}
     * for a portfolio the host reads from its storage as the sweep goes: deals are drawn from
     * {@code deals} a window at a time (a few thousand), answered, and handed to {@code answers} one
     * {@link DealSweep} per deal in the deals' order. Only one window of deals and answers is held at
     * once, so the heap the sweep needs does not grow with the portfolio. Every deal is answered with
     * the rule set in force when the sweep starts.
     *
     * <p>{@code deals} is read and {@code answers} is called on the calling thread only; a window's
     * deals are evaluated by {@link Builder#sweepParallelism(int) sweepParallelism} threads. A failure
     * stops the sweep and is thrown: if evaluating deals of a window fails, the first failing deal's
     * failure in the deals' order. The answers of the windows before it have been handed over, none
     * of its own window or after it.
     *
     * @return how many deals were swept
     */
    public long sweepPortfolio(java.util.Iterator<? extends Opportunity> deals,
                               dev.salespipeline.core.metrics.StageAverages averages,
                               java.util.function.Consumer<? super DealSweep> answers) {
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
            for (DealSweep answer : evaluateAll(batch, opportunity -> sweepDeal(ruleSet, opportunity, averages, now))) {
                answers.accept(answer);
            }
            swept += batch.size();
        }
        return swept;
    }

    /**
     * Deals drawn per window of the streaming sweep. At a window's end a thread waits for the others'
     * last chunks, about half a chunk each: eight chunks a thread keep that wait near a sixteenth,
     * while a window's deals and answers stay a few tens of megabytes.
     */
    int sweepWindow() {
        return SWEEP_CHUNK * 8 * sweepParallelism;
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
        // A periodic task that throws is cancelled for good: nothing may escape this one.
        watcher.scheduleWithFixedDelay(() -> {
            try {
                Map<Path, List<Object>> now = snapshot();
                if (!now.equals(seen.getAndSet(now))) {
                    RuleSet reloaded;
                    try {
                        reloaded = reload();
                    } catch (RuleLoadException problem) {
                        listener.failed(problem);
                        return;
                    } catch (RuntimeException | Error unforeseen) {
                        listener.failed(new RuleLoadException(List.of(new RuleProblem("(rule sources)", 0,
                                "reloading failed: " + unforeseen)), unforeseen));
                        return;
                    }
                    listener.reloaded(reloaded);
                }
            } catch (RuntimeException | Error listenerFailure) {
                LOG.warn("A rule watch listener failed; watching goes on", listenerFailure);
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
        run(ruleSet, opportunity, request.now(), List.of(gateCheck(request, findings)), findings);
        return gateDecision(ruleSet, findings);
    }

    private DealReview review(RuleSet ruleSet, Opportunity opportunity, Instant now) {
        Findings findings = new Findings(opportunity.pipeline(), opportunity.id(), opportunity.stage());
        run(ruleSet, opportunity, now, List.of(reviewRequest(opportunity, now, findings)), findings);
        return dealReview(ruleSet, opportunity, findings);
    }

    private List<Alert> alerts(RuleSet ruleSet, Opportunity opportunity,
                               dev.salespipeline.core.metrics.StageAverages averages, Instant now) {
        Findings findings = new Findings(opportunity.pipeline(), opportunity.id(), opportunity.stage());
        run(ruleSet, opportunity, now, List.of(alertSweep(opportunity, averages, now, findings)), findings);
        return List.copyOf(findings.alerts());
    }

    /**
     * One session run answers all three requests. Each request's rules report through their own
     * methods (unmet, raise, recommend...), so sharing the findings keeps the answers apart.
     */
    private DealSweep sweepDeal(RuleSet ruleSet, Opportunity opportunity,
                                dev.salespipeline.core.metrics.StageAverages averages, Instant now) {
        Findings findings = new Findings(opportunity.pipeline(), opportunity.id(), opportunity.stage());
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

    private static GateRequest nextGate(Opportunity opportunity, Instant now) {
        return new GateRequest(opportunity, opportunity.stage(),
                opportunity.pipeline().nextOnTrack(opportunity.stageId()), now);
    }

    private static GateCheck gateCheck(GateRequest request, Findings findings) {
        Opportunity opportunity = request.opportunity();
        return new GateCheck(opportunity.id().value(), opportunity.pipeline().id().value(),
                request.exiting().id().value(), request.entering().id().value(), request.entering().displayName(),
                names(request.entering().requiredFields()), names(opportunity.missingFields(request.entering())),
                LocalDate.ofInstant(request.now(), ZoneOffset.UTC), findings);
    }

    private static Review reviewRequest(Opportunity opportunity, Instant now, Findings findings) {
        return new Review(opportunity.id().value(), opportunity.pipeline().id().value(),
                opportunity.stageId().value(), opportunity.stage().kind().name(),
                opportunity.pipeline().trackPosition(opportunity.stageId()), LocalDate.ofInstant(now, ZoneOffset.UTC),
                findings);
    }

    private static dev.salespipeline.rules.facts.AlertSweep alertSweep(
            Opportunity opportunity, dev.salespipeline.core.metrics.StageAverages averages, Instant now,
            Findings findings) {
        Duration average = averages.averageFor(opportunity);
        // Whole days, rounded half up, and at least one: a zero average would put every deal on alert.
        long averageDays = Math.max(1, (average.toHours() + 12) / 24);
        dev.salespipeline.core.metrics.DayCount dayCount = averages.dayCount();
        return new dev.salespipeline.rules.facts.AlertSweep(
                opportunity.id().value(), opportunity.pipeline().id().value(), opportunity.stageId().value(),
                opportunity.stage().kind().name(), averageDays, dayCount.between(opportunity.stageEnteredAt(), now),
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

    private static GateDecision gateDecision(RuleSet ruleSet, Findings findings) {
        return GateDecision.of(deduplicate(findings.unmet()), ruleSet.version());
    }

    private static DealReview dealReview(RuleSet ruleSet, Opportunity opportunity, Findings findings) {
        return new DealReview(opportunity.id(), findings.regressions(), findings.disqualifications(), ruleSet.version());
    }

    private static List<Opportunity> requireNoNulls(Collection<Opportunity> opportunities) {
        Objects.requireNonNull(opportunities, "opportunities");
        List<Opportunity> deals = new ArrayList<>(opportunities.size());
        for (Opportunity opportunity : opportunities) {
            deals.add(Objects.requireNonNull(opportunity, "opportunities must not contain null"));
        }
        return deals;
    }

    private static List<Opportunity> openDeals(List<Opportunity> deals) {
        List<Opportunity> open = new ArrayList<>();
        for (Opportunity opportunity : deals) {
            if (opportunity.isOpen()) {
                open.add(opportunity);
            }
        }
        return open;
    }

    /**
     * Deals handed out in chunks, so that a thread that draws slow deals does not hold the others up.
     * Small enough to balance two to a few dozen threads over a few thousand deals.
     */
    private static final int SWEEP_CHUNK = 256;

    /**
     * Evaluates every deal, in parallel when the sweep allows it, and returns the answers in the deals'
     * order. The calling thread works too (with one thread or one chunk, it does it all) and waits only
     * for chunks other threads took: helpers that start late find no work, so a busy common pool slows
     * the sweep but never stalls it.
     *
     * <p>A failure stops the chunks after it from starting; those before it still run, so the failure
     * thrown is the first deal's in the deals' order, as a sequential sweep would throw.
     */
    private <T> List<T> evaluateAll(List<Opportunity> deals, java.util.function.Function<Opportunity, T> evaluation) {
        int size = deals.size();
        int chunks = (size + SWEEP_CHUNK - 1) / SWEEP_CHUNK;
        int helpers = Math.min(sweepParallelism, chunks) - 1;
        Object[] answers = new Object[size];
        Throwable[] failures = new Throwable[chunks];
        java.util.concurrent.atomic.AtomicInteger nextChunk = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger firstFailedChunk = new java.util.concurrent.atomic.AtomicInteger(chunks);
        java.util.concurrent.CountDownLatch finished = new java.util.concurrent.CountDownLatch(chunks);
        Runnable worker = () -> {
            for (int chunk = nextChunk.getAndIncrement(); chunk < chunks; chunk = nextChunk.getAndIncrement()) {
                try {
                    if (chunk < firstFailedChunk.get()) {
                        for (int i = chunk * SWEEP_CHUNK, end = Math.min(size, i + SWEEP_CHUNK); i < end; i++) {
                            answers[i] = evaluation.apply(deals.get(i));
                        }
                    }
                } catch (RuntimeException | Error e) {
                    failures[chunk] = e;
                    firstFailedChunk.accumulateAndGet(chunk, Math::min);
                } finally {
                    finished.countDown();
                }
            }
        };
        for (int i = 0; i < helpers; i++) {
            java.util.concurrent.ForkJoinPool.commonPool().execute(worker);
        }
        worker.run();
        awaitUninterruptibly(finished);
        for (Throwable failure : failures) {
            if (failure instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (failure instanceof Error error) {
                throw error;
            }
        }
        List<T> results = new ArrayList<>(size);
        for (Object answer : answers) {
            @SuppressWarnings("unchecked")
            T typed = (T) answer;
            results.add(typed);
        }
        return results;
    }

    /** The chunks other threads took finish soon; an interrupt is kept for the caller, not lost. */
    private static void awaitUninterruptibly(java.util.concurrent.CountDownLatch latch) {
        boolean interrupted = false;
        while (true) {
            try {
                latch.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
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

    private void run(RuleSet ruleSet, Opportunity opportunity, Instant now, List<Object> requests, Findings findings) {
        RuleSet.PooledSession pooled = ruleSet.borrow(findings);
        KieSession session = pooled.session;
        Map<String, Integer> firings = pooled.firings;
        List<org.kie.api.runtime.rule.FactHandle> inserted = new ArrayList<>();
        boolean clean = false;
        // The limit is per request, so answering a deal's requests together allows what answering them apart would.
        int limit = maxFirings * requests.size();
        EvaluationBudget.begin(evaluationDeadline.multipliedBy(requests.size()), MAX_JOIN_CHECKS * requests.size());
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
            for (org.kie.api.runtime.rule.FactHandle handle : inserted) {
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
                throw new RuleEvaluationException(rule, "Evaluation of deal '" + opportunity.id() + "' stopped: " + rule
                        + " " + exceeded.getMessage() + " (" + evaluationDeadline.toMillis() + " ms and "
                        + MAX_JOIN_CHECKS + " pairs per request).\nMaybe its patterns match every combination of the"
                        + " deal's facts: link each pattern to the ones before it.", e);
            }
            Throwable cause = causeOfType(e, Findings.RuleContractException.class);
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
                throw new dev.salespipeline.core.InvalidValueException("evaluationDeadline", deadline, "must be positive");
            }
            this.evaluationDeadline = deadline;
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
         * How many threads a sweep over many deals ({@link #sweepPortfolio}, {@link #sweep},
         * {@link #reviewAll}, {@link #evaluateNextGates}) uses: the calling thread and up to
         * {@code threads - 1} tasks in {@link java.util.concurrent.ForkJoinPool#commonPool()}. The number
         * of processors unless set; 1 keeps every sweep on the calling thread.
         */
        public Builder sweepParallelism(int threads) {
            if (threads < 1) {
                throw new dev.salespipeline.core.InvalidValueException("sweepParallelism", threads, "must be at least 1");
            }
            this.sweepParallelism = threads;
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
