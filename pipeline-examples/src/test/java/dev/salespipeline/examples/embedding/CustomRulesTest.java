package dev.salespipeline.examples.embedding;

import static org.assertj.core.api.Assertions.assertThat;

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
}
