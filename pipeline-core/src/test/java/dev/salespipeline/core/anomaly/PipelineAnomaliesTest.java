package dev.salespipeline.core.anomaly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.salespipeline.core.InvalidValueException;
import dev.salespipeline.core.gate.GateDecision;
import dev.salespipeline.core.money.Money;
import dev.salespipeline.core.opportunity.Actor;
import dev.salespipeline.core.opportunity.DealValue;
import dev.salespipeline.core.opportunity.Opportunity;
import dev.salespipeline.core.opportunity.OpportunityId;
import dev.salespipeline.core.opportunity.ValueKind;
import dev.salespipeline.core.pipeline.DefaultPipelines;
import dev.salespipeline.core.testing.Deals;
import dev.salespipeline.core.testing.TestClock;
import dev.salespipeline.core.transition.TransitionService;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * Twelve baseline weeks from Monday 12 January 2026 and the judged week of Monday 6 April. Every figure
 * below is worked out by hand: with a baseline of 1, 2, 3 repeated, the median is 2 and the median
 * absolute deviation 1, a robust standard deviation of 1.4826 (above the Poisson floor √2), so a week at
 * 12 scores (12 − 2) ÷ 1.4826 = 6.745, 6.74 half-even.
 */
class PipelineAnomaliesTest {

    private static final LocalDate FIRST = LocalDate.of(2026, 1, 12);
    private static final LocalDate JUDGED = LocalDate.of(2026, 4, 6);
    private static final int[] PATTERN = {1, 2, 3};

    private final TestClock clock = new TestClock();
    private final TransitionService service = new TransitionService(request -> GateDecision.allowed("test"), clock);
    private final List<Opportunity> deals = new ArrayList<>();

    private Opportunity open(LocalDate monday, String owner) {
        clock.set(monday.atTime(9, 0).toInstant(ZoneOffset.UTC));
        Opportunity deal = service.open(OpportunityId.of("d" + deals.size()), DefaultPipelines.evidenceBased(),
                Deals.completeDetails().toBuilder().owner(owner)
                        .value(DealValue.of(Money.of("1000.00", "EUR"), ValueKind.TCV)).build(), Actor.of(owner));
        deals.add(deal);
        return deal;
    }

    private void openEveryWeek(String owner, int judgedWeekCount) {
        for (int week = 0; week < 12; week++) {
            for (int deal = 0; deal < PATTERN[week % 3]; deal++) {
                open(FIRST.plusWeeks(week), owner);
            }
        }
        for (int deal = 0; deal < judgedWeekCount; deal++) {
            open(JUDGED, owner);
        }
    }

