package dev.salespipeline.core.forecast;

import dev.salespipeline.core.InvalidValueException;
import dev.salespipeline.core.metrics.StageKey;
import dev.salespipeline.core.opportunity.Opportunity;
import dev.salespipeline.core.opportunity.OpportunityEvent.StageChanged;
import dev.salespipeline.core.pipeline.PipelineDefinition;
import dev.salespipeline.core.pipeline.Probability;
import dev.salespipeline.core.pipeline.Stage;
import dev.salespipeline.core.pipeline.StageKind;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Stage win probabilities calibrated from the host's own closed deals (see
 * {@link CalibratedProbability}). A deal counts as having reached a stage if it was ever in that open
 * stage or a further one ("reached at least", so skipped stages count); the move that closed it reaches
 * nothing further, and inferred moves ({@code StageChanged.inferred}) reach nothing. Only deals closed won or
 * lost as of the instant count, by the state they are in then: a deal won and later reopened is not
 * closed, so reopening, regressing or moving back from won never corrupts the calibration.
 *
 * <p>Immutable and thread-safe.
 */
public final class Calibration {

    /** Weight of the prior: as if this many deals had closed at the configured rate. */
    public static final BigDecimal DEFAULT_PRIOR_WEIGHT = BigDecimal.TEN;

    private static final MathContext PRECISION = MathContext.DECIMAL64;

    private final Map<StageKey, CalibratedProbability> byStage;
    private final Map<String, Map<StageKey, CalibratedProbability>> bySegment;
    private final java.util.function.Function<Opportunity, String> segmentOf;

    private Calibration(Map<StageKey, CalibratedProbability> byStage,
                        Map<String, Map<StageKey, CalibratedProbability>> bySegment,
                        java.util.function.Function<Opportunity, String> segmentOf) {
        this.byStage = java.util.Collections.unmodifiableMap(byStage);
        this.bySegment = java.util.Collections.unmodifiableMap(bySegment);
        this.segmentOf = segmentOf;
    }

    /** Calibrates every open stage of {@code pipelines} from {@code history} as of {@code asOf}. */
    public static Calibration fromHistory(Collection<PipelineDefinition> pipelines, Collection<Opportunity> history,
                                          Instant asOf, BigDecimal priorWeight) {
        return fromHistory(pipelines, history, asOf, priorWeight, null);
    }

    /**
     * Calibrates every open stage overall and, when {@code segmentOf} is given, per segment of deal
     * (product line, segment, deal-size band…): each segment's figure is smoothed toward the stage's
     * overall calibrated probability, so a small segment leans on the whole.
     *
     * @param segmentOf the segment of a deal, or null to calibrate overall only
     */
    public static Calibration fromHistory(Collection<PipelineDefinition> pipelines, Collection<Opportunity> history,
                                          Instant asOf, BigDecimal priorWeight,
                                          java.util.function.Function<Opportunity, String> segmentOf) {
        Objects.requireNonNull(pipelines, "pipelines");
        Objects.requireNonNull(history, "history");
        Objects.requireNonNull(asOf, "asOf");
        Objects.requireNonNull(priorWeight, "priorWeight");
        if (priorWeight.signum() < 0) {
            throw new InvalidValueException("priorWeight", priorWeight, "must not be negative");
        }
        Map<StageKey, int[]> counts = new HashMap<>();
        Map<String, Map<StageKey, int[]>> segmentCounts = new java.util.TreeMap<>();
        for (Opportunity deal : history) {
            Optional<Opportunity> then = Objects.requireNonNull(deal, "history must not contain null").asOf(asOf);
            if (then.isEmpty()) {
                continue;
            }
            StageKind outcome = then.get().stage().kind();
            if (outcome != StageKind.WON && outcome != StageKind.LOST) {
                continue;
            }
            count(then.get(), outcome == StageKind.WON, counts);
            if (segmentOf != null) {
                String segment = Objects.requireNonNull(segmentOf.apply(then.get()), "segmentOf returned null");
                count(then.get(), outcome == StageKind.WON, segmentCounts.computeIfAbsent(segment, key -> new HashMap<>()));
            }
        }
        Map<StageKey, CalibratedProbability> byStage = new LinkedHashMap<>();
        for (PipelineDefinition pipeline : pipelines) {
            for (Stage stage : pipeline.openStages()) {
                StageKey key = new StageKey(pipeline.id(), stage.id());
                byStage.put(key, calibrate(key, stage.defaultWinProbability(), counts, priorWeight));
            }
        }
        Map<String, Map<StageKey, CalibratedProbability>> bySegment = new LinkedHashMap<>();
        segmentCounts.forEach((segment, stageCounts) -> {
            Map<StageKey, CalibratedProbability> segmentStages = new LinkedHashMap<>();
            byStage.forEach((key, overall) -> segmentStages.put(key,
                    calibrate(key, overall.calibrated(), stageCounts, priorWeight)));
            bySegment.put(segment, java.util.Collections.unmodifiableMap(segmentStages));
        });
        return new Calibration(byStage, bySegment, segmentOf);
    }

