package dev.salespipeline.examples.embedding;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

class TeamIntegrationTest {

    @Test
    void changesReachTheBrokerHooksProposeAndEachViewerSeesTheirShare() {
        Instant now = Instant.parse("2026-11-23T09:00:00Z");
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        TeamIntegration.run(new PrintStream(printed, true, StandardCharsets.UTF_8), Clock.fixed(now, ZoneOffset.UTC));
        String output = printed.toString(StandardCharsets.UTF_8);
        long anasDeals = dev.salespipeline.testkit.SamplePortfolio.generate(200, 42, now).stream()
                .filter(deal -> deal.details().owner().equals("rep-ana")).count();
        Instant monthAgo = now.minus(java.time.Duration.ofDays(30));
        long budisDealsThen = dev.salespipeline.testkit.SamplePortfolio.generate(200, 42, now).stream()
                .map(deal -> deal.asOf(monthAgo)).flatMap(java.util.Optional::stream)
                .filter(deal -> java.util.Set.of("mgr-budi", "rep-ana", "rep-budi", "rep-citra")
                        .contains(deal.details().owner())).count();

        // Opened and moved to Proposal: two committed events on the broker; Proposal asks for a next step
        // and a stakeholder-map update, and tells the manager (a late stage).
        assertThat(anasDeals).isPositive();
        assertThat(output).contains("To the manager: A deal reached a late stage")
                .contains("Events on the broker: 2; proposals for the rep: 2")
                .containsPattern("rep-ana sees " + anasDeals + " of 200 deals, \\d+ of \\d+ alerts")
                .contains("the company [evidence-based, classic]")
                // Reassigned to rep-citra, of mgr-budi's team: the change reaches his scoped feed.
                .contains("mgr-budi saw " + budisDealsThen + " deals 30 days ago; his feed since: [details-changed team-1]");
    }
}
