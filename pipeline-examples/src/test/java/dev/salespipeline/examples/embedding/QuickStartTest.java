package dev.salespipeline.examples.embedding;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** The README's program, run as a newcomer runs it: its main method, reading the system clock. */
class QuickStartTest {

    @Test
    void theReadmesProgramRefusesTheAdvanceThenEarnsIt() {
        PrintStream original = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            QuickStart.main(new String[0]);
        } finally {
            System.setOut(original);
        }
        assertThat(printed.toString(StandardCharsets.UTF_8)).isEqualTo("""
                Advance to Qualification without evidence: refused
                  - budget-range-confirmed: Confirm the buyer's budget range.
                  - decision-maker-identified: Identify the decision maker.
                  - pain-cost-documented: Document the buyer's pain and what it costs them.
                  - timeline-committed: Get the buyer to commit to a timeline within 90 days.
                With the buyer's evidence: advanced to Qualification
                """);
    }
}
