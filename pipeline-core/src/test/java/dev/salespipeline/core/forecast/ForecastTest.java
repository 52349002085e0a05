package dev.salespipeline.core.forecast;

import static dev.salespipeline.core.pipeline.DefaultPipelines.CLOSED_WON;
import static dev.salespipeline.core.pipeline.DefaultPipelines.CLOSING;
import static dev.salespipeline.core.pipeline.DefaultPipelines.DISCOVERY;
import static dev.salespipeline.core.pipeline.DefaultPipelines.NEGOTIATION;
import static dev.salespipeline.core.pipeline.DefaultPipelines.PROPOSAL;
import static dev.salespipeline.core.pipeline.DefaultPipelines.QUALIFICATION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.salespipeline.core.InvalidValueException;
import dev.salespipeline.core.gate.GateDecision;
import dev.salespipeline.core.metrics.StageKey;
import dev.salespipeline.core.money.Money;
import dev.salespipeline.core.opportunity.DealValue;
import dev.salespipeline.core.opportunity.Opportunity;
import dev.salespipeline.core.opportunity.OpportunityId;
import dev.salespipeline.core.opportunity.ValueKind;
import dev.salespipeline.core.pipeline.PipelineDefinition;
import dev.salespipeline.core.pipeline.Probability;
import dev.salespipeline.core.pipeline.StageId;
import dev.salespipeline.core.testing.Deals;
import dev.salespipeline.core.testing.TestClock;
import dev.salespipeline.core.transition.TransitionService;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Currency;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Calibration, forecast, simulation and backtest, on small portfolios worked out by hand. */
class ForecastTest {

    private static final PipelineDefinition PIPELINE = Deals.PIPELINE;
    private static final Currency EUR = Currency.getInstance("EUR");

    private final TestClock clock = new TestClock(Instant.parse("2025-11-01T09:00:00Z"));
    private final TransitionService placer = new TransitionService(request -> GateDecision.allowed("placer"), clock);

    private void on(String date) {
        clock.set(LocalDate.parse(date).atTime(9, 0).toInstant(ZoneOffset.UTC));
    }

    private Opportunity open(String id, String amount, String expectedClose) {
        return placer.open(OpportunityId.of(id), PIPELINE, Deals.completeDetails().toBuilder()
                .value(DealValue.of(Money.of(amount, "EUR"), ValueKind.ACV))
                .expectedCloseDate(LocalDate.parse(expectedClose)).build(), Deals.REP);
    }

    private Opportunity move(Opportunity deal, StageId... stages) {
        Opportunity moved = deal;
        for (StageId stage : stages) {
            moved = placer.overrideGate(moved, stage, Deals.MANAGER, "placed");
        }
        return moved;
    }

    /** W1, W2 won; L1, L2 lost; O open; R won, then reopened. */
    private List<Opportunity> closedHistory() {
        on("2025-11-01");
        Opportunity w1 = move(open("W1", "10000", "2025-12-31"), QUALIFICATION, PROPOSAL, CLOSED_WON);
        Opportunity w2 = move(open("W2", "10000", "2025-12-31"), QUALIFICATION, CLOSED_WON);
        Opportunity l1 = placer.lose(move(open("L1", "10000", "2025-12-31"), QUALIFICATION), Deals.REP, "price");
        Opportunity l2 = placer.lose(open("L2", "10000", "2025-12-31"), Deals.REP, "no need");
        Opportunity o = move(open("O", "10000", "2025-12-31"), QUALIFICATION, PROPOSAL);
        Opportunity r = placer.reopen(move(open("R", "10000", "2025-12-31"), CLOSED_WON), DISCOVERY, Deals.MANAGER,
                "Contract rescinded");
        return List.of(w1, w2, l1, l2, o, r);
    }

