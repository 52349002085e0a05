package dev.salespipeline.core.metrics;

import dev.salespipeline.core.InvalidValueException;
import dev.salespipeline.core.opportunity.Opportunity;
import dev.salespipeline.core.opportunity.OpportunityEvent.StageChanged;
import dev.salespipeline.core.pipeline.PipelineDefinition;
import dev.salespipeline.core.pipeline.Stage;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The "average" time a deal spends in a stage, which stall alerts compare to: the median (or another
 * percentile) of completed visits from history, per pipeline and segment when that sample is large
 * enough, else per pipeline, else the stage's configured expected duration. Visits are measured in
 * calendar or working days ({@link DayCount}); a configured duration of N days is taken as N days of
 * that count. Every CRM uses fixed days per stage; learning them from the host's own history is this
 * library's choice.
 *
 * <p>Immutable and thread-safe.
 */
public final class StageAverages {

    private static final StageAverages CONFIGURED = new StageAverages(Map.of(), Map.of(), DayCount.CALENDAR);

    private final Map<StageKey, Duration> byStage;
    private final Map<List<Object>, Duration> bySegmentAndStage;
    private final DayCount dayCount;

    private StageAverages(Map<StageKey, Duration> byStage, Map<List<Object>, Duration> bySegmentAndStage,
                          DayCount dayCount) {
        this.byStage = Map.copyOf(byStage);
        this.bySegmentAndStage = Map.copyOf(bySegmentAndStage);
        this.dayCount = dayCount;
    }

    /** The configured expected duration of every stage, in calendar days, learned from nothing. */
    public static StageAverages configured() {
        return CONFIGURED;
    }

    /** The configured expected duration of every stage, counted in {@code dayCount} days. */
    public static StageAverages configured(DayCount dayCount) {
        return new StageAverages(Map.of(), Map.of(), Objects.requireNonNull(dayCount, "dayCount"));
    }

    /**
     * Medians of the completed stage visits in {@code history} as of {@code asOf}, in calendar days,
     * used where at least {@code minimumSample} visits exist.
     */
    public static StageAverages fromHistory(Collection<Opportunity> history, Instant asOf, int minimumSample) {
        return fromHistory(history, asOf, minimumSample, 50, DayCount.CALENDAR);
    }

    /**
     * The {@code percentile} (nearest rank; 50 is the median) of the completed stage visits in
     * {@code history} as of {@code asOf}, measured in {@code dayCount} days, used where at least
     * {@code minimumSample} visits exist.
     */
    public static StageAverages fromHistory(Collection<Opportunity> history, Instant asOf, int minimumSample,
                                            int percentile, DayCount dayCount) {
        Objects.requireNonNull(history, "history");
        Objects.requireNonNull(asOf, "asOf");
        Objects.requireNonNull(dayCount, "dayCount");
        if (minimumSample < 1) {
            throw new InvalidValueException("minimumSample", minimumSample, "must be at least 1");
        }
        if (percentile < 1 || percentile > 100) {
            throw new InvalidValueException("percentile", percentile, "must be between 1 and 100");
        }
        Map<StageKey, List<Duration>> stageVisits = new HashMap<>();
        Map<List<Object>, List<Duration>> segmentVisits = new HashMap<>();
        for (Opportunity deal : history) {
            Optional<Opportunity> then = Objects.requireNonNull(deal, "history must not contain null").asOf(asOf);
            if (then.isEmpty()) {
                continue;
            }
            Instant entered = then.get().createdAt();
            boolean enteredByInference = false;
            for (StageChanged change : then.get().stageChanges()) {
                // A visit begun or ended by an inferred move has no known length (see StageChanged.inferred).
                if (!change.inferred() && !enteredByInference) {
                    StageKey key = new StageKey(then.get().pipeline().id(), change.from());
                    Duration visit = Duration.ofDays(dayCount.between(entered, change.occurredAt()));
                    stageVisits.computeIfAbsent(key, k -> new ArrayList<>()).add(visit);
                    then.get().details().segment().ifPresent(segment -> segmentVisits
                            .computeIfAbsent(List.of(key, segment), k -> new ArrayList<>()).add(visit));
                }
                entered = change.occurredAt();
                enteredByInference = change.inferred();
            }
        }
        Map<StageKey, Duration> byStage = new HashMap<>();
        stageVisits.forEach((key, visits) -> percentileIfEnough(visits, minimumSample, percentile)
                .ifPresent(value -> byStage.put(key, value)));
        Map<List<Object>, Duration> bySegment = new HashMap<>();
        segmentVisits.forEach((key, visits) -> percentileIfEnough(visits, minimumSample, percentile)
                .ifPresent(value -> bySegment.put(key, value)));
        return new StageAverages(byStage, bySegment, dayCount);
    }

    private static Optional<Duration> percentileIfEnough(List<Duration> visits, int minimumSample, int percentile) {
        if (visits.size() < minimumSample) {
            return Optional.empty();
        }
        if (percentile == 50) {
            return Optional.of(DurationStatistics.of(visits).median());
        }
        List<Duration> sorted = new ArrayList<>(visits);
        sorted.sort(null);
        return Optional.of(sorted.get(Math.max(0, (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1)));
    }

    /** How the days of these averages, and of the time a deal has spent in its stage, are counted. */
    public DayCount dayCount() {
        return dayCount;
    }

    /** The average of {@code stage} of {@code pipeline} over every segment: measured, or else configured. */
    public Duration averageFor(PipelineDefinition pipeline, Stage stage) {
        Objects.requireNonNull(pipeline, "pipeline");
        Objects.requireNonNull(stage, "stage");
        return Optional.ofNullable(byStage.get(new StageKey(pipeline.id(), stage.id()))).orElse(stage.expectedDuration());
    }

    /** The average for the deal's current stage, as a number of {@link #dayCount()} days. */
    public Duration averageFor(Opportunity deal) {
        Objects.requireNonNull(deal, "deal");
        Stage stage = deal.stage();
        StageKey key = new StageKey(deal.pipeline().id(), stage.id());
        return deal.details().segment().map(segment -> bySegmentAndStage.get(List.of(key, segment)))
                .or(() -> Optional.ofNullable(byStage.get(key)))
                .orElse(stage.expectedDuration());
    }
}
