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

class RuleChangesTest {

    @Test
    void theCandidateLoadsItsImpactIsMeasuredAndTheWidenedSandboxLoadsToo() {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        RuleChanges.run(new PrintStream(printed, true, StandardCharsets.UTF_8),
                Clock.fixed(Instant.parse("2026-11-23T09:00:00Z"), ZoneOffset.UTC), Path.of("rules"));
        String output = printed.toString(StandardCharsets.UTF_8);

        assertThat(output).containsPattern("Loaded rules@[0-9a-f]{12} from the defaults and rules")
                .containsPattern("The candidate changes [1-9]\\d* next gates")
                .containsPattern("With String.replace allowed: rules@[0-9a-f]{12}");
    }
}