    @Test
    void calibrationSmoothsTheObservedRateTowardTheDefault() {
        Calibration calibration = Calibration.fromHistory(List.of(PIPELINE), closedHistory(), clock.instant(),
                BigDecimal.TEN);

        // Discovery: 4 closed deals reached it, 2 won; (2 + 10 x 0.10) / (4 + 10) = 3/14.
        assertThat(calibration.stages().get(key(DISCOVERY))).isEqualTo(new CalibratedProbability(key(DISCOVERY),
                Probability.of("0.10"), Probability.of("0.2143"), 4, 2));
        // Qualification: 3 reached, 2 won; (2 + 2.5) / 13.
        assertThat(calibration.stages().get(key(QUALIFICATION)).calibrated()).isEqualTo(Probability.of("0.3462"));
        // Proposal: W1 was there; W2 was won from Qualification and never held Proposal, as L1 was lost from
        // it: counting W2 would lift Proposal with a win no loss can balance. 1 of 1; (1 + 6) / 11.
        assertThat(calibration.stages().get(key(PROPOSAL))).isEqualTo(new CalibratedProbability(key(PROPOSAL),
                Probability.of("0.60"), Probability.of("0.6364"), 1, 1));
        // Negotiation and Closing: no closed deal held them; the defaults 0.75 and 0.90 stand. R, reopened, does
        // not count.
        assertThat(calibration.stages().get(key(NEGOTIATION))).isEqualTo(new CalibratedProbability(key(NEGOTIATION),
                Probability.of("0.75"), Probability.of("0.75"), 0, 0));
        assertThat(calibration.stages().get(key(CLOSING)).calibrated()).isEqualTo(Probability.of("0.90"));
    }

    @Test
    void withoutAPriorTheCalibrationIsTheObservedRate() {
        Calibration calibration = Calibration.fromHistory(List.of(PIPELINE), closedHistory(), clock.instant(),
                BigDecimal.ZERO);
        assertThat(calibration.stages().get(key(DISCOVERY)).calibrated()).isEqualTo(Probability.of("0.5"));
        assertThat(calibration.stages().get(key(QUALIFICATION)).calibrated()).isEqualTo(Probability.of("0.6667"));
        assertThatThrownBy(() -> Calibration.fromHistory(List.of(PIPELINE), List.of(), clock.instant(),
                BigDecimal.ONE.negate())).isInstanceOf(InvalidValueException.class)
                .hasMessage("priorWeight must not be negative, but was -1");
    }

    @Test
    void perSegmentCalibrationLeansOnTheOverallFigure() {
        List<Opportunity> history = closedHistory();
        java.util.function.Function<Opportunity, String> segment =
                deal -> deal.id().value().startsWith("W") ? "winners" : deal.id().value().startsWith("N") ? "new" : "others";
        Calibration calibration = Calibration.fromHistory(List.of(PIPELINE), history, clock.instant(), BigDecimal.TEN,
                segment);

        // Overall Discovery 0.2143 (see above). "winners": W1, W2 reached it and won: (2 + 10 x 0.2143) / 12.
        assertThat(calibration.stages("winners").get(key(DISCOVERY))).isEqualTo(new CalibratedProbability(key(DISCOVERY),
                Probability.of("0.2143"), Probability.of("0.3452"), 2, 2));
        // "others": L1, L2 reached it and lost (O and R are not closed): (0 + 2.143) / 12.
        assertThat(calibration.stages("others").get(key(DISCOVERY)).calibrated()).isEqualTo(Probability.of("0.1786"));
        on("2025-11-02");
        Opportunity fresh = open("N1", "10000", "2025-12-31");
        assertThat(calibration.probabilityFor(fresh)).as("no closed deal in its segment: overall").isEqualTo(
                Probability.of("0.2143"));
        Opportunity winnerLike = open("W9", "10000", "2025-12-31");
        assertThat(calibration.probabilityFor(winnerLike)).isEqualTo(Probability.of("0.3452"));
    }