    @Test
    void aWeekOfTwelveNewDealsAgainstTheUsualOneToThreeIsAnAnomalyOfInflowAndOfTheRepsPipeline() {
        openEveryWeek("rep-ana", 12);

        List<Anomaly> anomalies = PipelineAnomalies.detect(deals, JUDGED.plusDays(3));

        assertThat(anomalies).extracting(Anomaly::kind, Anomaly::subject, Anomaly::value, Anomaly::median,
                        Anomaly::deviation, Anomaly::score, Anomaly::weeks)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(Anomaly.Kind.STAGE_INFLOW, "evidence-based/discovery",
                                new BigDecimal("12"), new BigDecimal("2"), new BigDecimal("1.4826"),
                                new BigDecimal("6.74"), 12),
                        // Growth in EUR: 12 deals of 1,000 against 1,000, 2,000, 3,000 a week. The robust spread,
                        // 1,482.6, is over the floor of one typical deal, 1,000: (12,000 − 2,000) ÷ 1,482.6.
                        org.assertj.core.groups.Tuple.tuple(Anomaly.Kind.REP_PIPELINE_GROWTH, "rep-ana EUR",
                                new BigDecimal("12000"), new BigDecimal("2000"), new BigDecimal("1482.6"),
                                new BigDecimal("6.74"), 12));
        assertThat(anomalies.get(0)).hasToString("STAGE_INFLOW on evidence-based/discovery, week of 2026-04-06: 12 "
                + "against a median of 2 (score 6.74 over 12 weeks)");
    }

    @Test
    void anOrdinaryWeekRaisesNothing() {
        openEveryWeek("rep-ana", 3);
        assertThat(PipelineAnomalies.detect(deals, JUDGED)).isEmpty();
    }

    @Test
    void aFigureWithFewerThanSixBaselineWeeksIsNotJudged() {
        // Three exits in the baseline, then the same 42-day exit the next test flags with eleven.
        for (int week = 8; week < 11; week++) {
            Opportunity deal = open(FIRST.plusWeeks(week), "rep-ana");
            clock.set(FIRST.plusWeeks(week).atTime(9, 0).toInstant(ZoneOffset.UTC).plus(Duration.ofDays(8)));
            deals.set(deals.size() - 1, service.advance(deal, DefaultPipelines.QUALIFICATION, Deals.REP).opportunity());
        }
        Opportunity slow = open(JUDGED.minusWeeks(6), "rep-ana");
        clock.set(JUDGED.atTime(10, 0).toInstant(ZoneOffset.UTC));
        deals.set(deals.size() - 1, service.advance(slow, DefaultPipelines.QUALIFICATION, Deals.REP).opportunity());

        assertThat(PipelineAnomalies.detect(deals, JUDGED)).extracting(Anomaly::kind)
                .doesNotContain(Anomaly.Kind.TIME_IN_STAGE, Anomaly.Kind.STAGE_CONVERSION);
    }

    @Test
    void dealsLeavingDiscoveryFarLaterThanUsualAreAnAnomalyOfTimeInStage() {
        for (int week = 0; week < 11; week++) {
            Opportunity deal = open(FIRST.plusWeeks(week), "rep-ana");
            // In Discovery 8, 9 or 10 days, so each leaves in the week after the one it was opened in.
            clock.set(FIRST.plusWeeks(week).atTime(9, 0).toInstant(ZoneOffset.UTC).plus(Duration.ofDays(7 + PATTERN[week % 3])));
            deals.set(deals.size() - 1, service.advance(deal, DefaultPipelines.QUALIFICATION, Deals.REP).opportunity());
        }
        for (int index = 0; index < PipelineAnomalies.MINIMUM_EXITS; index++) {
            Opportunity slow = open(JUDGED.minusWeeks(6), "rep-ana");
            clock.set(JUDGED.atTime(10, 0).toInstant(ZoneOffset.UTC));
            deals.set(deals.size() - 1, service.advance(slow, DefaultPipelines.QUALIFICATION, Deals.REP).opportunity());
        }

        // Baseline, one exit a week in weeks 2 to 12: 8, 9, 10, 8 … → median 9, MAD 1, robust spread 1.4826,
        // over the floor for the median of three exits (their own spread times 1.2533 ÷ √3 = 1.0728). The
        // judged week's three exits each took 42 days and 1 hour: (42.0417 − 9) ÷ 1.4826 = 22.29.
        List<Anomaly> timeInStage = PipelineAnomalies.detect(deals, JUDGED).stream()
                .filter(anomaly -> anomaly.kind() == Anomaly.Kind.TIME_IN_STAGE).toList();
        assertThat(timeInStage).singleElement().satisfies(anomaly -> {
            assertThat(anomaly.subject()).isEqualTo("evidence-based/discovery");
            assertThat(anomaly.median()).isEqualByComparingTo("9");
            assertThat(anomaly.deviation()).isEqualByComparingTo("1.4826");
            assertThat(anomaly.value()).isEqualByComparingTo("42.0417");
            assertThat(anomaly.score()).isEqualByComparingTo("22.29");
            assertThat(anomaly.weeks()).isEqualTo(11);
        });
    }

    @Test
    void aWeekWhereEveryDealLeftDiscoveryBackwardsIsAnAnomalyOfConversion() {
        for (int week = 0; week < 13; week++) {
            LocalDate monday = week < 12 ? FIRST.plusWeeks(week) : JUDGED;
            for (int index = 0; index < 6; index++) {
                Opportunity deal = open(monday, "rep-ana");
                clock.set(monday.atTime(9, 0).toInstant(ZoneOffset.UTC).plus(Duration.ofDays(2)));
                // Six a week, all forward, but in every fourth baseline week one is lost; in the judged week all are.
                boolean lost = week == 12 || (week % 4 == 3 && index == 5);
                deals.set(deals.size() - 1, lost ? service.lose(deal, Deals.REP, "no budget")
                        : service.advance(deal, DefaultPipelines.QUALIFICATION, Deals.REP).opportunity());
            }
        }

        // Baseline: 69 of 72 forward, a share of (69 + 1) ÷ (72 + 2) = 0.9459. The chance that none of six
        // moves forward is (1 − 0.9459)^6 = 2.49e-8, the normal tail of z = −5.45. The spread shown is the
        // binomial one, the square root of 0.9459 × 0.0541 ÷ 6 = 0.0923; the weekly shares' median is 1.
        assertThat(PipelineAnomalies.detect(deals, JUDGED)).filteredOn(anomaly -> anomaly.kind()
                        == Anomaly.Kind.STAGE_CONVERSION)
                .singleElement().satisfies(anomaly -> {
                    assertThat(anomaly.subject()).isEqualTo("evidence-based/discovery");
                    assertThat(anomaly.value()).isEqualByComparingTo("0");
                    assertThat(anomaly.median()).isEqualByComparingTo("1");
                    assertThat(anomaly.deviation()).isEqualByComparingTo("0.0923");
                    assertThat(anomaly.score()).isEqualByComparingTo("-5.45");
                });
    }

    @Test
    void oneDealLostOfOneIsNotAnAnomalyOfConversionHoweverSteadyTheBaseline() {
        for (int week = 0; week < 13; week++) {
            LocalDate monday = week < 12 ? FIRST.plusWeeks(week) : JUDGED;
            Opportunity deal = open(monday, "rep-ana");
            clock.set(monday.atTime(9, 0).toInstant(ZoneOffset.UTC).plus(Duration.ofDays(2)));
            deals.set(deals.size() - 1, week == 12 ? service.lose(deal, Deals.REP, "no budget")
                    : service.advance(deal, DefaultPipelines.QUALIFICATION, Deals.REP).opportunity());
        }
        // Twelve of twelve forward: a share of 13 ÷ 14; one loss in one has a chance of 1 ÷ 14 = 0.07.
        assertThat(PipelineAnomalies.detect(deals, JUDGED)).extracting(Anomaly::kind)
                .doesNotContain(Anomaly.Kind.STAGE_CONVERSION);
        assertThat(PipelineAnomalies.binomialZ(0, 1, 13.0 / 14)).isCloseTo(-1.465, org.assertj.core.data.Offset.offset(0.001));
    }

    @Test
    void manyCloseDatesPushedInOneWeek() {
        List<Opportunity> pushedDeals = new ArrayList<>();
        for (int index = 0; index < 20; index++) {
            pushedDeals.add(open(FIRST.minusWeeks(1), "rep-ana"));
        }
        // One push every other week for twelve weeks, then nine pushes in the judged week.
        int next = 0;
        for (int week = 0; week < 12; week += 2) {
            push(pushedDeals, next++, FIRST.plusWeeks(week).atTime(10, 0).toInstant(ZoneOffset.UTC));
        }
        for (int push = 0; push < 9; push++) {
            push(pushedDeals, next++, JUDGED.atTime(10, 0).toInstant(ZoneOffset.UTC));
        }

        assertThat(PipelineAnomalies.detect(deals, JUDGED)).filteredOn(anomaly -> anomaly.kind()
                        == Anomaly.Kind.CLOSE_DATES_PUSHED)
                .singleElement().satisfies(anomaly -> {
                    assertThat(anomaly.subject()).isEqualTo("all deals");
                    assertThat(anomaly.value()).isEqualByComparingTo("9");
                    // Baseline 1, 0, 1, 0 …: median 0.5, MAD 0.5, robust spread 0.7413, under the Poisson
                    // floor of one push: (9 − 0.5) ÷ 1 = 8.5.
                    assertThat(anomaly.median()).isEqualByComparingTo("0.5");
                    assertThat(anomaly.deviation()).isEqualByComparingTo("1");
                    assertThat(anomaly.score()).isEqualByComparingTo("8.50");
                });
    }

    private void push(List<Opportunity> pushed, int index, Instant at) {
        clock.set(at);
        Opportunity deal = pushed.get(index);
        Opportunity later = service.changeDetails(deal, deal.details().toBuilder()
                .expectedCloseDate(deal.details().expectedCloseDate().plusMonths(1)).build(), Deals.REP, "buyer asked");
        deals.set(deals.indexOf(deal), later);
    }

    @Test
    void aPipelinesFirstWeeksAndANewRepsFirstWeekRaiseNothing() {
        // Every deal of a young pipeline opened in one week, then nothing: the weeks before it are not zeros.
        for (int deal = 0; deal < 12; deal++) {
            open(JUDGED.minusWeeks(7), "rep-ana");
        }
        for (int week = 7; week >= 0; week--) {
            assertThat(PipelineAnomalies.detect(deals, JUDGED.minusWeeks(week))).as("%d weeks before", week).isEmpty();
        }
        // A rep who joins opens his first deals in the judged week: his pipeline did not grow from nothing.
        openEveryWeek("rep-budi", 3);
        for (int deal = 0; deal < 5; deal++) {
            open(JUDGED, "rep-citra");
        }
        assertThat(PipelineAnomalies.detect(deals, JUDGED)).extracting(Anomaly::subject).doesNotContain("rep-citra EUR");
    }

    @Test
    void badArgumentsAreRefusedByName() {
        assertThatThrownBy(() -> PipelineAnomalies.detect(deals, JUDGED, 4, PipelineAnomalies.DEFAULT_THRESHOLD))
                .isInstanceOf(InvalidValueException.class).hasMessage("baselineWeeks must be at least 6, but was 4");
        assertThatThrownBy(() -> PipelineAnomalies.detect(deals, JUDGED, 12, BigDecimal.ZERO))
                .isInstanceOf(InvalidValueException.class).hasMessage("threshold must be positive, but was 0");
    }
}
