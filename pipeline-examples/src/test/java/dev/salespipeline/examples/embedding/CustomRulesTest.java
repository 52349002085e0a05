package dev.salespipeline.examples.embedding;

import static org.assertj.core.api.Assertions.assertThat;

import dev.salespipeline.rules.RuleSources;
import dev.salespipeline.rules.scenario.ScenarioReport;
import dev.salespipeline.rules.scenario.ScenarioRunner;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

class CustomRulesTest {

    @Test
    void theShippedRulesDirectoryRefusesWhatTheDefaultsAllow() {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        CustomRules.run(new PrintStream(buffer, true, StandardCharsets.UTF_8),
                Clock.fixed(Instant.parse("2026-11-23T09:00:00Z"), ZoneOffset.UTC), Path.of("rules"));
        String output = buffer.toString(StandardCharsets.UTF_8);

        assertThat(output).containsPattern("Default rules rules@[0-9a-f]{12}: advance to Negotiation ALLOWED")
                .containsPattern("With rules \\(rules@[0-9a-f]{12}\\): advance to Negotiation REFUSED")
                .contains("  - security-review-passed: Pass the buyer's security review.")
                .contains("(rule 'Proposal exit: security review passed' in " + Path.of("rules", "security-review.drl") + ")");
    }

    @Test
    void theAnalystsScenariosPassWithTheirRuleAndCatchItsAbsence() {
        ScenarioReport withRule = ScenarioRunner.load(RuleSources.defaults().withDirectory(Path.of("rules")))
                .run(Path.of("scenarios"));
        ScenarioReport withoutRule = ScenarioRunner.load(RuleSources.defaults()).run(Path.of("scenarios"));

        assertThat(withRule.failures()).isEmpty();
        assertThat(withRule.results()).hasSize(3);
        assertThat(withoutRule.failures()).singleElement().hasToString("security-review.scenario:9: No negotiation "
                + "before the buyer's security review: expected it to be blocked by [security-review-passed], but it is "
                + "allowed");
    }
}