    @Test
    void theDealsRepProbabilityIsShownBesideTheCalibratedOneNeverOverwritten() {
        List<Opportunity> history = closedHistory();
        Opportunity o = history.get(4);
        Opportunity withRepGuess = placer.changeDetails(o, o.details().toBuilder().repProbability(Probability.of("0.9"))
                .expectedCloseDate(LocalDate.parse("2025-11-20")).build(), Deals.REP);
        Calibration calibration = Calibration.fromHistory(List.of(PIPELINE), history, clock.instant(), BigDecimal.TEN);

        Forecast forecast = Forecast.of(List.of(withRepGuess), LocalDate.parse("2025-11-01"), LocalDate.parse("2025-11-30"),
                clock.instant(), calibration::probabilityFor, ForecastRules.defaults(), BigDecimal.ZERO);

        assertThat(forecast.lines()).singleElement().satisfies(line -> {
            assertThat(line.probability()).isEqualTo(Probability.of("0.6364"));
            assertThat(line.rep()).contains(Probability.of("0.9"));
        });
        assertThat(withRepGuess.details().repProbability()).contains(Probability.of("0.9"));
    }

    @Test
    void calibrationConvergesToTheObservedRateAsTheSampleGrows() {
        qt().withExamples(30).forAll(integers().between(1, 60), integers().between(0, 100)).checkAssert((size, percent) -> {
            on("2025-11-01");
            int won = size * percent / 100;
            List<Opportunity> deals = new ArrayList<>();
            for (int index = 0; index < size; index++) {
                Opportunity deal = open("D" + index, "1000", "2025-12-31");
                deals.add(index < won ? move(deal, CLOSED_WON) : placer.lose(deal, Deals.REP, "lost"));
            }
            BigDecimal observed = BigDecimal.valueOf(won).divide(BigDecimal.valueOf(size), 10, java.math.RoundingMode.HALF_EVEN);
            BigDecimal prior = PIPELINE.stage(DISCOVERY).defaultWinProbability().value();
            BigDecimal calibrated = Calibration.fromHistory(List.of(PIPELINE), deals, clock.instant(), BigDecimal.TEN)
                    .stages().get(key(DISCOVERY)).calibrated().value();
            // calibrated - observed = w (prior - observed) / (n + w): the pull shrinks as n grows.
            BigDecimal bound = BigDecimal.TEN.multiply(prior.subtract(observed).abs())
                    .divide(BigDecimal.valueOf(size + 10L), 10, java.math.RoundingMode.HALF_EVEN);
            assertThat(calibrated.subtract(observed).abs()).isLessThanOrEqualTo(bound.add(new BigDecimal("0.00005")));
        });
    }

    /**
     * Q1 2026, forecast on 1 February. A won on 20 January (EUR 40,000); B won in December (outside);
     * open and expected in Q1: C EUR 100,000 in Negotiation (0.75, commit), D EUR 50,000 in Proposal
     * (0.60, best case), E EUR 20,000 in Discovery (0.10, pipeline); F expected in May; G in nurture.
     */
    private List<Opportunity> quarter() {
        on("2025-11-01");
        Opportunity b = open("B", "70000", "2025-12-01");
        Opportunity a = open("A", "40000", "2026-01-31");
        on("2025-12-15");
        b = move(b, CLOSED_WON);
        on("2026-01-10");
        Opportunity c = move(open("C", "100000", "2026-03-15"), QUALIFICATION, PROPOSAL, NEGOTIATION);
        Opportunity d = move(open("D", "50000", "2026-03-01"), QUALIFICATION, PROPOSAL);
        Opportunity e = open("E", "20000", "2026-02-20");
        Opportunity f = move(open("F", "80000", "2026-05-01"), QUALIFICATION, PROPOSAL);
        Opportunity g = placer.moveToNurture(open("G", "90000", "2026-03-01"), Deals.REP, "next year");
        on("2026-01-20");
        a = move(a, CLOSED_WON);
        on("2026-02-01");
        return List.of(a, b, c, d, e, f, g);
    }

    private Forecast q1(List<Opportunity> deals, BigDecimal slipRate) {
        return Forecast.of(deals, LocalDate.parse("2026-01-01"), LocalDate.parse("2026-03-31"), clock.instant(),
                deal -> deal.stage().defaultWinProbability(), ForecastRules.defaults(), slipRate);
    }