    /** Adds a closed deal to the counts of every open stage it reached at least. */
    private static void count(Opportunity deal, boolean won, Map<StageKey, int[]> counts) {
        PipelineDefinition pipeline = deal.pipeline();
        int furthest = furthestPosition(deal);
        for (Stage stage : pipeline.openStages()) {
            if (pipeline.trackPosition(stage.id()) <= furthest) {
                int[] reachedAndWon = counts.computeIfAbsent(new StageKey(pipeline.id(), stage.id()), key -> new int[2]);
                reachedAndWon[0]++;
                reachedAndWon[1] += won ? 1 : 0;
            }
        }
    }

    /** (won + w × prior) ÷ (reached + w), four decimal places. */
    private static CalibratedProbability calibrate(StageKey key, Probability prior, Map<StageKey, int[]> counts,
                                                   BigDecimal priorWeight) {
        int[] reachedAndWon = counts.getOrDefault(key, new int[2]);
        BigDecimal denominator = priorWeight.add(BigDecimal.valueOf(reachedAndWon[0]));
        Probability calibrated = denominator.signum() == 0 ? prior
                : new Probability(BigDecimal.valueOf(reachedAndWon[1]).add(priorWeight.multiply(prior.value()))
                        .divide(denominator, PRECISION).setScale(4, RoundingMode.HALF_EVEN));
        return new CalibratedProbability(key, prior, calibrated, reachedAndWon[0], reachedAndWon[1]);
    }

    /**
     * The furthest open stage the deal is known to have held. Closing does not reach further: a deal won
     * from Proposal never held Negotiation, and counting it there while a deal lost from Proposal is not
     * would lift Negotiation's rate with wins alone. Nor does an inferred move (an import that knows where
     * a deal ended, not which stages it passed): a deal without recorded history counts at the first
     * stage only, which every deal holds.
     */
    private static int furthestPosition(Opportunity deal) {
        PipelineDefinition pipeline = deal.pipeline();
        int furthest = pipeline.trackPosition(pipeline.firstOpenStage().id());
        for (StageChanged change : deal.stageChanges()) {
            if (!change.inferred() && pipeline.stage(change.to()).isOpen()) {
                furthest = Math.max(furthest, pipeline.trackPosition(change.to()));
            }
        }
        return furthest;
    }

    /** Every calibrated stage, overall. */
    public Map<StageKey, CalibratedProbability> stages() {
        return byStage;
    }

    /**
     * Every calibrated stage of one segment, each smoothed toward the overall figure (its
     * {@code configured} field); empty for a segment with no closed deal.
     */
    public Map<StageKey, CalibratedProbability> stages(String segment) {
        return bySegment.getOrDefault(Objects.requireNonNull(segment, "segment"), Map.of());
    }

    /**
     * The calibrated probability of the deal's current stage — its segment's when calibrated per
     * segment and the segment has closed deals, else the overall one; 1 for won, 0 for lost and
     * disqualified, and the configured default for stages this calibration does not know (nurture,
     * other pipelines).
     */
    public Probability probabilityFor(Opportunity deal) {
        Objects.requireNonNull(deal, "deal");
        StageKey key = new StageKey(deal.pipeline().id(), deal.stageId());
        if (!deal.isOpen() || !byStage.containsKey(key)) {
            return deal.stage().defaultWinProbability();
        }
        if (segmentOf != null) {
            CalibratedProbability segment = stages(segmentOf.apply(deal)).get(key);
            if (segment != null) {
                return segment.calibrated();
            }
        }
        return byStage.get(key).calibrated();
    }
}
