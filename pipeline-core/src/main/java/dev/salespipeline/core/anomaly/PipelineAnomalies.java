package dev.salespipeline.core.anomaly;

import dev.salespipeline.core.InvalidValueException;
import dev.salespipeline.core.money.Money;
import dev.salespipeline.core.opportunity.Opportunity;
import dev.salespipeline.core.opportunity.OpportunityEvent;
import dev.salespipeline.core.opportunity.OpportunityEvent.StageChanged;
import dev.salespipeline.core.opportunity.StageMove;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Finds the weeks a pipeline behaved unlike itself. Each figure is computed per week (Monday to Sunday,
 * UTC) from the deals' histories and compared with the same figure over the baseline weeks before it: a
 * z-score, (value − median) ÷ spread, where the spread is the baseline's standard deviation estimated
 * robustly (1.4826 × MAD, or 1.2533 × the mean absolute deviation when the MAD is zero) and never less
 * than the noise the figure has by its nature: a count by its square root (Poisson), the median time of n
 * exits by the exits' own spread ÷ √n, a rep's pipeline by one typical deal of his. A conversion share of
 * a handful of deals is judged by its exact binomial chance instead. Flagged beyond the threshold (3.5 by
 * default). A series starts at its first observation (weeks before a stage, a rep or a pipeline had
 * anything are not weeks of zero), needs {@value #MINIMUM_WEEKS} baseline weeks, and time in stage is
 * judged only in weeks with {@value #MINIMUM_EXITS} exits, so a young pipeline raises nothing.
 *
 * <p>Stateless and thread-safe. Cost: one pass over every history per figure, and for rep pipeline
 * growth one as-of snapshot per deal and week.
 */
public final class PipelineAnomalies {

    /** The default threshold on the robust z-score. */
    public static final BigDecimal DEFAULT_THRESHOLD = new BigDecimal("3.5");
    /** Baseline weeks a figure needs before it can be judged. */
    public static final int MINIMUM_WEEKS = 6;
    /** Deals that must leave a stage in the judged week for its time in stage to be judged. */
    public static final int MINIMUM_EXITS = 3;

    /** 1 ÷ 0.6745: the median absolute deviation of normal data times this is its standard deviation. */
    private static final BigDecimal MAD_TO_SD = new BigDecimal("1.4826");
    /** √(π ÷ 2): the mean absolute deviation of normal data times this is its standard deviation. */
    private static final BigDecimal MEAN_DEVIATION_TO_SD = new BigDecimal("1.2533");
    /** Time in stage within a tenth of the usual is never unusual. */
    private static final BigDecimal TIME_FLOOR_SHARE = new BigDecimal("0.1");
    private static final MathContext PRECISION = MathContext.DECIMAL64;

    private PipelineAnomalies() {
    }

    /** The anomalies of the week holding {@code day}, against the 12 weeks before it, beyond 3.5. */
    public static List<Anomaly> detect(Collection<Opportunity> deals, LocalDate day) {
        return detect(deals, day, 12, DEFAULT_THRESHOLD);
    }

    /**
     * The anomalies of the week holding {@code day}, against the {@code baselineWeeks} weeks before it,
     * whose robust z-score is beyond {@code threshold} (in either direction, but growth only upwards),
     * largest first.
     */
    public static List<Anomaly> detect(Collection<Opportunity> deals, LocalDate day, int baselineWeeks,
                                       BigDecimal threshold) {
        Objects.requireNonNull(deals, "deals");
        Objects.requireNonNull(day, "day");
        Objects.requireNonNull(threshold, "threshold");
        if (baselineWeeks < MINIMUM_WEEKS) {
            throw new InvalidValueException("baselineWeeks", baselineWeeks, "must be at least " + MINIMUM_WEEKS);
        }
        if (threshold.signum() <= 0) {
            throw new InvalidValueException("threshold", threshold, "must be positive");
        }
        LocalDate week = day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
        LocalDate first = week.minusWeeks(baselineWeeks);
        Series series = new Series();
        for (Opportunity deal : deals) {
            collectStageFigures(Objects.requireNonNull(deal, "deals must not contain null"), series);
        }
        collectRepGrowth(deals, first, week, series);

        List<Anomaly> anomalies = new ArrayList<>();
        series.values.forEach((key, byWeek) -> {
            // A series starts at its first observation: weeks before a stage, a rep or the pipeline itself
            // existed are not weeks of zero, or every young pipeline would look like a surge.
            LocalDate observedFrom = byWeek.firstKey();
            if (observedFrom.isAfter(week)) {
                return;
            }
            List<BigDecimal> judgedValues = byWeek.get(week);
            List<BigDecimal> baseline = new ArrayList<>();
            List<BigDecimal> samples = new ArrayList<>();
            for (LocalDate baselineWeek = first; baselineWeek.isBefore(week); baselineWeek = baselineWeek.plusWeeks(1)) {
                List<BigDecimal> values = byWeek.get(baselineWeek);
                if (values != null) {
                    baseline.add(key.kind.aggregate(values));
                    samples.addAll(values);
                } else if (key.kind.countsZeroWeeks && !baselineWeek.isBefore(observedFrom)) {
                    baseline.add(BigDecimal.ZERO);
                }
            }
            BigDecimal value = judgedValues != null ? key.kind.aggregate(judgedValues)
                    : key.kind.countsZeroWeeks ? BigDecimal.ZERO : null;
            if (value == null || baseline.size() < MINIMUM_WEEKS) {
                return;
            }
            int judgedCount = judgedValues == null ? 0 : judgedValues.size();
            if (key.kind == Figure.TIME_IN_STAGE && judgedCount < MINIMUM_EXITS) {
                // The median of one or two deals says how those deals went, not how the stage behaves.
                return;
            }
            score(key, week, value, judgedCount, baseline, samples, series.typicalDeal(key.subject), threshold)
                    .ifPresent(anomalies::add);
        });
        anomalies.sort(Comparator.comparing((Anomaly anomaly) -> anomaly.score().abs()).reversed()
                .thenComparing(Anomaly::subject));
        return anomalies;
    }

    /**
     * The robust z-score of the judged week: (value − median) ÷ spread, where the spread is the baseline's
     * standard deviation estimated robustly (1.4826 × MAD; 1.2533 × the mean absolute deviation when the
     * MAD is zero), raised to the figure's own noise floor. Without the floor a quiet series (a count that
     * is usually 0 or 1, a share of two deals) makes ordinary chance look extraordinary.
     */
    private static Optional<Anomaly> score(Key key, LocalDate week, BigDecimal value, int judgedCount,
                                           List<BigDecimal> baseline, List<BigDecimal> samples, BigDecimal typicalDeal,
                                           BigDecimal threshold) {
        BigDecimal median = median(baseline);
        BigDecimal spread;
        BigDecimal score;
        if (key.kind == Figure.CONVERSION) {
            // A share of a handful of deals: judged by the exact binomial chance of so few (or so many) moving
            // forward, given the baseline's share, expressed as the z-score with the same tail probability.
            long forward = samples.stream().filter(sample -> sample.signum() > 0).count();
            double usual = (forward + 1.0) / (samples.size() + 2.0);
            int movedForward = value.multiply(BigDecimal.valueOf(judgedCount)).setScale(0, RoundingMode.HALF_EVEN)
                    .intValueExact();
            spread = BigDecimal.valueOf(Math.sqrt(usual * (1 - usual) / judgedCount)).round(PRECISION);
            score = BigDecimal.valueOf(binomialZ(movedForward, judgedCount, usual));
        } else {
            spread = robustSpread(baseline).max(key.kind.noiseFloor(baseline, samples, median, typicalDeal, judgedCount));
            score = value.subtract(median).divide(spread, PRECISION);
        }
        boolean beyond = key.kind == Figure.GROWTH ? score.compareTo(threshold) > 0
                : score.abs().compareTo(threshold) > 0;
        if (!beyond) {
            return Optional.empty();
        }
        return Optional.of(new Anomaly(key.kind.anomaly, key.subject, week, scale(value), scale(median), scale(spread),
                score.setScale(2, RoundingMode.HALF_EVEN), baseline.size()));
    }

    /**
     * The z-score whose normal tail has the binomial chance of {@code k} or fewer successes of {@code n}
     * (negative), or of {@code k} or more (positive), at success probability {@code p}; within ±99.
     */
    static double binomialZ(int k, int n, double p) {
        double below = 0;
        double above = 0;
        for (int i = 0; i <= n; i++) {
            double probability = Math.exp(logChoose(n, i) + i * Math.log(p) + (n - i) * Math.log1p(-p));
            if (i <= k) {
                below += probability;
            }
            if (i >= k) {
                above += probability;
            }
        }
        double z = below < above ? normalQuantile(Math.min(below, 0.5)) : -normalQuantile(Math.min(above, 0.5));
        return Math.max(-99, Math.min(99, z));
    }

    private static double logChoose(int n, int k) {
        double sum = 0;
        for (int i = 1; i <= k; i++) {
            sum += Math.log(n - k + i) - Math.log(i);
        }
        return sum;
    }

    /** The standard normal quantile (Acklam's rational approximation, relative error under 1.2e-9). */
    static double normalQuantile(double probability) {
        if (probability <= 0) {
            return -99;
        }
        double[] a = {-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02,
            -3.066479806614716e+01, 2.506628277459239e+00};
        double[] b = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01,
            -1.328068155288572e+01};
        double[] c = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00,
            4.374664141464968e+00, 2.938163982698783e+00};
        double[] d = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00};
        double low = 0.02425;
        if (probability < low) {
            double q = Math.sqrt(-2 * Math.log(probability));
            return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
                    / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
        }
        if (probability <= 1 - low) {
            double q = probability - 0.5;
            double r = q * q;
            return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q
                    / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
        }
        return -normalQuantile(1 - probability);
    }

    /** The standard deviation estimated robustly: 1.4826 × MAD, or 1.2533 × the mean absolute deviation. */
    private static BigDecimal robustSpread(List<BigDecimal> values) {
        BigDecimal median = median(values);
        List<BigDecimal> deviations = values.stream().map(x -> x.subtract(median).abs()).toList();
        BigDecimal spread = MAD_TO_SD.multiply(median(deviations));
        if (spread.signum() == 0) {
            spread = MEAN_DEVIATION_TO_SD.multiply(deviations.stream().reduce(BigDecimal.ZERO, BigDecimal::add)
                    .divide(BigDecimal.valueOf(values.size()), PRECISION));
        }
        return spread;
    }

    /** The sample standard deviation, which a few large values raise, unlike the robust one. */
    private static BigDecimal standardDeviation(List<BigDecimal> values) {
        BigDecimal mean = values.stream().reduce(BigDecimal.ZERO, BigDecimal::add)
                .divide(BigDecimal.valueOf(values.size()), PRECISION);
        BigDecimal squares = values.stream().map(x -> x.subtract(mean).pow(2)).reduce(BigDecimal.ZERO, BigDecimal::add);
        return squares.divide(BigDecimal.valueOf(Math.max(values.size() - 1, 1)), PRECISION).sqrt(PRECISION);
    }

    /** At most four decimals, no trailing zeros, never an exponent: 12000, 0.5, 42.0417. */
    private static BigDecimal scale(BigDecimal value) {
        BigDecimal stripped = value.setScale(4, RoundingMode.HALF_EVEN).stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }

    private static BigDecimal median(List<BigDecimal> values) {
        List<BigDecimal> sorted = values.stream().sorted().toList();
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle)
                : sorted.get(middle - 1).add(sorted.get(middle)).divide(BigDecimal.valueOf(2), PRECISION);
    }

    private static LocalDate weekOf(Instant instant) {
        return LocalDate.ofInstant(instant, ZoneOffset.UTC).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
    }

    /** Inflow, conversion, time in stage and pushed close dates, from one deal's history. */
    private static void collectStageFigures(Opportunity deal, Series series) {
        String pipeline = deal.pipeline().id().value();
        List<OpportunityEvent> history = deal.history();
        OpportunityEvent.Created created = (OpportunityEvent.Created) history.get(0);
        series.add(Figure.INFLOW, pipeline + "/" + created.stage(), weekOf(created.occurredAt()), BigDecimal.ONE);
        Instant entered = created.occurredAt();
        java.time.LocalDate closeDate = created.details().expectedCloseDate();
        for (OpportunityEvent event : history) {
            if (event instanceof OpportunityEvent.DetailsChanged changed) {
                if (changed.details().expectedCloseDate().isAfter(closeDate)) {
                    series.add(Figure.PUSHED, "all deals", weekOf(changed.occurredAt()), BigDecimal.ONE);
                }
                closeDate = changed.details().expectedCloseDate();
            } else if (event instanceof StageChanged changed) {
                LocalDate week = weekOf(changed.occurredAt());
                String from = pipeline + "/" + changed.from();
                if (deal.pipeline().stage(changed.from()).isOpen()) {
                    boolean forward = changed.move() == StageMove.ADVANCE || changed.move() == StageMove.WIN;
                    series.add(Figure.CONVERSION, from, week, forward ? BigDecimal.ONE : BigDecimal.ZERO);
                    series.add(Figure.TIME_IN_STAGE, from, week, BigDecimal.valueOf(
                            Duration.between(entered, changed.occurredAt()).toHours()).divide(BigDecimal.valueOf(24), PRECISION));
                }
                series.add(Figure.INFLOW, pipeline + "/" + changed.to(), week, BigDecimal.ONE);
                entered = changed.occurredAt();
            }
        }
    }

    /** Each rep's open pipeline at the end of every week, per currency; the figure is the week's growth. */
    private static void collectRepGrowth(Collection<Opportunity> deals, LocalDate first, LocalDate week, Series series) {
        Map<String, TreeMap<LocalDate, Money>> open = new TreeMap<>();
        for (LocalDate end = first.minusWeeks(1); !end.isAfter(week); end = end.plusWeeks(1)) {
            Instant endOfWeek = end.plusWeeks(1).atStartOfDay(ZoneOffset.UTC).toInstant().minusNanos(1);
            for (Opportunity deal : deals) {
                Optional<Opportunity> then = deal.asOf(endOfWeek);
                if (then.isPresent() && then.get().isOpen()) {
                    Money value = then.get().details().value().amount();
                    String subject = then.get().details().owner() + " " + value.currency().getCurrencyCode();
                    series.dealValues.computeIfAbsent(subject, key -> new java.util.HashMap<>())
                            .put(deal.id().value(), value.amount());
                    LocalDate weekEnd = end;
                    open.computeIfAbsent(subject, key -> new TreeMap<>()).merge(weekEnd, value, Money::plus);
                }
            }
        }
        open.forEach((subject, byWeek) -> {
            // From the first week the rep had an open deal: before it there was no pipeline to grow.
            LocalDate since = byWeek.firstKey().isBefore(first) ? first : byWeek.firstKey();
            for (LocalDate end = since; !end.isAfter(week); end = end.plusWeeks(1)) {
                BigDecimal now = byWeek.containsKey(end) ? byWeek.get(end).amount() : BigDecimal.ZERO;
                BigDecimal before = byWeek.containsKey(end.minusWeeks(1)) ? byWeek.get(end.minusWeeks(1)).amount()
                        : BigDecimal.ZERO;
                series.add(Figure.GROWTH, subject, end, now.subtract(before));
            }
        });
    }

    /** How a figure is aggregated over a week, and whether a week without events counts as zero. */
    private enum Figure {
        INFLOW(Anomaly.Kind.STAGE_INFLOW, true),
        CONVERSION(Anomaly.Kind.STAGE_CONVERSION, false),
        TIME_IN_STAGE(Anomaly.Kind.TIME_IN_STAGE, false),
        GROWTH(Anomaly.Kind.REP_PIPELINE_GROWTH, false),
        PUSHED(Anomaly.Kind.CLOSE_DATES_PUSHED, true);

        final Anomaly.Kind anomaly;
        final boolean countsZeroWeeks;

        Figure(Anomaly.Kind anomaly, boolean countsZeroWeeks) {
            this.anomaly = anomaly;
            this.countsZeroWeeks = countsZeroWeeks;
        }

        /**
         * The least spread that counts as unusual for this figure: chance alone moves a weekly count by
         * about its square root (Poisson), the median time in stage of n deals by 1.2533 × the deals' own spread ÷ √n (and never less than
         * a tenth of the usual, or half a day), and a rep's pipeline by one typical deal of his (the median value
         * of the deals he had open in the currency over the window), or by the weeks'
         * plain standard deviation when a few large weeks make it wider.
         */
        BigDecimal noiseFloor(List<BigDecimal> baseline, List<BigDecimal> samples, BigDecimal median,
                              BigDecimal typicalDeal, int judgedCount) {
            return switch (this) {
                case INFLOW, PUSHED -> {
                    BigDecimal mean = baseline.stream().reduce(BigDecimal.ZERO, BigDecimal::add)
                            .divide(BigDecimal.valueOf(baseline.size()), PRECISION);
                    yield mean.max(BigDecimal.ONE).sqrt(PRECISION);
                }
                case CONVERSION -> BigDecimal.ZERO;
                case TIME_IN_STAGE -> MEAN_DEVIATION_TO_SD.multiply(robustSpread(samples))
                        .divide(BigDecimal.valueOf(Math.max(judgedCount, 1)).sqrt(PRECISION), PRECISION)
                        .max(median.abs().multiply(TIME_FLOOR_SHARE)).max(new BigDecimal("0.5"));
                case GROWTH -> typicalDeal.max(standardDeviation(baseline)).max(BigDecimal.ONE);
            };
        }

        BigDecimal aggregate(List<BigDecimal> values) {
            return switch (this) {
                case INFLOW, PUSHED, GROWTH -> values.stream().reduce(BigDecimal.ZERO, BigDecimal::add);
                case CONVERSION -> values.stream().reduce(BigDecimal.ZERO, BigDecimal::add)
                        .divide(BigDecimal.valueOf(values.size()), PRECISION);
                case TIME_IN_STAGE -> median(values);
            };
        }
    }

    private record Key(Figure kind, String subject) {
    }

    /** Every figure's values, by subject and week. */
    private static final class Series {
        final Map<Key, TreeMap<LocalDate, List<BigDecimal>>> values = new TreeMap<>(
                Comparator.comparing((Key key) -> key.kind).thenComparing(Key::subject));

        /** Per rep and currency, the value of every deal seen open in the window, by deal id. */
        final Map<String, Map<String, BigDecimal>> dealValues = new TreeMap<>();

        /** The median value of the deals a rep had open in a currency: one typical deal. */
        BigDecimal typicalDeal(String subject) {
            Map<String, BigDecimal> values = dealValues.get(subject);
            return values == null || values.isEmpty() ? BigDecimal.ZERO : median(List.copyOf(values.values()));
        }

        void add(Figure figure, String subject, LocalDate week, BigDecimal value) {
            values.computeIfAbsent(new Key(figure, subject), key -> new TreeMap<>())
                    .computeIfAbsent(week, key -> new ArrayList<>()).add(value);
        }
    }
}
