package dev.salespipeline.core.metrics;

import static dev.salespipeline.core.pipeline.DefaultPipelines.DISCOVERY;
import static dev.salespipeline.core.pipeline.DefaultPipelines.PROPOSAL;
import static dev.salespipeline.core.pipeline.DefaultPipelines.QUALIFICATION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.lists;

import dev.salespipeline.core.InvalidValueException;
import dev.salespipeline.core.gate.GateDecision;
import dev.salespipeline.core.gate.RequiredEvidenceGateEvaluator;
import dev.salespipeline.core.money.Money;
import dev.salespipeline.core.opportunity.DealValue;
import dev.salespipeline.core.opportunity.Opportunity;
import dev.salespipeline.core.opportunity.OpportunityId;
import dev.salespipeline.core.opportunity.StageMove;
import dev.salespipeline.core.opportunity.ValueKind;
import dev.salespipeline.core.pipeline.DefaultPipelines;
import dev.salespipeline.core.testing.Deals;
import dev.salespipeline.core.testing.Operations;
import dev.salespipeline.core.testing.TestClock;
import dev.salespipeline.core.transition.TransitionService;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * Every figure below was computed by hand from the five deals of {@link #portfolio()} (the same
 * example is worked through in docs/metrics.md).
 */
class PipelineMetricsTest {

    private static final Instant T0 = TestClock.START;
    private static final StageKey DISCOVERY_KEY = new StageKey(DefaultPipelines.evidenceBased().id(), DISCOVERY);
    private static final StageKey QUALIFICATION_KEY = new StageKey(DefaultPipelines.evidenceBased().id(), QUALIFICATION);

    private static Instant day(int days) {
        return T0.plus(Duration.ofDays(days));
    }

    /**
     * A: EUR 100,000, created day 0, Qualification day 7, won day 30.
     * B: EUR 50,000, created day 0, lost day 10 ("Chose a competitor").
     * C: EUR 20,000, created day 5, Qualification day 10, Proposal day 15.
     * D: IDR 300,000,000, created day 2, still in Discovery.
     * E: EUR 30,000, created day 0, Qualification day 4, regressed to Discovery day 12 ("No budget after all").
     */
    static List<Opportunity> portfolio() {
        TestClock clock = new TestClock();
        TransitionService placer = new TransitionService(request -> GateDecision.allowed("placer"), clock);
        List<Opportunity> deals = new ArrayList<>();

        clock.set(day(0));
        Opportunity a = open(placer, "A", "100000.00", "EUR");
        Opportunity b = open(placer, "B", "50000.00", "EUR");
        Opportunity e = open(placer, "E", "30000.00", "EUR");
        clock.set(day(2));
        Opportunity d = open(placer, "D", "300000000", "IDR");
        clock.set(day(4));
        e = placer.overrideGate(e, QUALIFICATION, Deals.MANAGER, "placed");
        clock.set(day(5));
        Opportunity c = open(placer, "C", "20000.00", "EUR");
        clock.set(day(7));
        a = placer.overrideGate(a, QUALIFICATION, Deals.MANAGER, "placed");
        clock.set(day(10));
        b = placer.lose(b, Deals.REP, "Chose a competitor");
        c = placer.overrideGate(c, QUALIFICATION, Deals.MANAGER, "placed");
        clock.set(day(12));
        e = placer.regress(e, DISCOVERY, Deals.REP, "No budget after all");
        clock.set(day(15));
        c = placer.overrideGate(c, PROPOSAL, Deals.MANAGER, "placed");
        clock.set(day(30));
        a = placer.overrideGate(a, DefaultPipelines.CLOSED_WON, Deals.MANAGER, "signed");
        Collections.addAll(deals, a, b, c, d, e);
        return deals;
    }

    private static Opportunity open(TransitionService placer, String id, String amount, String currency) {
        return placer.open(OpportunityId.of(id), Deals.PIPELINE, Deals.completeDetails().toBuilder()
                .value(DealValue.of(Money.of(amount, currency), ValueKind.ACV)).build(), Deals.REP);
    }

    private static BigDecimal decimal(String value) {
        return new BigDecimal(value);
    }

