package dev.salespipeline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.salespipeline.testkit.HostileRuleFiles;
import dev.salespipeline.testkit.HostileRuleFiles.HostileRuleFile;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.stream.Stream;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code check} on every file of the test kit's hostile catalogue that must be refused: exit code 1, file and line. */
class HostileRulesCheckTest {

    @TempDir
    Path markers;

    static Stream<HostileRuleFile> refusedCases() {
        return HostileRuleFiles.all().stream().filter(HostileRuleFile::refused);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedCases")
    void checkRefusesItWithExitCodeOneAndItsFileAndLine(HostileRuleFile hostile, @TempDir Path rules)
            throws IOException {
        Path marker = markers.resolve(hostile.name());
        Path main = hostile.writeTo(rules, marker);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int status = PipelineCli.run(new String[] {"check", rules.toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                Clock.fixed(Instant.parse("2026-11-23T12:00:00Z"), ZoneOffset.UTC));

        assertThat(status).isEqualTo(1);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains(main + ":" + hostile.line().getAsInt() + ": ");
        assertThat(Files.exists(marker)).isFalse();
        assertThat(System.getProperty(HostileRuleFiles.MARKER_PROPERTY)).isNull();
    }
}
