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
 * UTC) from the deals' histories; the judged week's figure is compared with the same figure over the
 * baseline weeks before it by a robust z-score — 0.6745 × (value − median) ÷ MAD (Iglewicz and Hoaglin),
 * where the spread falls back to the mean absolute deviation when the MAD is zero — and flagged beyond
 * the threshold (3.5 by default). A figure needs at least {@value #MINIMUM_WEEKS} baseline weeks, so a
 * young pipeline raises nothing rather than noise.
 *
 * <p>Stateless and thread-safe. Cost: one pass over every history per figure, and for rep pipeline
 * growth one as-of snapshot per deal and week.
 */
public final class PipelineAnomalies {

    /** The default threshold on the robust z-score. */
    public static final BigDecimal DEFAULT_THRESHOLD = new BigDecimal("3.5");
    /** Baseline weeks a figure needs before it can be judged. */
    public static final int MINIMUM_WEEKS = 6;

    private static final BigDecimal CONSISTENCY = new BigDecimal("0.6745");
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
            Optional<BigDecimal> judged = Optional.ofNullable(byWeek.get(week)).map(values -> key.kind.aggregate(values));
            List<BigDecimal> baseline = new ArrayList<>();
            for (LocalDate baselineWeek = first; baselineWeek.isBefore(week); baselineWeek = baselineWeek.plusWeeks(1)) {
                List<BigDecimal> values = byWeek.get(baselineWeek);
                if (values != null) {
                    baseline.add(key.kind.aggregate(values));
                } else if (key.kind.countsZeroWeeks) {
                    baseline.add(BigDecimal.ZERO);
                }
            }
            BigDecimal value = judged.orElse(key.kind.countsZeroWeeks ? BigDecimal.ZERO : null);
            if (value == null || baseline.size() < MINIMUM_WEEKS) {
                return;
            }
            score(key, week, value, baseline, threshold).ifPresent(anomalies::add);
        });
        anomalies.sort(Comparator.comparing((Anomaly anomaly) -> anomaly.score().abs()).reversed()
                .thenComparing(Anomaly::subject));
        return anomalies;
    }

    private static Optional<Anomaly> score(Key key, LocalDate week, BigDecimal value, List<BigDecimal> baseline,
                                           BigDecimal threshold) {
        BigDecimal median = median(baseline);
        BigDecimal deviation = median(baseline.stream().map(x -> x.subtract(median).abs()).toList());
        if (deviation.signum() == 0) {
            deviation = baseline.stream().map(x -> x.subtract(median).abs()).reduce(BigDecimal.ZERO, BigDecimal::add)
                    .divide(BigDecimal.valueOf(baseline.size()), PRECISION);
        }
        BigDecimal difference = value.subtract(median);
        BigDecimal score;
        if (deviation.signum() == 0) {
            // A perfectly steady baseline: any departure from it is as unusual as it gets.
            if (difference.signum() == 0) {
                return Optional.empty();
            }
            score = difference.signum() > 0 ? new BigDecimal("99") : new BigDecimal("-99");
        } else {
            score = CONSISTENCY.multiply(difference).divide(deviation, PRECISION);
        }
        boolean beyond = key.kind == Figure.GROWTH ? score.compareTo(threshold) > 0
                : score.abs().compareTo(threshold) > 0;
        if (!beyond) {
            return Optional.empty();
        }
        return Optional.of(new Anomaly(key.kind.anomaly, key.subject, week, scale(value), scale(median), scale(deviation),
                score.setScale(2, RoundingMode.HALF_EVEN), baseline.size()));
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
        Map<String, Map<LocalDate, Money>> open = new TreeMap<>();
        for (LocalDate end = first.minusWeeks(1); !end.isAfter(week); end = end.plusWeeks(1)) {
            Instant endOfWeek = end.plusWeeks(1).atStartOfDay(ZoneOffset.UTC).toInstant().minusNanos(1);
            for (Opportunity deal : deals) {
                Optional<Opportunity> then = deal.asOf(endOfWeek);
                if (then.isPresent() && then.get().isOpen()) {
                    Money value = then.get().details().value().amount();
                    String subject = then.get().details().owner() + " " + value.currency().getCurrencyCode();
                    LocalDate weekEnd = end;
                    open.computeIfAbsent(subject, key -> new TreeMap<>()).merge(weekEnd, value, Money::plus);
                }
            }
        }
        open.forEach((subject, byWeek) -> {
            for (LocalDate end = first; !end.isAfter(week); end = end.plusWeeks(1)) {
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
        final Map<Key, Map<LocalDate, List<BigDecimal>>> values = new TreeMap<>(
                Comparator.comparing((Key key) -> key.kind).thenComparing(Key::subject));

        void add(Figure figure, String subject, LocalDate week, BigDecimal value) {
            values.computeIfAbsent(new Key(figure, subject), key -> new TreeMap<>())
                    .computeIfAbsent(week, key -> new ArrayList<>()).add(value);
        }
    }
}