    @Test
    void countsAndValuesAsOfDay40() {
        PipelineMetrics metrics = PipelineMetrics.of(portfolio(), day(40));

        assertThat(metrics.dealCount()).isEqualTo(5);
        assertThat(metrics.openDeals()).isEqualTo(3);
        assertThat(metrics.wonDeals()).isEqualTo(1);
        assertThat(metrics.lostDeals()).isEqualTo(1);
        assertThat(metrics.disqualifiedDeals()).isZero();
        assertThat(metrics.openValue().get("EUR")).contains(Money.of("50000.00", "EUR"));
        assertThat(metrics.openValue().get("IDR")).contains(Money.of("300000000", "IDR"));
        assertThat(metrics.averageOpenDealSize().get("EUR")).contains(Money.of("25000.00", "EUR"));
        // C in Proposal at 0.60, E in Discovery at 0.10: 12,000 + 3,000; D in Discovery at 0.10.
        assertThat(metrics.weightedOpenValue().get("EUR")).contains(Money.of("15000.00", "EUR"));
        assertThat(metrics.weightedOpenValue().get("IDR")).contains(Money.of("30000000", "IDR"));
        assertThat(metrics.wonValue().get("EUR")).contains(Money.of("100000.00", "EUR"));
        assertThat(metrics.winRate()).contains(decimal("0.5000"));
        assertThat(metrics.regressionRate()).contains(decimal("0.2000"));
    }

    @Test
    void durationsAsOfDay40() {
        PipelineMetrics metrics = PipelineMetrics.of(portfolio(), day(40));

        assertThat(metrics.salesCycle()).isEqualTo(new DurationStatistics(1, Duration.ofDays(30), Duration.ofDays(30),
                Duration.ofDays(30)));
        // Open deals C, D, E are 35, 38 and 40 days old.
        assertThat(metrics.dealAge()).isEqualTo(new DurationStatistics(3, Duration.ofDays(37).plusHours(16),
                Duration.ofDays(38), Duration.ofDays(40)));
        // Discovery visits: A 7, B 10, C 5, E 4 days. Qualification visits: A 23, C 5, E 8 days.
        assertThat(metrics.timeInStage().get(DISCOVERY_KEY)).isEqualTo(new DurationStatistics(4,
                Duration.ofDays(6).plusHours(12), Duration.ofDays(6), Duration.ofDays(10)));
        assertThat(metrics.timeInStage().get(QUALIFICATION_KEY)).isEqualTo(new DurationStatistics(3,
                Duration.ofDays(12), Duration.ofDays(8), Duration.ofDays(23)));
        // Reports list stages by their text, pipeline/stage, whatever order deals left them in.
        assertThat(metrics.timeInStage().keySet()).extracting(StageKey::toString).hasSizeGreaterThan(1).isSorted();
        assertThat(metrics.conversion().keySet()).extracting(StageKey::toString).hasSizeGreaterThan(1).isSorted();
    }

    @Test
    void conversionBlockersVelocityAndCoverageAsOfDay40() {
        PipelineMetrics metrics = PipelineMetrics.of(portfolio(), day(40));

        assertThat(metrics.conversion().get(DISCOVERY_KEY)).isEqualTo(new StageConversion(DISCOVERY_KEY, 3, 0, 1));
        assertThat(metrics.conversion().get(DISCOVERY_KEY).forwardShare()).contains(decimal("0.7500"));
        assertThat(metrics.conversion().get(QUALIFICATION_KEY)).isEqualTo(new StageConversion(QUALIFICATION_KEY, 2, 1, 0));
        assertThat(metrics.conversion().get(QUALIFICATION_KEY).backwardShare()).contains(decimal("0.3333"));
        assertThat(metrics.blockers()).containsExactly(
                new ReasonCount(StageMove.LOSE, "chose a competitor", 1),
                new ReasonCount(StageMove.REGRESS, "no budget after all", 1));
        // 50,000 x 0.5 / 30 days; 300,000,000 x 0.5 / 30 days.
        assertThat(metrics.velocityPerDay().get("EUR")).contains(Money.of("833.33", "EUR"));
        assertThat(metrics.velocityPerDay().get("IDR")).contains(Money.of("5000000", "IDR"));
        // Target 200,000: 100,000 still to win, 50,000 open.
        assertThat(metrics.coverage(Money.of("200000", "EUR"))).contains(decimal("0.50"));
        // 200,000 / (25,000 x 0.5).
        assertThat(metrics.requiredOpportunities(Money.of("200000", "EUR"))).contains(decimal("16"));
        assertThat(metrics.coverage(Money.of("100000", "EUR"))).as("target already met").isEmpty();
        assertThat(metrics.coverage(Money.of("1000", "USD"))).as("nothing open in USD").isEmpty();
    }

