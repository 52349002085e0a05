package dev.salespipeline.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.salespipeline.core.gate.GateRequest;
import dev.salespipeline.core.gate.UnmetCriterion;
import dev.salespipeline.rules.PipelineRules;
import dev.salespipeline.rules.RuleSources;

import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Keeps the benchmarks from rotting: runs each one briefly in this JVM (asserting no timing), and
 * holds the baseline to the same decisions as the default rules, so the comparison is like for like.
 */
@Tag("slow")
class BenchmarksSmokeTest {

    @Test
    void theBaselineDecidesExactlyAsTheDefaultRules() {
        PipelineRules rules = PipelineRules.builder(RuleSources.defaults()).clock(Clock.fixed(Workload.NOW, ZoneOffset.UTC))
                .build();
        PlainJavaGates plain = new PlainJavaGates();
        List<GateRequest> requests = Workload.nextGates(Workload.portfolio(300), 300);
        for (GateRequest request : requests) {
            assertThat(plain.evaluate(request).unmetCriteria().stream().map(UnmetCriterion::criterionId).toList())
                    .as("%s", request.opportunity().id())
                    .isEqualTo(rules.evaluate(request).unmetCriteria().stream().map(UnmetCriterion::criterionId).toList());
        }
    }

    @Test
    void theSyntheticPortfolioIsDeterministicAndHasAboutFiveEventsADeal() {
        List<dev.salespipeline.core.opportunity.Opportunity> portfolio = SyntheticPortfolio.generate(2_000, 42, Workload.NOW);
        assertThat(portfolio).isEqualTo(SyntheticPortfolio.generate(2_000, 42, Workload.NOW));
        double events = portfolio.stream().mapToLong(deal -> deal.history().size()).average().orElseThrow();
        assertThat(events).isBetween(4.4, 4.6);
        assertThat(portfolio.stream().filter(dev.salespipeline.core.opportunity.Opportunity::isOpen).count())
                .isBetween(900L, 1_100L);
        assertThat(SyntheticPortfolio.generate(100, 42, Workload.NOW, 10))
                .allSatisfy(deal -> assertThat(deal.history()).hasSizeGreaterThanOrEqualTo(14))
                .anySatisfy(deal -> assertThat(deal.evidence()).hasSizeGreaterThan(5));
        List<dev.salespipeline.core.opportunity.Opportunity> streamed = new java.util.ArrayList<>();
        SyntheticPortfolio.stream(100, 42, Workload.NOW, 10).forEachRemaining(streamed::add);
        assertThat(streamed).isEqualTo(SyntheticPortfolio.generate(100, 42, Workload.NOW, 10));
    }

    @Test
    void everyBenchmarkRunsInQuickMode() throws Exception {
        Options quick = new OptionsBuilder().include("dev.salespipeline.benchmarks.*").forks(0)
                .warmupIterations(0).measurementIterations(1).measurementTime(TimeValue.milliseconds(100))
                .param("deals", "100").param("requests", "50").param("batch", "100").shouldFailOnError(true).build();
        Collection<RunResult> results = new Runner(quick).run();
        List<String> expected = new java.util.ArrayList<>(List.of("singleGateDrools", "singleGatePlainJava", "sweepDrools", "sweepPlainJava",
                        "warmReload", "coldBuild", "metricsNow", "metricsAsOfHalfAYearAgo", "monteCarlo10kTrials",
                        "metricsAtScale", "asOfSnapshotAtScale", "monteCarloAtScale", "gateSweepDrools",
                        "gateSweepPlainJava", "fullSweepDrools", "gateSweepDroolsParallel", "gateSweepPlainJavaParallel",
                        "portfolioSweepDrools", "portfolioSweepDroolsOneThread", "portfolioAndSweep", "streamedSweep", "changedDealDrools",
                        "changedDealGateDrools", "changedDealGatePlainJava", "sandboxCheck", "sandboxCheck",
                        "droolsParserAlone", "droolsParserAlone",
                        // the store's benchmarks run once on PostgreSQL and once on H2
                        "loadADealOf15Events", "loadADealOf15Events", "appendOneEventToADeal", "appendOneEventToADeal",
                        "append1000EventsInOneTransaction", "append1000EventsInOneTransaction",
                        "append1000EventsADealATransaction", "append1000EventsADealATransaction",
                        "sweepTheOpenDealsOfTheStore", "sweepTheOpenDealsOfTheStore",
                        "blockedAdvanceThroughTheTopology", "blockedAdvanceEmbedded",
                        // on a broker, in three layouts of instances and threads
                        "commandsThroughTheBroker", "commandsThroughTheBroker", "commandsThroughTheBroker"));
        if (DashboardRenderBenchmark.browserInstalled()) {
            expected.add("openTheDashboard");
        }
        assertThat(results).extracting(result -> result.getParams().getBenchmark().replaceAll(".*\\.", ""))
                .containsExactlyInAnyOrderElementsOf(expected);
    }
}
