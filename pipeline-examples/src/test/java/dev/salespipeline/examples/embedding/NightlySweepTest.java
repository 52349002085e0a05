package dev.salespipeline.examples.embedding;

import static org.assertj.core.api.Assertions.assertThat;

import dev.salespipeline.core.metrics.StageAverages;
import dev.salespipeline.core.opportunity.Opportunity;
import dev.salespipeline.testkit.SamplePortfolio;
import dev.salespipeline.rules.outcome.DealReview;
import dev.salespipeline.rules.PipelineRules;
import dev.salespipeline.rules.outcome.PortfolioSweep;
import dev.salespipeline.rules.RuleSources;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;

class NightlySweepTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T09:00:00Z"), ZoneOffset.UTC);

    @Test
    void theStreamedSweepReportsWhatTheHeldPortfolioSweepFinds() {
        List<Opportunity> deals = SamplePortfolio.generate(300, 7, CLOCK.instant());
        PortfolioSweep held = PipelineRules.builder(RuleSources.defaults()).clock(CLOCK).build()
                .sweepPortfolio(deals, StageAverages.configured());
        long allowed = held.nextGates().values().stream().filter(decision -> decision.isAllowed()).count();
        long ghosting = held.alerts().stream().filter(alert -> alert.kind().equals("ghosting")).count();
        long toReview = held.reviews().stream().filter(DealReview::hasRecommendations).count();

        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        NightlySweep.run(new PrintStream(buffer, true, StandardCharsets.UTF_8), CLOCK, deals.iterator());
        String output = buffer.toString(StandardCharsets.UTF_8);

        assertThat(ghosting).isPositive();
        assertThat(toReview).isPositive();
        assertThat(output).contains("Swept 300 deals with rules ")
                .contains("Next gate open for " + allowed + " deals, blocked for " + (held.nextGates().size() - allowed))
                .containsPattern("Alerts by kind: \\{.*ghosting=" + ghosting + "[,}]")
                .contains("Deals to review (regression or disqualification): " + toReview);
    }
}
