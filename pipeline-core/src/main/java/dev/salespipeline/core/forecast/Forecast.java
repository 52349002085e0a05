package dev.salespipeline.core.forecast;

import dev.salespipeline.core.InvalidValueException;
import dev.salespipeline.core.metrics.MoneyTotals;
import dev.salespipeline.core.money.Money;
import dev.salespipeline.core.opportunity.Opportunity;
import dev.salespipeline.core.opportunity.OpportunityEvent;
import dev.salespipeline.core.pipeline.Probability;
import dev.salespipeline.core.pipeline.StageKind;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Currency;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * The revenue forecast for a period, made at an instant: what is already won in the period, plus the
 * expected value of the open deals expected to close in it, by category. Two variants: the
 * <em>full</em> forecast counts every open deal at its probability; the <em>conservative</em> one
 * counts only commit and best-case deals, each discounted by the historical slip rate (the share of
 * won deals that closed later than first expected). A Monte Carlo simulation gives the distribution.
 *
 * <p>Immutable and thread-safe. docs/metrics.md works an example through.
 */
public final class Forecast {

    private static final Set<ForecastCategory> CONSERVATIVE = EnumSet.of(ForecastCategory.COMMIT, ForecastCategory.BEST_CASE);

    private final LocalDate periodStart;
    private final LocalDate periodEnd;
    private final Instant madeAt;
    private final BigDecimal slipRate;
    private final MoneyTotals wonToDate;
    private final List<ForecastLine> lines;

    private Forecast(LocalDate periodStart, LocalDate periodEnd, Instant madeAt, BigDecimal slipRate,
                     MoneyTotals wonToDate, List<ForecastLine> lines) {
        this.periodStart = periodStart;
        this.periodEnd = periodEnd;
        this.madeAt = madeAt;
        this.slipRate = slipRate;
        this.wonToDate = wonToDate;
        this.lines = List.copyOf(lines);
    }

    /**
     * The forecast of {@code deals} for the period from {@code periodStart} to {@code periodEnd}
     * (inclusive, UTC days), as they stood at {@code madeAt}.
     *
     * @param probability the probability each deal is forecast at, for example {@code calibration::probabilityFor}
     * @param slipRate    the share of deals expected to slip out of the period, in [0, 1]
     */
    public static Forecast of(Collection<Opportunity> deals, LocalDate periodStart, LocalDate periodEnd, Instant madeAt,
                              Function<Opportunity, Probability> probability, ForecastRules rules, BigDecimal slipRate) {
        Objects.requireNonNull(deals, "deals");
        Objects.requireNonNull(periodStart, "periodStart");
        Objects.requireNonNull(periodEnd, "periodEnd");
        Objects.requireNonNull(madeAt, "madeAt");
        Objects.requireNonNull(probability, "probability");
        Objects.requireNonNull(rules, "rules");
        Objects.requireNonNull(slipRate, "slipRate");
        if (periodEnd.isBefore(periodStart)) {
            throw new InvalidValueException("periodEnd", periodEnd, "must not be before periodStart (" + periodStart + ")");
        }
        if (slipRate.signum() < 0 || slipRate.compareTo(BigDecimal.ONE) > 0) {
            throw new InvalidValueException("slipRate", slipRate, "must be between 0 and 1");
        }
        List<Money> won = new ArrayList<>();
        List<ForecastLine> lines = new ArrayList<>();
        for (Opportunity deal : deals) {
            Optional<Opportunity> then = Objects.requireNonNull(deal, "deals must not contain null").asOf(madeAt);
            if (then.isEmpty()) {
                continue;
            }
            Opportunity current = then.get();
            Money value = current.details().value().amount();
            if (current.stage().kind() == StageKind.WON && within(day(current.stageEnteredAt()), periodStart, periodEnd)) {
                won.add(value);
            } else if (current.isOpen() && within(current.details().expectedCloseDate(), periodStart, periodEnd)) {
                Probability p = Objects.requireNonNull(probability.apply(current), "probability returned null");
                lines.add(new ForecastLine(current.id(), value, p, current.details().repProbability().orElse(null),
                        rules.categoryOf(current, p), value.multipliedBy(p.value(), RoundingMode.HALF_EVEN)));
            }
        }
        lines.sort(Comparator.comparing(line -> line.opportunityId().value()));
        return new Forecast(periodStart, periodEnd, madeAt, slipRate, MoneyTotals.sum(won), lines);
    }

