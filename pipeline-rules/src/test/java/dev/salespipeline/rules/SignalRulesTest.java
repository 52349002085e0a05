package dev.salespipeline.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.salespipeline.rules.scenario.ScenarioReport;
import dev.salespipeline.rules.scenario.ScenarioResult;
import dev.salespipeline.rules.scenario.ScenarioRunner;
import dev.salespipeline.rules.testing.RulesFixtures;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Progression signals reach rules through Deal.signals: a gate that waits for a ghosting buyer to answer. */
class SignalRulesTest {

    @TempDir
    Path dir;

    @Test
    void aGateCanReadTheDealsSignals() throws IOException {
        Path rules = Files.createDirectories(dir.resolve("rules"));
        Files.writeString(rules.resolve("responsive-buyer.drl"), RulesFixtures.HOST_HEADER + """
                // Do not negotiate with a buyer who stopped answering: get them back first.
                rule "Proposal exit: the buyer is responsive"
                when
                    $gate : GateCheck( pipeline == "evidence-based", exiting == "proposal" )
                    Deal( id == $gate.dealId, signals contains "ghosting" )
                then
                    $gate.unmet( "buyer-responsive", "The buyer stopped answering: re-engage them before negotiating." );
                end
                """);
        Path scenarios = Files.createDirectories(dir.resolve("scenarios"));
        Files.writeString(scenarios.resolve("ghosting.scenario"), """
                Today is 2026-02-02
                Scenario: A ghosting buyer blocks the move to negotiation
                  Given a deal in Proposal for 25 days
                  And evidence proposal-reviewed-with-decision-maker, pricing-feedback-received
                  And evidence scope-verbally-agreed, legal-review-started
                  And a call from the buyer 20 days ago
                  And an email to the buyer 10 days ago
                  And an email to the buyer 3 days ago
                  When it asks to advance to Negotiation
                  Then it is blocked by buyer-responsive

                Scenario: Once the buyer answers, the deal may move on
                  Given a deal in Proposal for 25 days
                  And evidence proposal-reviewed-with-decision-maker, pricing-feedback-received
                  And evidence scope-verbally-agreed, legal-review-started
                  And a call from the buyer 20 days ago
                  And an email to the buyer 10 days ago
                  And an email to the buyer 3 days ago
                  And a call from the buyer 1 day ago
                  When it asks to advance to Negotiation
                  Then it is allowed
                """);

        ScenarioReport report = ScenarioRunner.load(RuleSources.defaults().withDirectory(rules)).run(scenarios);

        assertThat(report.results()).hasSize(2).allSatisfy(ScenarioResult::assertPassed);
        // Without the host rule the first scenario's expectation fails: the signal alone blocks nothing.
        assertThat(ScenarioRunner.load(RuleSources.defaults()).run(scenarios).failures()).hasSize(1);
    }
}
