package dev.salespipeline.importing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import dev.salespipeline.core.opportunity.Opportunity;
import dev.salespipeline.core.pipeline.DefaultPipelines;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quicktheories.core.Gen;

/**
 * Whatever a file holds, an import answers with a report, never an exception, and its counts add up.
 * The files are made of the pieces exports go wrong with: quotes, delimiters, line ends, BOMs,
 * separators, odd dates and amounts, stage names that do and do not map, on a valid header.
 */
class ArbitraryInputTest {

    private static final List<String> PIECES = List.of(",", ",", ",", "\"", "\"\"", "\n", "\r\n", "\r", "\uFEFF", ";",
            "006A", "006B", " ", "1,000.50", "1.000,5", "-3", "1e9", "$5", "USD", "EUR", "XXX", "2025-01-10",
            "3/15/2025", "2/30/2025", "2025-13-01", "Prospecting", "Closed Won", "Closed Lost", "Negotiation/Review",
            "Nowhere", "true", "false", "Acme", "é", "\u0000", "x".repeat(300));
    private static final String HEADER = "Id,Account Name,Opportunity Owner,Amount,CurrencyIsoCode,CloseDate,StageName,"
            + "CreatedDate,IsWon\n";

    @TempDir
    Path dir;

    private static Gen<String> contents() {
        return lists().of(integers().between(0, PIECES.size() - 1)).ofSizeBetween(0, 120)
                .map(indexes -> {
                    StringBuilder text = new StringBuilder(HEADER);
                    indexes.forEach(index -> text.append(PIECES.get(index)));
                    return text.toString();
                });
    }

    @Test
    void anyFileGivesAReportWhoseCountsAddUpAndOnlyWholeDeals() {
        CrmImport crm = CrmImport.builder(ImportMapping.salesforce(), DefaultPipelines.catalog())
                .mode(ImportMode.VALID_DEALS).build();
        qt().withExamples(400).forAll(contents()).checkAssert(content -> {
            ImportResult result = crm.read(write(content));
            ImportReport report = result.report();

            assertThat(report.rowsRead()).isEqualTo(report.rowsImported() + report.rowsRejected() + report.rowsSkipped());
            assertThat(report.dealsImported()).isEqualTo(result.opportunities().size());
            assertThat(report.isComplete()).isEqualTo(report.problems().isEmpty() && report.rowsRejected() == 0);
            for (Opportunity deal : result.opportunities()) {
                assertThat(Opportunity.restore(deal.pipeline(), deal.history())).isEqualTo(deal);
            }
            for (ImportProblem problem : report.problems()) {
                assertThat(problem.reason()).isNotBlank();
            }
        });
    }

    private Path write(String content) {
        try {
            return Files.write(Files.createTempFile(dir, "arbitrary", ".csv"), content.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
