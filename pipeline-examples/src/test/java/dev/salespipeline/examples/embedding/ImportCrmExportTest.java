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

class ImportCrmExportTest {

    @Test
    void theShippedExportImportsWholeAndItsOpenDealsMustEarnTheirNextGate() {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        ImportCrmExport.run(new PrintStream(buffer, true, StandardCharsets.UTF_8),
                Clock.fixed(Instant.parse("2025-12-01T00:00:00Z"), ZoneOffset.UTC),
                Path.of("imports", "Opportunities.csv"), Path.of("imports", "OpportunityHistory.csv"));
        String output = buffer.toString(StandardCharsets.UTF_8);

        assertThat(output).startsWith("read 22 rows: imported 6 deals (22 rows), rejected 0 deals (0 rows), 0 problems")
                // Won 120,000 + 250,000 USD; open 80,000 + 9,500 USD and 12,000 EUR; 2 won of 3 closed.
                .contains("Won USD 370000.00, open EUR 12000.00; USD 89500.00, win rate 0.6667")
                // The CRM moved them; nothing in the export is evidence, so each next gate asks for the
                // exit criteria of its stage (DOMAIN.md) and the fields the CRM did not export.
                .contains("006A3 in negotiation: next gate blocked\n  - stakeholders-aligned\n  - contract-terms-agreed\n")
                .contains("006A4 in proposal: next gate blocked\n  - proposal-reviewed-with-decision-maker\n")
                .contains("006A6 in discovery: next gate blocked\n  - budget-range-confirmed\n")
                .doesNotContain("next gate allowed");
    }
}
