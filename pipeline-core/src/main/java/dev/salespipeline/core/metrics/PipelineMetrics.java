package dev.salespipeline.core.metrics;

import dev.salespipeline.core.InvalidValueException;
import dev.salespipeline.core.money.Money;
import dev.salespipeline.core.opportunity.Opportunity;
import dev.salespipeline.core.opportunity.OpportunityEvent.StageChanged;
import dev.salespipeline.core.opportunity.StageMove;
import dev.salespipeline.core.pipeline.Stage;
import dev.salespipeline.core.pipeline.StageKind;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Currency;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The numbers a sales leader steers by, for a set of deals as they stood at one instant. Every deal
 * is first rebuilt as of that instant ({@link Opportunity#asOf}); deals created later are left out.
 * Money figures are per currency ({@link MoneyTotals}); ratios have four decimal places, rounded
 * half-even. docs/metrics.md defines each figure with a worked example.
 *
 * <p>Immutable and thread-safe; computing it does not change the deals.
 */
public final class PipelineMetrics {

    private static final Set<StageMove> FORWARD = EnumSet.of(StageMove.ADVANCE, StageMove.WIN);
    private static final Set<StageMove> OUT = EnumSet.of(StageMove.NURTURE, StageMove.LOSE, StageMove.DISQUALIFY);
    private static final BigDecimal SECONDS_PER_DAY = BigDecimal.valueOf(86_400);

    private final Instant asOf;
    private final int dealCount;
    private final int openDeals;
    private final int nurturedDeals;
    private final int wonDeals;
    private final int lostDeals;
    private final int disqualifiedDeals;
    private final MoneyTotals openValue;
    private final MoneyTotals averageOpenDealSize;
    private final MoneyTotals weightedOpenValue;
    private final MoneyTotals wonValue;
    private final BigDecimal winRate;
    private final DurationStatistics salesCycle;
    private final DurationStatistics dealAge;
    private final Map<StageKey, DurationStatistics> timeInStage;
    private final Map<StageKey, StageConversion> conversion;
    private final BigDecimal regressionRate;
    private final List<ReasonCount> blockers;

    private PipelineMetrics(Instant asOf, List<Opportunity> deals) {
        this.asOf = asOf;
        this.dealCount = deals.size();
        List<Opportunity> open = ofKind(deals, StageKind.OPEN);
        List<Opportunity> won = ofKind(deals, StageKind.WON);
        this.openDeals = open.size();
        this.nurturedDeals = ofKind(deals, StageKind.NURTURE).size();
        this.wonDeals = won.size();
        this.lostDeals = ofKind(deals, StageKind.LOST).size();
        this.disqualifiedDeals = ofKind(deals, StageKind.DISQUALIFIED).size();
        this.openValue = MoneyTotals.sum(open.stream().map(PipelineMetrics::value).toList());
        this.averageOpenDealSize = average(openValue, open);
        this.weightedOpenValue = weighted(open);
        this.wonValue = MoneyTotals.sum(won.stream().map(PipelineMetrics::value).toList());
        this.winRate = wonDeals + lostDeals == 0 ? null : ratio(wonDeals, wonDeals + lostDeals);
        this.salesCycle = DurationStatistics.of(won.stream()
                .map(deal -> Duration.between(deal.createdAt(), deal.stageEnteredAt())).toList());
        this.dealAge = DurationStatistics.of(open.stream().map(deal -> Duration.between(deal.createdAt(), asOf)).toList());
        // Hashed while counting, ordered once at the end: a tree ordered by the key's text built two
        // strings per comparison, several comparisons for every stage change of every deal.
        Map<StageKey, List<Duration>> visits = new HashMap<>();
        Map<StageKey, int[]> exits = new HashMap<>();
        Map<List<Object>, Integer> reasons = new HashMap<>();
        int regressed = 0;
        for (Opportunity deal : deals) {
            Instant entered = deal.createdAt();
            boolean enteredByInference = false;
            boolean regressedOnce = false;
            for (StageChanged change : deal.stageChanges()) {
                Stage left = deal.pipeline().stage(change.from());
                StageKey key = new StageKey(deal.pipeline().id(), change.from());
                // An inferred move says where the deal ended, not when it left the stage before or how: that
                // visit's length and that exit are unknown, and counted neither way.
                boolean known = !change.inferred() && !enteredByInference;
                if (!left.isTerminal() && known) {
                    visits.computeIfAbsent(key, k -> new ArrayList<>()).add(Duration.between(entered, change.occurredAt()));
                }
                if (left.isOpen() && !change.inferred()) {
                    int[] counts = exits.computeIfAbsent(key, k -> new int[3]);
                    counts[FORWARD.contains(change.move()) ? 0 : change.move() == StageMove.REGRESS ? 1 : 2]++;
                }
                if (change.move() == StageMove.REGRESS || OUT.contains(change.move())) {
                    reasons.merge(List.of(change.move(), change.reason().strip().toLowerCase(java.util.Locale.ROOT)),
                            1, Integer::sum);
                }
                regressedOnce |= change.move() == StageMove.REGRESS;
                entered = change.occurredAt();
                enteredByInference = change.inferred();
            }
            regressed += regressedOnce ? 1 : 0;
        }
        Map<StageKey, DurationStatistics> stageTimes = new LinkedHashMap<>();
        for (StageKey key : byText(visits.keySet())) {
            stageTimes.put(key, DurationStatistics.of(visits.get(key)));
        }
        this.timeInStage = java.util.Collections.unmodifiableMap(stageTimes);
        Map<StageKey, StageConversion> conversions = new LinkedHashMap<>();
        for (StageKey key : byText(exits.keySet())) {
            int[] counts = exits.get(key);
            conversions.put(key, new StageConversion(key, counts[0], counts[1], counts[2]));
        }
        this.conversion = java.util.Collections.unmodifiableMap(conversions);
        this.regressionRate = dealCount == 0 ? null : ratio(regressed, dealCount);
        this.blockers = reasons.entrySet().stream()
                .map(entry -> new ReasonCount((StageMove) entry.getKey().get(0), (String) entry.getKey().get(1),
                        entry.getValue()))
                .sorted(Comparator.comparingInt(ReasonCount::count).reversed()
                        .thenComparing(ReasonCount::reason).thenComparing(ReasonCount::move))
                .toList();
    }

    /** Stage keys in the order reports list them: by their text, {@code pipeline/stage}. */
    private static List<StageKey> byText(java.util.Set<StageKey> keys) {
        List<StageKey> ordered = new ArrayList<>(keys);
        ordered.sort(Comparator.comparing(StageKey::toString));
        return ordered;
    }

    /** The metrics of {@code opportunities} as they stood at {@code asOf}. */
    public static PipelineMetrics of(Collection<Opportunity> opportunities, Instant asOf) {
        Objects.requireNonNull(opportunities, "opportunities");
        Objects.requireNonNull(asOf, "asOf");
        List<Opportunity> snapshot = new ArrayList<>();
        for (Opportunity opportunity : opportunities) {
            Objects.requireNonNull(opportunity, "opportunities must not contain null").asOf(asOf).ifPresent(snapshot::add);
        }
        return new PipelineMetrics(asOf, snapshot);
    }

    /**
     * The metrics per value of a dimension (pipeline, owner, segment, product…), each as of {@code asOf}.
     * A deal with several values (several products) counts in each; a deal with none, under "(none)".
     */
    public static Map<String, PipelineMetrics> breakdown(Collection<Opportunity> opportunities, Instant asOf,
                                                         Function<Opportunity, Collection<String>> dimension) {
        Objects.requireNonNull(opportunities, "opportunities");
        Objects.requireNonNull(dimension, "dimension");
        Map<String, List<Opportunity>> groups = new TreeMap<>();
        for (Opportunity opportunity : opportunities) {
            Optional<Opportunity> then = Objects.requireNonNull(opportunity, "opportunities must not contain null")
                    .asOf(Objects.requireNonNull(asOf, "asOf"));
            if (then.isPresent()) {
                Collection<String> values = dimension.apply(then.get());
                for (String value : values.isEmpty() ? List.of("(none)") : values) {
                    groups.computeIfAbsent(value, key -> new ArrayList<>()).add(then.get());
                }
            }
        }
        Map<String, PipelineMetrics> result = new LinkedHashMap<>();
        groups.forEach((value, deals) -> result.put(value, new PipelineMetrics(asOf, deals)));
        return java.util.Collections.unmodifiableMap(result);
    }

    /** The metrics at {@code from}, then every {@code step} until {@code to}: a trend, for example of velocity. */
    public static List<PipelineMetrics> trend(Collection<Opportunity> opportunities, Instant from, Instant to,
                                              Duration step) {
        Objects.requireNonNull(step, "step");
        requirePositive(step.isZero() || step.isNegative(), step);
        return trend(opportunities, from, to, index -> from.plus(step.multipliedBy(index)));
    }

    /**
     * The metrics at {@code from}, then every calendar {@code step} (UTC) until {@code to}: a monthly
     * trend is {@code trend(deals, start, end, Period.ofMonths(1))}, each point on the same day of the month.
     */
    public static List<PipelineMetrics> trend(Collection<Opportunity> opportunities, Instant from, Instant to,
                                              java.time.Period step) {
        Objects.requireNonNull(step, "step");
        requirePositive(step.isZero() || step.isNegative(), step);
        Objects.requireNonNull(from, "from");
        java.time.ZonedDateTime start = from.atZone(java.time.ZoneOffset.UTC);
        return trend(opportunities, from, to, index -> start.plus(step.multipliedBy(index)).toInstant());
    }

    private static void requirePositive(boolean notPositive, Object step) {
        if (notPositive) {
            throw new InvalidValueException("step", step, "must be positive");
        }
    }

    /** The metrics at point 0, 1, 2… of {@code pointAt}, while the point is not after {@code to}. */
    private static List<PipelineMetrics> trend(Collection<Opportunity> opportunities, Instant from, Instant to,
                                               java.util.function.IntFunction<Instant> pointAt) {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (to.isBefore(from)) {
            throw new InvalidValueException("to", to, "must not be before from (" + from + ")");
        }
        List<PipelineMetrics> points = new ArrayList<>();
        for (int index = 0; !pointAt.apply(index).isAfter(to); index++) {
            points.add(of(opportunities, pointAt.apply(index)));
        }
        return points;
    }

    private static List<Opportunity> ofKind(List<Opportunity> deals, StageKind kind) {
        return deals.stream().filter(deal -> deal.stage().kind() == kind).toList();
    }

    private static Money value(Opportunity deal) {
        return deal.details().value().amount();
    }

    private static BigDecimal ratio(int part, int whole) {
        return BigDecimal.valueOf(part).divide(BigDecimal.valueOf(whole), 4, RoundingMode.HALF_EVEN);
    }

    /** {@code totals}, the sum of the deals' values, divided per currency by how many deals are in it. */
    private static MoneyTotals average(MoneyTotals totals, List<Opportunity> deals) {
        Map<Currency, Integer> counts = new HashMap<>();
        deals.forEach(deal -> counts.merge(value(deal).currency(), 1, Integer::sum));
        return totals.map(total -> Money.of(
                total.amount().divide(BigDecimal.valueOf(counts.get(total.currency())),
                        total.currency().getDefaultFractionDigits(), RoundingMode.HALF_EVEN), total.currency()));
    }

    /** Σ value × stage probability, summed exactly and rounded once per currency. */
    private static MoneyTotals weighted(List<Opportunity> deals) {
        Map<Currency, BigDecimal> exact = new HashMap<>();
        for (Opportunity deal : deals) {
            exact.merge(value(deal).currency(),
                    value(deal).amount().multiply(deal.stage().defaultWinProbability().value()), BigDecimal::add);
        }
        return MoneyTotals.sum(exact.entrySet().stream().map(entry -> Money.of(entry.getValue()
                .setScale(entry.getKey().getDefaultFractionDigits(), RoundingMode.HALF_EVEN), entry.getKey())).toList());
    }

    public Instant asOf() {
        return asOf;
    }

    /** Deals that existed at {@link #asOf()}, in any stage. */
    public int dealCount() {
        return dealCount;
    }

    /** Deals in an open stage: the active pipeline. */
    public int openDeals() {
        return openDeals;
    }

    public int nurturedDeals() {
        return nurturedDeals;
    }

    public int wonDeals() {
        return wonDeals;
    }

    public int lostDeals() {
        return lostDeals;
    }

    public int disqualifiedDeals() {
        return disqualifiedDeals;
    }

    /** Total value of the open deals. */
    public MoneyTotals openValue() {
        return openValue;
    }

    /** Open value divided by the number of open deals, per currency, rounded half-even. */
    public MoneyTotals averageOpenDealSize() {
        return averageOpenDealSize;
    }

    /** Σ (value × the stage's default win probability) over open deals, rounded once per currency. */
    public MoneyTotals weightedOpenValue() {
        return weightedOpenValue;
    }

    /** Total value of the won deals. */
    public MoneyTotals wonValue() {
        return wonValue;
    }

    /** Won ÷ (won + lost); disqualified deals were never real opportunities and do not count. */
    public Optional<BigDecimal> winRate() {
        return Optional.ofNullable(winRate);
    }

    /** From creation to winning, over won deals. */
    public DurationStatistics salesCycle() {
        return salesCycle;
    }

    /** From creation to {@link #asOf()}, over open deals. */
    public DurationStatistics dealAge() {
        return dealAge;
    }

    /** Completed visits of each non-terminal stage, from entering to leaving it. */
    public Map<StageKey, DurationStatistics> timeInStage() {
        return timeInStage;
    }

    /** How deals left each open stage: forward, backward or out. */
    public Map<StageKey, StageConversion> conversion() {
        return conversion;
    }

    /** Share of deals that were regressed at least once. */
    public Optional<BigDecimal> regressionRate() {
        return Optional.ofNullable(regressionRate);
    }

    /** The reasons given for regressions, nurturing, losses and disqualifications, most frequent first. */
    public List<ReasonCount> blockers() {
        return blockers;
    }

    /**
     * Pipeline velocity per day: open value × win rate ÷ mean sales cycle in days, per currency
     * (open deals × average size = open value). Empty while there is no win rate or no won deal.
     */
    public MoneyTotals velocityPerDay() {
        if (winRate == null || salesCycle.count() == 0 || salesCycle.mean().isZero()) {
            return MoneyTotals.empty();
        }
        BigDecimal days = BigDecimal.valueOf(salesCycle.mean().toNanos())
                .divide(SECONDS_PER_DAY.multiply(BigDecimal.valueOf(1_000_000_000L)), 10, RoundingMode.HALF_EVEN);
        return openValue.map(total -> Money.of(total.amount().multiply(winRate)
                .divide(days, total.currency().getDefaultFractionDigits(), RoundingMode.HALF_EVEN), total.currency()));
    }

    /**
     * Open value ÷ the part of {@code target} not yet won, to two decimal places; most businesses want
     * 3 to 5. Empty when the target is already met or nothing is open in its currency.
     */
    public Optional<BigDecimal> coverage(Money target) {
        Objects.requireNonNull(target, "target");
        Money remaining = wonValue.get(target.currency()).map(target::minus).orElse(target);
        Optional<Money> open = openValue.get(target.currency());
        if (!remaining.isPositive() || open.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(open.get().amount().divide(remaining.amount(), 2, RoundingMode.HALF_EVEN));
    }

    /**
     * How many opportunities reaching the target takes: target ÷ (average open deal size × win rate),
     * rounded up to a whole opportunity. Empty without a win rate or open deals in that currency.
     */
    public Optional<BigDecimal> requiredOpportunities(Money target) {
        Objects.requireNonNull(target, "target");
        Optional<Money> average = averageOpenDealSize.get(target.currency());
        if (winRate == null || winRate.signum() == 0 || average.isEmpty() || average.get().isZero()) {
            return Optional.empty();
        }
        return Optional.of(target.amount().divide(average.get().amount().multiply(winRate), 0, RoundingMode.CEILING));
    }

    @Override
    public String toString() {
        return "PipelineMetrics[asOf=" + asOf + ", open=" + openDeals + " (" + openValue + "), weighted="
                + weightedOpenValue + ", winRate=" + winRate + "]";
    }
}
