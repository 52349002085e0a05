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
 * {@link CalibratedProbability}). A deal counts as having reached a stage if it was ever in that stage
 * or further along the track ("reached at least", so skipped stages count). Only deals closed won or
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

    private Calibration(Map<StageKey, CalibratedProbability> byStage) {
        this.byStage = java.util.Collections.unmodifiableMap(byStage);
    }

    /** Calibrates every open stage of {@code pipelines} from {@code history} as of {@code asOf}. */
    public static Calibration fromHistory(Collection<PipelineDefinition> pipelines, Collection<Opportunity> history,
                                          Instant asOf, BigDecimal priorWeight) {
        Objects.requireNonNull(pipelines, "pipelines");
        Objects.requireNonNull(history, "history");
        Objects.requireNonNull(asOf, "asOf");
        Objects.requireNonNull(priorWeight, "priorWeight");
        if (priorWeight.signum() < 0) {
            throw new InvalidValueException("priorWeight", priorWeight, "must not be negative");
        }
        Map<StageKey, int[]> counts = new HashMap<>();
        for (Opportunity deal : history) {
            Optional<Opportunity> then = Objects.requireNonNull(deal, "history must not contain null").asOf(asOf);
            if (then.isEmpty()) {
                continue;
            }
            StageKind outcome = then.get().stage().kind();
            if (outcome != StageKind.WON && outcome != StageKind.LOST) {
                continue;
            }
            PipelineDefinition pipeline = then.get().pipeline();
            int furthest = furthestPosition(then.get());
            for (Stage stage : pipeline.openStages()) {
                if (pipeline.trackPosition(stage.id()) <= furthest) {
                    int[] reachedAndWon = counts.computeIfAbsent(new StageKey(pipeline.id(), stage.id()), key -> new int[2]);
                    reachedAndWon[0]++;
                    reachedAndWon[1] += outcome == StageKind.WON ? 1 : 0;
                }
            }
        }
        Map<StageKey, CalibratedProbability> byStage = new LinkedHashMap<>();
        for (PipelineDefinition pipeline : pipelines) {
            for (Stage stage : pipeline.openStages()) {
                StageKey key = new StageKey(pipeline.id(), stage.id());
                int[] reachedAndWon = counts.getOrDefault(key, new int[2]);
                BigDecimal prior = stage.defaultWinProbability().value();
                BigDecimal denominator = priorWeight.add(BigDecimal.valueOf(reachedAndWon[0]));
                Probability calibrated = denominator.signum() == 0 ? stage.defaultWinProbability()
                        : new Probability(BigDecimal.valueOf(reachedAndWon[1]).add(priorWeight.multiply(prior))
                                .divide(denominator, PRECISION).setScale(4, RoundingMode.HALF_EVEN));
                byStage.put(key, new CalibratedProbability(key, stage.defaultWinProbability(), calibrated,
                        reachedAndWon[0], reachedAndWon[1]));
            }
        }
        return new Calibration(byStage);
    }

    /** The furthest track position the deal ever held (the won stage counts as the last). */
    private static int furthestPosition(Opportunity deal) {
        PipelineDefinition pipeline = deal.pipeline();
        int furthest = pipeline.trackPosition(pipeline.firstOpenStage().id());
        for (StageChanged change : deal.stageChanges()) {
            furthest = Math.max(furthest, pipeline.trackPosition(change.to()));
        }
        return furthest;
    }

    /** Every calibrated stage. */
    public Map<StageKey, CalibratedProbability> stages() {
        return byStage;
    }

    /**
     * The calibrated probability of the deal's current stage; 1 for won, 0 for lost and disqualified,
     * and the configured default for stages this calibration does not know (nurture, other pipelines).
     */
    public Probability probabilityFor(Opportunity deal) {
        Objects.requireNonNull(deal, "deal");
        CalibratedProbability calibrated = byStage.get(new StageKey(deal.pipeline().id(), deal.stageId()));
        return calibrated != null && deal.isOpen() ? calibrated.calibrated() : deal.stage().defaultWinProbability();
    }
}