    /**
     * The share of deals won by {@code asOf} that were won after the expected close date they were
     * first given, to four decimal places; zero when none was won. The articles' "40–60% of forecast
     * deals do not close on time", measured on the host's own history. Deals whose win was inferred by
     * an import without stage history are left out: their first expected close date is unknown.
     */
    public static BigDecimal slipRate(Collection<Opportunity> deals, Instant asOf) {
        Objects.requireNonNull(deals, "deals");
        int won = 0;
        int slipped = 0;
        for (Opportunity deal : deals) {
            Optional<Opportunity> then = Objects.requireNonNull(deal, "deals must not contain null").asOf(asOf);
            if (then.isPresent() && then.get().stage().kind() == StageKind.WON && !wonByInference(then.get())) {
                won++;
                LocalDate firstExpected = ((OpportunityEvent.Created) then.get().history().get(0)).details()
                        .expectedCloseDate();
                slipped += day(then.get().stageEnteredAt()).isAfter(firstExpected) ? 1 : 0;
            }
        }
        return won == 0 ? BigDecimal.ZERO.setScale(4)
                : BigDecimal.valueOf(slipped).divide(BigDecimal.valueOf(won), 4, RoundingMode.HALF_EVEN);
    }

    /**
     * A win inferred by an import without stage history: the deal was created with its actual close date,
     * so its first expectation is unknown and it says nothing about slipping.
     */
    private static boolean wonByInference(Opportunity won) {
        List<OpportunityEvent.StageChanged> changes = won.stageChanges();
        return !changes.isEmpty() && changes.get(changes.size() - 1).inferred();
    }

    private static LocalDate day(Instant instant) {
        return LocalDate.ofInstant(instant, ZoneOffset.UTC);
    }

    private static boolean within(LocalDate day, LocalDate start, LocalDate end) {
        return !day.isBefore(start) && !day.isAfter(end);
    }

    public LocalDate periodStart() {
        return periodStart;
    }

    public LocalDate periodEnd() {
        return periodEnd;
    }

    public Instant madeAt() {
        return madeAt;
    }

    public BigDecimal slipRate() {
        return slipRate;
    }

    /** Won within the period by the time the forecast was made. */
    public MoneyTotals wonToDate() {
        return wonToDate;
    }

    /** Every open deal expected to close in the period, by id. */
    public List<ForecastLine> lines() {
        return lines;
    }

    /** Σ expected value per category. */
    public Map<ForecastCategory, MoneyTotals> expectedByCategory() {
        Map<ForecastCategory, MoneyTotals> byCategory = new EnumMap<>(ForecastCategory.class);
        for (ForecastCategory category : ForecastCategory.values()) {
            byCategory.put(category, MoneyTotals.sum(lines.stream().filter(line -> line.category() == category)
                    .map(ForecastLine::expected).toList()));
        }
        return byCategory;
    }

    /** Won to date + Σ expected value of every open deal expected to close in the period. */
    public MoneyTotals full() {
        List<Money> parts = new ArrayList<>(wonToDate.byCurrency().values());
        lines.forEach(line -> parts.add(line.expected()));
        return MoneyTotals.sum(parts);
    }

    /**
     * Won to date + Σ expected value of commit and best-case deals × (1 − slip rate), each rounded
     * half-even: the risk-adjusted forecast to steer by.
     */
    public MoneyTotals conservative() {
        BigDecimal stays = BigDecimal.ONE.subtract(slipRate);
        List<Money> parts = new ArrayList<>(wonToDate.byCurrency().values());
        lines.stream().filter(line -> CONSERVATIVE.contains(line.category()))
                .forEach(line -> parts.add(line.expected().multipliedBy(stays, RoundingMode.HALF_EVEN)));
        return MoneyTotals.sum(parts);
    }