    @Test
    void theFullAndConservativeForecastOfAQuarter() {
        Forecast forecast = q1(quarter(), new BigDecimal("0.25"));

        assertThat(forecast.wonToDate().get(EUR)).contains(Money.of("40000", "EUR"));
        assertThat(forecast.lines()).extracting(line -> line.opportunityId().value() + ":" + line.category())
                .containsExactly("C:COMMIT", "D:BEST_CASE", "E:PIPELINE");
        Map<ForecastCategory, ?> byCategory = forecast.expectedByCategory();
        assertThat(forecast.expectedByCategory().get(ForecastCategory.COMMIT).get(EUR)).contains(Money.of("75000", "EUR"));
        assertThat(forecast.expectedByCategory().get(ForecastCategory.BEST_CASE).get(EUR)).contains(Money.of("30000", "EUR"));
        assertThat(forecast.expectedByCategory().get(ForecastCategory.PIPELINE).get(EUR)).contains(Money.of("2000", "EUR"));
        assertThat(byCategory.get(ForecastCategory.OMITTED)).isEqualTo(dev.salespipeline.core.metrics.MoneyTotals.empty());
        // 40,000 + 75,000 + 30,000 + 2,000.
        assertThat(forecast.full().get(EUR)).contains(Money.of("147000", "EUR"));
        // 40,000 + (75,000 + 30,000) x (1 - 0.25).
        assertThat(forecast.conservative().get(EUR)).contains(Money.of("118750", "EUR"));
    }

    @Test
    void theSlipRateIsTheShareOfWonDealsThatClosedAfterTheirFirstExpectedDate() {
        // A: expected 31 January, won 20 January (on time). B: expected 1 December, won 15 December (slipped).
        assertThat(Forecast.slipRate(quarter(), clock.instant())).isEqualByComparingTo("0.5000");
        assertThat(Forecast.slipRate(List.of(), clock.instant())).isEqualByComparingTo("0");
    }

    @Test
    void theSimulationIsReproducibleAndItsExtremesAreTheCertainOutcomes() {
        List<Opportunity> deals = quarter();
        Forecast forecast = q1(deals, BigDecimal.ZERO);
        List<Opportunity> reversed = new ArrayList<>(deals);
        Collections.reverse(reversed);

        RevenueDistribution first = forecast.simulate(20_000, 42).get(EUR);
        assertThat(q1(reversed, BigDecimal.ZERO).simulate(20_000, 42).get(EUR)).isEqualTo(first);
        assertThat(first.p10().compareTo(first.p50())).isLessThanOrEqualTo(0);
        assertThat(first.p50().compareTo(first.p90())).isLessThanOrEqualTo(0);
        // Never below what is already won, never above everything closing.
        assertThat(first.p10().compareTo(Money.of("40000", "EUR"))).isGreaterThanOrEqualTo(0);
        assertThat(first.p90().compareTo(Money.of("210000", "EUR"))).isLessThanOrEqualTo(0);
        assertThatThrownBy(() -> forecast.simulate(0, 1)).hasMessage("trials must be between 1 and 10000000, but was 0");
    }

    /**
     * 400 deals of 1,000 EUR at an even chance, one certain and one hopeless: each trial's revenue is
     * 1,000 EUR × Binomial(400, ½) + 5,000 EUR. The simulated percentiles must be the binomial's,
     * computed here exactly, to within one deal.
     */
    @Test
    void theSimulatedPercentilesAreThoseOfTheExactDistribution() throws Exception {
        on("2026-01-10");
        List<Opportunity> deals = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            deals.add(move(open("even-" + i, "1000", "2026-02-20"), QUALIFICATION, PROPOSAL));
        }
        Opportunity certain = move(open("certain", "5000", "2026-02-20"), QUALIFICATION, PROPOSAL);
        Opportunity hopeless = move(open("hopeless", "7000", "2026-02-20"), QUALIFICATION, PROPOSAL);
        deals.add(certain);
        deals.add(hopeless);
        Forecast forecast = Forecast.of(deals, LocalDate.parse("2026-01-01"), LocalDate.parse("2026-03-31"),
                clock.instant(), deal -> deal.equals(certain) ? Probability.of("1") : deal.equals(hopeless)
                        ? Probability.of("0") : Probability.of("0.5"), ForecastRules.defaults(), BigDecimal.ZERO);

