package dev.salespipeline.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.salespipeline.core.InvalidValueException;
import dev.salespipeline.core.gate.GateDecision;
import dev.salespipeline.core.opportunity.Opportunity;
import dev.salespipeline.core.opportunity.OpportunityId;
import dev.salespipeline.core.pipeline.DefaultPipelines;
import dev.salespipeline.core.testing.Deals;
import dev.salespipeline.core.testing.TestClock;
import dev.salespipeline.core.transition.TransitionService;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class DayCountAndAveragesTest {

    private static Instant on(String date) {
        return LocalDate.parse(date).atTime(10, 0).toInstant(java.time.ZoneOffset.UTC);
    }

    @Test
    void workingDaysSkipWeekends() {
        // Friday 2 January 2026 to Monday 12 January: 10 calendar days, 6 working days (Mon 5 to Fri 9, Mon 12).
        assertThat(DayCount.CALENDAR.between(on("2026-01-02"), on("2026-01-12"))).isEqualTo(10);
        assertThat(DayCount.WORKING.between(on("2026-01-02"), on("2026-01-12"))).isEqualTo(6);
        assertThat(DayCount.WORKING.between(on("2026-01-12"), on("2026-01-02"))).isZero();
        // Three working days after Friday 2 January is Wednesday 7 January.
        assertThat(DayCount.WORKING.plus(LocalDate.parse("2026-01-02"), 3)).isEqualTo(LocalDate.parse("2026-01-07"));
        assertThat(DayCount.CALENDAR.plus(LocalDate.parse("2026-01-02"), 3)).isEqualTo(LocalDate.parse("2026-01-05"));
    }

    @Test
    void aChosenPercentileOfTheHistoryIsTheAverage() {
        TestClock clock = new TestClock();
        TransitionService placer = new TransitionService(request -> GateDecision.allowed("placer"), clock);
        List<Opportunity> history = new ArrayList<>();
        // Ten Discovery visits of 1 to 10 days.
        for (int days = 1; days <= 10; days++) {
            clock.set(TestClock.START);
            Opportunity deal = placer.open(OpportunityId.of("d" + days), Deals.PIPELINE, Deals.completeDetails(), Deals.REP);
            clock.advance(Duration.ofDays(days));
            history.add(placer.overrideGate(deal, DefaultPipelines.QUALIFICATION, Deals.MANAGER, "moved"));
        }
        clock.set(TestClock.START.plus(Duration.ofDays(30)));
        Opportunity current = placer.open(OpportunityId.of("now"), Deals.PIPELINE, Deals.completeDetails(), Deals.REP);
        Instant asOf = clock.instant();

        assertThat(StageAverages.fromHistory(history, asOf, 10).averageFor(current))
                .isEqualTo(Duration.ofDays(5).plusHours(12));
        assertThat(StageAverages.fromHistory(history, asOf, 10, 90, DayCount.CALENDAR).averageFor(current))
                .isEqualTo(Duration.ofDays(9));
        assertThat(StageAverages.fromHistory(history, asOf, 11, 90, DayCount.CALENDAR).averageFor(current))
                .as("too little history: the configured 7 days").isEqualTo(Duration.ofDays(7));
        assertThatThrownBy(() -> StageAverages.fromHistory(history, asOf, 10, 0, DayCount.WORKING))
                .isInstanceOf(InvalidValueException.class).hasMessage("percentile must be between 1 and 100, but was 0");
        assertThat(StageAverages.configured(DayCount.WORKING).dayCount()).isEqualTo(DayCount.WORKING);
        // A stage's average over every segment, for reports that show it beside the stage.
        assertThat(StageAverages.fromHistory(history, asOf, 10).averageFor(Deals.PIPELINE, current.stage()))
                .isEqualTo(Duration.ofDays(5).plusHours(12));
        assertThat(StageAverages.fromHistory(history, asOf, 11).averageFor(Deals.PIPELINE, current.stage()))
                .as("too little history: the configured 7 days").isEqualTo(Duration.ofDays(7));
    }
}
