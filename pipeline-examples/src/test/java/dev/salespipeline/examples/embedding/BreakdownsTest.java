package dev.salespipeline.examples.embedding;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

class BreakdownsTest {

    @Test
    void everyOwnerHasARowAndTheTrendsTheirPoints() {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        Breakdowns.run(new PrintStream(printed, true, StandardCharsets.UTF_8),
                Clock.fixed(Instant.parse("2026-11-23T09:00:00Z"), ZoneOffset.UTC));
        String output = printed.toString(StandardCharsets.UTF_8);

        for (String owner : new String[] {"rep-ana", "rep-budi", "rep-citra", "rep-dewi", "rep-eko", "rep-fajar"}) {
            assertThat(output).containsPattern("(?m)^" + owner + " +\\d+ open");
        }
        // Thirteen weeks and a day back, a point a week: 14; a year back, a point a month: 13.
        assertThat(output).contains("weekly points 14, monthly 13");
    }
}
