package dev.salespipeline.importing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import dev.salespipeline.core.forecast.Backtest;
import dev.salespipeline.core.forecast.CalibratedProbability;
import dev.salespipeline.core.forecast.Calibration;
import dev.salespipeline.core.forecast.ForecastRules;
import dev.salespipeline.core.metrics.PipelineMetrics;
import dev.salespipeline.core.metrics.StageKey;
import dev.salespipeline.core.opportunity.Opportunity;
import dev.salespipeline.core.opportunity.OpportunityEvent.StageChanged;
import dev.salespipeline.core.pipeline.DefaultPipelines;
import dev.salespipeline.core.pipeline.PipelineDefinition;
import dev.salespipeline.core.pipeline.Stage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An export of one row per closed deal records how each deal ended, not which stages it passed. The
 * figures that need the passage must treat it as unknown: before, a won deal counted as having passed
 * every stage and a lost one only the first, and later stages calibrated close to 1 on a portfolio
 * whose win rate was 0.4.
 */
class HistorylessImportTest {

    private static final PipelineDefinition CLASSIC = DefaultPipelines.classic();
    private static final List<Stage> OPEN = CLASSIC.openStages();
    /** The chance of moving on from each open stage; from the last, of winning. */
    private static final double[] MOVES_ON = {0.6, 0.7, 0.8, 0.75, 0.9};
    private static final LocalDate FIRST_DAY = LocalDate.of(2024, 1, 1);
    private static final Instant AS_OF = Instant.parse("2026-01-01T00:00:00Z");

    @TempDir
    Path dir;

    /** A deal of the known process: the open stages it held (the first always) and whether it was won. */
    private record Deal(String id, LocalDate created, int stagesHeld, boolean won) {
        LocalDate closed() {
            return created.plusDays(5L * stagesHeld);
        }
    }

    private static List<Deal> process(int count, long seed) {
        Random random = new Random(seed);
        List<Deal> deals = new ArrayList<>();
        for (int index = 0; index < count; index++) {
            int held = 1;
            boolean won = false;
            while (random.nextDouble() < MOVES_ON[held - 1]) {
                if (held == OPEN.size()) {
                    won = true;
                    break;
                }
                held++;
            }
            deals.add(new Deal("d-" + index, FIRST_DAY.plusDays(random.nextInt(600)), held, won));
        }
        return deals;
    }

    /** The true chance that a deal which held stage {@code k} is won. */
    private static double trueRate(int k) {
        double rate = 1;
        for (int stage = k; stage < OPEN.size(); stage++) {
            rate *= MOVES_ON[stage];
        }
        return rate;
    }