    @Test
    void theSamePortfolioAsOfDay20IsThePipelineAsItStoodThen() {
        PipelineMetrics metrics = PipelineMetrics.of(portfolio(), day(20));

        // A still in Qualification, B lost, C in Proposal, D and E in Discovery.
        assertThat(metrics.openDeals()).isEqualTo(4);
        assertThat(metrics.openValue().get("EUR")).contains(Money.of("150000.00", "EUR"));
        // A 100,000 x 0.25 + C 20,000 x 0.60 + E 30,000 x 0.10.
        assertThat(metrics.weightedOpenValue().get("EUR")).contains(Money.of("40000.00", "EUR"));
        assertThat(metrics.winRate()).contains(decimal("0.0000"));
        assertThat(metrics.velocityPerDay().isEmpty()).isTrue();
        assertThat(PipelineMetrics.of(portfolio(), day(1)).dealCount()).as("C and D did not exist yet").isEqualTo(3);
    }

    @Test
    void breakdownsAndTrends() {
        List<Opportunity> deals = portfolio();
        Map<String, PipelineMetrics> byBand = PipelineMetrics.breakdown(deals, day(40), Dimensions.dealSizeBand(25_000, 100_000));
        assertThat(byBand.keySet()).containsExactly("> 100000", "≤ 100000", "≤ 25000");
        assertThat(byBand.get("≤ 25000").dealCount()).isEqualTo(1);
        assertThat(byBand.get("≤ 100000").dealCount()).isEqualTo(3);
        assertThat(PipelineMetrics.breakdown(deals, day(40), Dimensions.SEGMENT).keySet()).containsExactly("(none)");
        assertThat(PipelineMetrics.breakdown(deals, day(40), Dimensions.PIPELINE).get("evidence-based").dealCount())
                .isEqualTo(5);

        List<PipelineMetrics> weekly = PipelineMetrics.trend(deals, day(0), day(35), Duration.ofDays(7));
        assertThat(weekly).extracting(PipelineMetrics::asOf).containsExactly(day(0), day(7), day(14), day(21), day(28),
                day(35));
        assertThat(weekly).extracting(PipelineMetrics::wonDeals).containsExactly(0, 0, 0, 0, 0, 1);
        List<PipelineMetrics> monthly = PipelineMetrics.trend(deals, Instant.parse("2026-01-31T00:00:00Z"),
                Instant.parse("2026-04-30T00:00:00Z"), java.time.Period.ofMonths(1));
        // From the 31st: end of February, then the 31st of March, then the 30th of April.
        assertThat(monthly).extracting(PipelineMetrics::asOf).containsExactly(Instant.parse("2026-01-31T00:00:00Z"),
                Instant.parse("2026-02-28T00:00:00Z"), Instant.parse("2026-03-31T00:00:00Z"),
                Instant.parse("2026-04-30T00:00:00Z"));
        assertThatThrownBy(() -> PipelineMetrics.trend(deals, day(1), day(0), Duration.ofDays(1)))
                .isInstanceOf(InvalidValueException.class).hasMessageStartingWith("to must not be before from");
        assertThatThrownBy(() -> Dimensions.dealSizeBand(10, 5)).hasMessage(
                "upperBounds must be strictly ascending, but was \"[10, 5]\"");
    }

    @Test
    void percentilesFollowTheNearestRankDefinition() {
        List<Duration> days = new ArrayList<>();
        for (int day = 1; day <= 10; day++) {
            days.add(Duration.ofDays(day));
        }
        assertThat(DurationStatistics.of(days)).isEqualTo(new DurationStatistics(10, Duration.ofDays(5).plusHours(12),
                Duration.ofDays(5).plusHours(12), Duration.ofDays(9)));
        assertThat(DurationStatistics.of(List.of())).isEqualTo(new DurationStatistics(0, Duration.ZERO, Duration.ZERO,
                Duration.ZERO));
    }