    /**
     * Simulates the period's revenue per currency: in each trial every open deal closes in the period
     * with probability p × (1 − slip rate). Reproducible: the same seed gives the same distribution,
     * whatever order the deals were given in and however many processors ran it.
     *
     * <p>Large simulations run their blocks of trials in parallel on the common fork-join pool.
     *
     * @throws ArithmeticException if a trial's revenue in one currency could exceed a {@code long} of
     *                             its minor units
     */
    public Map<Currency, RevenueDistribution> simulate(int trials, long seed) {
        if (trials < 1 || trials > 10_000_000) {
            throw new InvalidValueException("trials", trials, "must be between 1 and 10000000");
        }
        Set<Currency> currencies = new java.util.TreeSet<>(Comparator.comparing(Currency::getCurrencyCode));
        currencies.addAll(wonToDate.byCurrency().keySet());
        lines.forEach(line -> currencies.add(line.value().currency()));
        BigDecimal stays = BigDecimal.ONE.subtract(slipRate);
        Map<Currency, RevenueDistribution> result = new LinkedHashMap<>();
        for (Currency currency : currencies) {
            int digits = currency.getDefaultFractionDigits();
            List<ForecastLine> inCurrency = lines.stream().filter(line -> line.value().currency().equals(currency)).toList();
            long[] values = inCurrency.stream().mapToLong(line -> line.value().amount().movePointRight(digits)
                    .longValueExact()).toArray();
            long[] thresholds = inCurrency.stream().mapToLong(line -> drawThreshold(line.probability().value()
                    .multiply(stays))).toArray();
            long base = wonToDate.get(currency).map(money -> money.amount().movePointRight(digits).longValueExact())
                    .orElse(0L);
            long everythingCloses = base;
            for (long value : values) {
                everythingCloses = Math.addExact(everythingCloses, value);
            }
            // One stream per currency, split from the seed, so adding a currency does not change another's draws.
            long[] outcomes = simulateTrials(trials, new SplittableRandom(seed ^ currency.getCurrencyCode().hashCode()),
                    base, values, thresholds);
            BigDecimal total = BigDecimal.ZERO;
            for (long outcome : outcomes) {
                total = total.add(BigDecimal.valueOf(outcome));
            }
            java.util.Arrays.sort(outcomes);
            result.put(currency, new RevenueDistribution(minor(outcomes[rank(trials, 10)], currency),
                    minor(outcomes[rank(trials, 50)], currency), minor(outcomes[rank(trials, 90)], currency),
                    Money.of(total.divide(BigDecimal.valueOf(trials), 0, RoundingMode.HALF_EVEN).movePointLeft(digits),
                            currency), trials, seed));
        }
        return result;
    }

    /**
     * Trials per block of the simulation. Each block draws from its own stream, split from the
     * currency's stream in block order, so the result is the same whichever thread runs a block.
     */
    private static final int TRIALS_PER_BLOCK = 1_000;
    /** Below this many draws a simulation is quicker on the calling thread than shared out. */
    private static final long PARALLEL_FROM_DRAWS = 2_000_000;
    private static final BigDecimal TWO_TO_THE_53 = new BigDecimal(1L << 53);

    /**
     * A deal closes in a trial when a uniform 53-bit draw falls below this threshold: exactly the chance
     * {@code ceil(chance × 2^53) / 2^53}, without converting the chance to a double.
     */
    private static long drawThreshold(BigDecimal chance) {
        return chance.multiply(TWO_TO_THE_53).setScale(0, RoundingMode.CEILING).longValueExact();
    }

    private static long[] simulateTrials(int trials, SplittableRandom currencyStream, long base, long[] values,
                                         long[] thresholds) {
        int blocks = (trials + TRIALS_PER_BLOCK - 1) / TRIALS_PER_BLOCK;
        SplittableRandom[] streams = new SplittableRandom[blocks];
        for (int block = 0; block < blocks; block++) {
            streams[block] = currencyStream.split();
        }
        long[] outcomes = new long[trials];
        java.util.stream.IntStream blockIndexes = java.util.stream.IntStream.range(0, blocks);
        if ((long) trials * values.length >= PARALLEL_FROM_DRAWS) {
            blockIndexes = blockIndexes.parallel();
        }
        blockIndexes.forEach(block -> {
            int from = block * TRIALS_PER_BLOCK;
            int to = Math.min(trials, from + TRIALS_PER_BLOCK);
            SplittableRandom random = streams[block];
            java.util.Arrays.fill(outcomes, from, to, base);
            // Deal by deal over the block's trials: the block's sums stay in cache, and the mask adds a
            // deal's value without a branch the processor would mispredict half the time.
            for (int index = 0; index < values.length; index++) {
                long value = values[index];
                long threshold = thresholds[index];
                for (int trial = from; trial < to; trial++) {
                    long closes = ((random.nextLong() >>> 11) - threshold) >> 63;
                    outcomes[trial] += value & closes;
                }
            }
        });
        return outcomes;
    }

    /** Nearest-rank index of a percentile in a sorted array. */
    private static int rank(int count, int percentile) {
        return Math.max(0, (int) Math.ceil(percentile / 100.0 * count) - 1);
    }

    private static Money minor(long units, Currency currency) {
        return Money.of(BigDecimal.valueOf(units).movePointLeft(currency.getDefaultFractionDigits()), currency);
    }

    @Override
    public String toString() {
        return "Forecast[" + periodStart + ".." + periodEnd + " at " + madeAt + ": full " + full() + ", conservative "
                + conservative() + "]";
    }
}