        RevenueDistribution simulated = forecast.simulate(20_000, 7).get(EUR);

        for (int[] percentile : new int[][] {{10, 0}, {50, 1}, {90, 2}}) {
            Money actual = List.of(simulated.p10(), simulated.p50(), simulated.p90()).get(percentile[1]);
            long exact = 5_000 + 1_000L * binomialQuantile(400, percentile[0] / 100.0);
            assertThat(actual.amount().doubleValue()).as("P%d", percentile[0]).isBetween(exact - 1_000.0, exact + 1_000.0);
        }
        // The same seed gives the same figures however many threads share the trials.
        java.util.concurrent.ForkJoinPool one = new java.util.concurrent.ForkJoinPool(1);
        java.util.concurrent.ForkJoinPool three = new java.util.concurrent.ForkJoinPool(3);
        try {
            assertThat(one.submit(() -> forecast.simulate(20_000, 7)).get())
                    .isEqualTo(three.submit(() -> forecast.simulate(20_000, 7)).get())
                    .isEqualTo(forecast.simulate(20_000, 7));
        } finally {
            one.shutdown();
            three.shutdown();
        }
    }

    /** The smallest k with P(Binomial(n, ½) ≤ k) ≥ q. */
    private static int binomialQuantile(int n, double q) {
        double logHalfToTheN = n * Math.log(0.5);
        double cumulative = 0;
        double logChoose = 0;
        for (int k = 0; k <= n; k++) {
            if (k > 0) {
                logChoose += Math.log(n - k + 1) - Math.log(k);
            }
            cumulative += Math.exp(logChoose + logHalfToTheN);
            if (cumulative >= q) {
                return k;
            }
        }
        return n;
    }

    @Test
    void theSimulatedMeanConvergesToTheExpectedValue() {
        Forecast forecast = q1(quarter(), BigDecimal.ZERO);
        // Variance of the sum of independent closes: sum of v^2 p (1 - p).
        double variance = forecast.lines().stream().mapToDouble(line -> {
            double value = line.value().amount().doubleValue();
            double p = line.probability().value().doubleValue();
            return value * value * p * (1 - p);
        }).sum();
        int trials = 20_000;
        double tolerance = 5 * Math.sqrt(variance / trials);
        double expected = forecast.full().get(EUR).orElseThrow().amount().doubleValue();
        qt().withExamples(20).forAll(longs().all()).checkAssert(seed -> {
            double mean = forecast.simulate(trials, seed).get(EUR).mean().amount().doubleValue();
            assertThat(Math.abs(mean - expected)).as("seed %d", seed).isLessThanOrEqualTo(tolerance);
        });
    }

    @Test
    void aBacktestComparesEachPeriodsForecastWithWhatWasWon() {
        on("2025-12-01");
        Opportunity big = move(open("X", "100000", "2026-01-20"), QUALIFICATION, PROPOSAL, NEGOTIATION);
        Opportunity small = move(open("Y", "60000", "2026-01-25"), QUALIFICATION, PROPOSAL, NEGOTIATION);
        on("2026-01-10");
        big = move(big, CLOSED_WON);
        small = placer.lose(small, Deals.REP, "budget frozen");

        List<Backtest.PeriodResult> results = Backtest.run(List.of(big, small), List.of(PIPELINE),
                List.of(LocalDate.parse("2026-01-01")), LocalDate.parse("2026-02-01"), ForecastRules.defaults(),
                BigDecimal.TEN);

        // On 1 January nothing had closed: calibrated Negotiation = default 0.75; 75,000 + 45,000 forecast.
        assertThat(results).singleElement().satisfies(period -> {
            assertThat(period.forecast().get(EUR)).contains(Money.of("120000", "EUR"));
            assertThat(period.actual().get(EUR)).contains(Money.of("100000", "EUR"));
            assertThat(period.accuracy().get(EUR)).isEqualByComparingTo("0.8000");
        });
    }

    private static StageKey key(StageId stage) {
        return new StageKey(PIPELINE.id(), stage);
    }
}
