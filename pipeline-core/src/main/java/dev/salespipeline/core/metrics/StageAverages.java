package dev.salespipeline.core.metrics;

import dev.salespipeline.core.InvalidValueException;
import dev.salespipeline.core.opportunity.Opportunity;
import dev.salespipeline.core.opportunity.OpportunityEvent.StageChanged;
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
 * The "average" time a deal spends in a stage, which stall alerts compare to: the median of completed
 * visits from history, per pipeline and segment when that sample is large enough, else per pipeline,
 * else the stage's configured expected duration. Every CRM uses fixed days per stage; learning them
 * from the host's own history is this library's choice.
 *
 * <p>Immutable and thread-safe.
 */
public final class StageAverages {

    private static final StageAverages CONFIGURED = new StageAverages(Map.of(), Map.of());

    private final Map<StageKey, Duration> byStage;
    private final Map<List<Object>, Duration> bySegmentAndStage;

    private StageAverages(Map<StageKey, Duration> byStage, Map<List<Object>, Duration> bySegmentAndStage) {
        this.byStage = Map.copyOf(byStage);
        this.bySegmentAndStage = Map.copyOf(bySegmentAndStage);
    }

    /** The configured expected duration of every stage, learned from nothing. */
    public static StageAverages configured() {
        return CONFIGURED;
    }

    /**
     * Medians of the completed stage visits in {@code history} as of {@code asOf}, used where at least
     * {@code minimumSample} visits exist.
     */
    public static StageAverages fromHistory(Collection<Opportunity> history, Instant asOf, int minimumSample) {
        Objects.requireNonNull(history, "history");
        Objects.requireNonNull(asOf, "asOf");
        if (minimumSample < 1) {
            throw new InvalidValueException("minimumSample", minimumSample, "must be at least 1");
        }
        Map<StageKey, List<Duration>> stageVisits = new HashMap<>();
        Map<List<Object>, List<Duration>> segmentVisits = new HashMap<>();
        for (Opportunity deal : history) {
            Optional<Opportunity> then = Objects.requireNonNull(deal, "history must not contain null").asOf(asOf);
            if (then.isEmpty()) {
                continue;
            }
            Instant entered = then.get().createdAt();
            for (StageChanged change : then.get().stageChanges()) {
                StageKey key = new StageKey(then.get().pipeline().id(), change.from());
                Duration visit = Duration.between(entered, change.occurredAt());
                stageVisits.computeIfAbsent(key, k -> new ArrayList<>()).add(visit);
                then.get().details().segment().ifPresent(segment -> segmentVisits
                        .computeIfAbsent(List.of(key, segment), k -> new ArrayList<>()).add(visit));
                entered = change.occurredAt();
            }
        }
        Map<StageKey, Duration> byStage = new HashMap<>();
        stageVisits.forEach((key, visits) -> medianIfEnough(visits, minimumSample).ifPresent(m -> byStage.put(key, m)));
        Map<List<Object>, Duration> bySegment = new HashMap<>();
        segmentVisits.forEach((key, visits) -> medianIfEnough(visits, minimumSample).ifPresent(m -> bySegment.put(key, m)));
        return new StageAverages(byStage, bySegment);
    }

    private static Optional<Duration> medianIfEnough(List<Duration> visits, int minimumSample) {
        return visits.size() < minimumSample ? Optional.empty() : Optional.of(DurationStatistics.of(visits).median());
    }

    /** The average for the deal's current stage. */
    public Duration averageFor(Opportunity deal) {
        Objects.requireNonNull(deal, "deal");
        Stage stage = deal.stage();
        StageKey key = new StageKey(deal.pipeline().id(), stage.id());
        return deal.details().segment().map(segment -> bySegmentAndStage.get(List.of(key, segment)))
                .or(() -> Optional.ofNullable(byStage.get(key)))
                .orElse(stage.expectedDuration());
    }
}