    private List<Opportunity> importRows(String name, String csv, ImportMapping mapping) {
        try {
            Path file = Files.writeString(dir.resolve(name), csv);
            ImportResult result = CrmImport.builder(mapping, DefaultPipelines.catalog()).build().read(file);
            assertThat(result.report().problems()).isEmpty();
            return result.opportunities();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One row per deal: its final stage, created and close dates, as a CRM's opportunities export has it. */
    private List<Opportunity> withoutHistory(List<Deal> deals) {
        StringBuilder csv = new StringBuilder("id,account,owner,value,currency,created,close-date,stage\n");
        for (Deal deal : deals) {
            csv.append(deal.id()).append(",Acme,Rep,1000,EUR,").append(deal.created()).append(',')
                    .append(deal.closed()).append(',').append(deal.won() ? "closed-won" : "closed-lost").append('\n');
        }
        return importRows("deals.csv", csv.toString(), ImportMapping.csv("classic"));
    }

    /** One row per stage change, as an OpportunityHistory export has it. */
    private List<Opportunity> withHistory(List<Deal> deals) {
        StringBuilder csv = new StringBuilder("id,changed-at,stage,account,owner,value,currency,close-date\n");
        for (Deal deal : deals) {
            for (int stage = 0; stage < deal.stagesHeld(); stage++) {
                csv.append(deal.id()).append(',').append(deal.created().plusDays(5L * stage)).append(',')
                        .append(OPEN.get(stage).id()).append(",Acme,Rep,1000,EUR,").append(deal.closed()).append('\n');
            }
            csv.append(deal.id()).append(',').append(deal.closed()).append(',')
                    .append(deal.won() ? "closed-won" : "closed-lost").append(",Acme,Rep,1000,EUR,")
                    .append(deal.closed()).append('\n');
        }
        return importRows("history.csv", csv.toString(),
                ImportMapping.csv("classic").toBuilder().layout(CsvLayout.CHANGE_PER_ROW).build());
    }

    private static CalibratedProbability stage(Calibration calibration, int k) {
        return calibration.stages().get(new StageKey(CLASSIC.id(), OPEN.get(k).id()));
    }

    @Test
    void withoutHistoryOnlyTheFirstStageLearnsAndWithHistoryEveryStageFindsItsTrueRate() {
        List<Deal> deals = process(3000, 11);
        List<Opportunity> bare = withoutHistory(deals);
        List<Opportunity> recorded = withHistory(deals);

        assertThat(bare).allSatisfy(deal -> assertThat(deal.stageChanges()).allMatch(StageChanged::inferred));
        assertThat(recorded).allSatisfy(deal -> assertThat(deal.stageChanges()).noneMatch(StageChanged::inferred));
        Calibration fromBare = Calibration.fromHistory(List.of(CLASSIC), bare, AS_OF, BigDecimal.ZERO);
        Calibration fromRecorded = Calibration.fromHistory(List.of(CLASSIC), recorded, AS_OF, BigDecimal.ZERO);
        long won = deals.stream().filter(Deal::won).count();
        // The first stage every deal held: the observed win rate, near the true one.
        assertThat(stage(fromBare, 0).reached()).isEqualTo(deals.size());
        assertThat(stage(fromBare, 0).won()).isEqualTo((int) won);
        assertThat(stage(fromBare, 0).calibrated().value().doubleValue()).isCloseTo(trueRate(0),
                org.assertj.core.data.Offset.offset(0.03));
        for (int k = 1; k < OPEN.size(); k++) {
            // No deal is known to have held a later stage: its configured default stands, not the 1.0 that
            // counting every win there would give.
            assertThat(stage(fromBare, k).reached()).as("stage %d", k).isZero();
            assertThat(stage(fromBare, k).calibrated()).isEqualTo(OPEN.get(k).defaultWinProbability());
            assertThat(stage(fromRecorded, k).calibrated().value().doubleValue()).as("stage %d", k)
                    .isCloseTo(trueRate(k), org.assertj.core.data.Offset.offset(0.04));
        }
    }

    @Test
    void conversionAndTimeInStageLeaveOutWhatTheExportDoesNotRecord() {
        List<Deal> deals = process(300, 5);
        PipelineMetrics bare = PipelineMetrics.of(withoutHistory(deals), AS_OF);
        PipelineMetrics recorded = PipelineMetrics.of(withHistory(deals), AS_OF);

        assertThat(bare.conversion()).isEmpty();
        assertThat(bare.timeInStage()).isEmpty();
        // Still known: how many were won and lost, and each deal's cycle from created to closed.
        assertThat(bare.wonDeals()).isEqualTo(recorded.wonDeals());
        assertThat(bare.salesCycle()).isEqualTo(recorded.salesCycle());
        StageKey first = new StageKey(CLASSIC.id(), OPEN.get(0).id());
        assertThat(recorded.conversion().get(first).exits())
                .isEqualTo(deals.size());
        assertThat(recorded.timeInStage().get(first).count()).isEqualTo(deals.size());
    }

    @Test
    void aBacktestLeavesOutTheDealsWhoseStateThenIsNotRecorded() {
        List<Deal> deals = process(400, 7);
        List<LocalDate> quarters = List.of(LocalDate.of(2024, 4, 1), LocalDate.of(2024, 7, 1), LocalDate.of(2024, 10, 1));
        List<Backtest.PeriodResult> bare = Backtest.run(withoutHistory(deals), List.of(CLASSIC), quarters,
                LocalDate.of(2025, 1, 1), ForecastRules.defaults(), Calibration.DEFAULT_PRIOR_WEIGHT);

        for (Backtest.PeriodResult period : bare) {
            Instant madeAt = period.start().atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
            long openThen = deals.stream().filter(deal -> !deal.created().isAfter(period.start())
                    && deal.closed().isAfter(period.start())).count();
            // Every deal open at the quarter's start was created with its actual close date: reading it would
            // forecast the outcome. They are out of the forecast and the actual alike, and counted.
            assertThat(period.unrecordedDeals()).as("%s", madeAt).isEqualTo((int) openThen).isPositive();
            // What is left to forecast is what was already won at that instant: deals closed on the first day.
            long wonOnTheFirstDay = deals.stream().filter(deal -> deal.won() && deal.closed().equals(period.start()))
                    .count();
            assertThat(period.forecast().get("EUR").map(money -> money.amount().intValue()).orElse(0))
                    .isEqualTo(1000 * (int) wonOnTheFirstDay);
        }
    }

    @Test
    void anyHistorylessImportCalibratesBetweenItsObservedRateAndThePrior() {
        qt().withExamples(60)
                .forAll(lists().of(booleans().all()).ofSizeBetween(1, 40), integers().between(0, 30))
                .checkAssert((outcomes, priorWeight) -> {
                    List<Deal> deals = new ArrayList<>();
                    for (int index = 0; index < outcomes.size(); index++) {
                        deals.add(new Deal("p-" + index, FIRST_DAY.plusDays(index), 1 + index % OPEN.size(),
                                outcomes.get(index)));
                    }
                    Calibration calibration = Calibration.fromHistory(List.of(CLASSIC), withoutHistory(deals), AS_OF,
                            BigDecimal.valueOf(priorWeight));
                    double observed = outcomes.stream().filter(Boolean::booleanValue).count() / (double) outcomes.size();
                    for (int k = 0; k < OPEN.size(); k++) {
                        CalibratedProbability probability = stage(calibration, k);
                        double prior = OPEN.get(k).defaultWinProbability().value().doubleValue();
                        double calibrated = probability.calibrated().value().doubleValue();
                        if (k == 0) {
                            assertThat(calibrated).isBetween(Math.min(prior, observed) - 1e-4,
                                    Math.max(prior, observed) + 1e-4);
                        } else {
                            assertThat(probability.reached()).isZero();
                            assertThat(calibrated).isEqualTo(prior);
                        }
                    }
                });
    }
}
