package dev.salespipeline.core.anomaly;

import static org.assertj.core.api.Assertions.assertThat;

import dev.salespipeline.core.opportunity.Opportunity;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The detector's two rates, on generated portfolios whose process never changes ({@link SteadyPortfolio}):
 * how often it cries wolf, judging 26 weeks of each of five portfolios, and how often it catches an
 * anomaly injected into one week. The figures are quoted in docs/integration.md.
 */
class AnomalyRatesTest {

    private static final int PORTFOLIOS = 5;
    private static final int INJECTED_WEEK = 30;

    @Test
    void withNothingInjectedNoSeriesIsFlaggedInMoreThanOneWeekOf26() {
        Map<String, Integer> flaggedWeeks = new TreeMap<>();
        int seriesWeeks = 0;
        for (long seed = 1; seed <= PORTFOLIOS; seed++) {
            List<Opportunity> deals = SteadyPortfolio.generate(seed);
            for (int week = SteadyPortfolio.WEEKS - 26; week < SteadyPortfolio.WEEKS; week++) {
                for (Anomaly anomaly : PipelineAnomalies.detect(deals, SteadyPortfolio.monday(week))) {
                    flaggedWeeks.merge("portfolio " + seed + ": " + anomaly.kind() + " on " + anomaly.subject(), 1,
                            Integer::sum);
                }
            }
        }
        int flagged = flaggedWeeks.values().stream().mapToInt(Integer::intValue).sum();
        System.out.println("False alarms: " + flagged + " flagged series-weeks in " + PORTFOLIOS + " portfolios x 26 weeks: "
                + flaggedWeeks);

        assertThat(flaggedWeeks).allSatisfy((series, weeks) -> assertThat(weeks).as(series).isLessThanOrEqualTo(1));
        assertThat(flagged).as("over about 24 series a portfolio").isLessThanOrEqualTo(PORTFOLIOS * 24 * 26 / 100);
    }

    @ParameterizedTest
    @EnumSource(value = SteadyPortfolio.Injection.class, names = "NONE", mode = EnumSource.Mode.EXCLUDE)
    void anInjectedAnomalyIsCaughtInItsWeekInMostPortfolios(SteadyPortfolio.Injection injection) {
        Map<SteadyPortfolio.Injection, Anomaly.Kind> expected = Map.of(
                SteadyPortfolio.Injection.INFLOW_SPIKE, Anomaly.Kind.STAGE_INFLOW,
                SteadyPortfolio.Injection.PROPOSAL_COLLAPSE, Anomaly.Kind.STAGE_CONVERSION,
                SteadyPortfolio.Injection.QUALIFICATION_STALL, Anomaly.Kind.TIME_IN_STAGE,
                SteadyPortfolio.Injection.MASS_PUSH, Anomaly.Kind.CLOSE_DATES_PUSHED,
                SteadyPortfolio.Injection.REP_INFLATION, Anomaly.Kind.REP_PIPELINE_GROWTH);
        Map<SteadyPortfolio.Injection, String> subject = Map.of(
                SteadyPortfolio.Injection.INFLOW_SPIKE, "evidence-based/discovery",
                SteadyPortfolio.Injection.PROPOSAL_COLLAPSE, "evidence-based/proposal",
                SteadyPortfolio.Injection.QUALIFICATION_STALL, "evidence-based/qualification",
                SteadyPortfolio.Injection.MASS_PUSH, "all deals",
                SteadyPortfolio.Injection.REP_INFLATION, "rep-0 EUR");
        int caught = 0;
        for (long seed = 1; seed <= PORTFOLIOS; seed++) {
            List<Anomaly> anomalies = PipelineAnomalies.detect(SteadyPortfolio.generate(seed, injection, INJECTED_WEEK),
                    SteadyPortfolio.monday(INJECTED_WEEK));
            if (anomalies.stream().anyMatch(anomaly -> anomaly.kind() == expected.get(injection)
                    && anomaly.subject().equals(subject.get(injection)))) {
                caught++;
            }
        }
        System.out.println("Detection of " + injection + ": " + caught + " of " + PORTFOLIOS);

        assertThat(caught).isGreaterThanOrEqualTo(3);
    }
}