    /**
     * Any durations, negative ones included: count, mean (rounded toward zero), median and nearest-rank
     * P90 as exact arithmetic on nanoseconds gives them.
     */
    @Test
    void statisticsAreExactForAnyDurations() {
        qt().withExamples(500).forAll(lists().of(org.quicktheories.generators.SourceDSL.longs()
                .between(-3_000_000_000_000_000_000L / 1000, Long.MAX_VALUE / 1000)).ofSizeBetween(1, 60))
                .checkAssert(values -> {
                    List<Long> sorted = new ArrayList<>(values);
                    Collections.sort(sorted);
                    java.math.BigInteger total = sorted.stream().map(java.math.BigInteger::valueOf)
                            .reduce(java.math.BigInteger.ZERO, java.math.BigInteger::add);
                    int count = sorted.size();
                    java.math.BigInteger median = count % 2 == 1 ? java.math.BigInteger.valueOf(sorted.get(count / 2))
                            : java.math.BigInteger.valueOf(sorted.get(count / 2 - 1))
                                    .add(java.math.BigInteger.valueOf(sorted.get(count / 2))).divide(java.math.BigInteger.TWO);
                    long p90 = sorted.get((count * 9 + 9) / 10 - 1);

                    assertThat(DurationStatistics.of(values.stream().map(Duration::ofNanos).toList()))
                            .isEqualTo(new DurationStatistics(count,
                                    Duration.ofNanos(total.divide(java.math.BigInteger.valueOf(count)).longValueExact()),
                                    Duration.ofNanos(median.longValueExact()), Duration.ofNanos(p90)));
                });
        // Beyond a long of nanoseconds (about 292 years) the figures are still exact.
        assertThat(DurationStatistics.of(List.of(Duration.ofDays(200_000), Duration.ofDays(2))))
                .isEqualTo(new DurationStatistics(2, Duration.ofDays(100_001), Duration.ofDays(100_001),
                        Duration.ofDays(200_000)));
    }

    /** Random portfolios: each deal a random operation sequence through the real transition service. */
    private static List<Opportunity> randomPortfolio(List<List<Operations.Op>> sequences) {
        List<Opportunity> deals = new ArrayList<>();
        for (int index = 0; index < sequences.size(); index++) {
            TestClock clock = new TestClock();
            TransitionService service = new TransitionService(RequiredEvidenceGateEvaluator.defaults(), clock);
            Opportunity deal = Deals.open(service, "deal-" + index, Deals.completeDetails());
            for (Operations.Op op : sequences.get(index)) {
                deal = Operations.apply(service, clock, deal, op);
            }
            deals.add(deal);
        }
        return deals;
    }

    @Test
    void invariantsOverRandomPortfolios() {
        qt().withExamples(100).forAll(lists().of(Operations.sequences(25)).ofSizeBetween(0, 8)).checkAssert(sequences -> {
            List<Opportunity> deals = randomPortfolio(sequences);
            Instant end = T0.plus(Duration.ofDays(400));
            PipelineMetrics metrics = PipelineMetrics.of(deals, end);

            metrics.weightedOpenValue().byCurrency().forEach((currency, weighted) ->
                    assertThat(weighted.compareTo(metrics.openValue().get(currency).orElseThrow())).isLessThanOrEqualTo(0));
            metrics.winRate().ifPresent(rate -> assertThat(rate).isBetween(BigDecimal.ZERO, BigDecimal.ONE));
            metrics.regressionRate().ifPresent(rate -> assertThat(rate).isBetween(BigDecimal.ZERO, BigDecimal.ONE));
            long changesFromOpenStages = deals.stream().flatMap(deal -> deal.stageChanges().stream())
                    .filter(change -> deal(deals, change).pipeline().stage(change.from()).isOpen()).count();
            assertThat(metrics.conversion().values().stream().mapToInt(StageConversion::exits).sum())
                    .isEqualTo((int) changesFromOpenStages);

            List<Opportunity> reversed = new ArrayList<>(deals);
            Collections.reverse(reversed);
            PipelineMetrics again = PipelineMetrics.of(reversed, end);
            assertThat(again.weightedOpenValue()).isEqualTo(metrics.weightedOpenValue());
            assertThat(again.timeInStage()).isEqualTo(metrics.timeInStage());
            assertThat(again.conversion()).isEqualTo(metrics.conversion());
            assertThat(again.blockers()).isEqualTo(metrics.blockers());
            assertThat(again.salesCycle()).isEqualTo(metrics.salesCycle());
            assertThat(again.winRate()).isEqualTo(metrics.winRate());
        });
    }

    private static Opportunity deal(List<Opportunity> deals,
                                    dev.salespipeline.core.opportunity.OpportunityEvent.StageChanged change) {
        return deals.stream().filter(deal -> deal.id().equals(change.opportunityId())).findFirst().orElseThrow();
    }
}
