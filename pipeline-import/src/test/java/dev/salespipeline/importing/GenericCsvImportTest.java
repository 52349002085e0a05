package dev.salespipeline.importing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.salespipeline.core.metrics.PipelineMetrics;
import dev.salespipeline.core.money.Money;
import dev.salespipeline.core.opportunity.Opportunity;
import dev.salespipeline.core.opportunity.OpportunityEvent;
import dev.salespipeline.core.opportunity.OpportunityEvent.StageChanged;
import dev.salespipeline.core.opportunity.StageMove;
import dev.salespipeline.core.pipeline.DefaultPipelines;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

import org.junit.jupiter.api.Test;

/** Generic CSVs described by a mapping file: one row per deal, and one row per stage change. */
class GenericCsvImportTest {

    private static final ZoneId JAKARTA = ZoneId.of("Asia/Jakarta");

    private static ImportResult read(String name) {
        ImportMapping mapping = ImportMapping.parse(Fixtures.path("csv/" + name + ".mapping"));
        return CrmImport.builder(mapping, DefaultPipelines.catalog()).build().read(Fixtures.path("csv/" + name + ".csv"));
    }

    private static Opportunity deal(ImportResult result, String id) {
        return result.opportunities().stream().filter(deal -> deal.id().value().equals(id)).findFirst().orElseThrow();
    }

    @Test
    void oneRowPerDealWithSemicolonsDecimalCommasAndDayFirstDates() {
        ImportResult result = read("deals-per-row");

        assertThat(result.report().problems()).isEmpty();
        assertThat(result.report().dealsImported()).isEqualTo(5);
        Opportunity won = deal(result, "D-1");
        assertThat(won.details().value().amount()).isEqualTo(Money.of("1250000.00", "IDR"));
        assertThat(won.details().segment()).contains("SMB");
        // Engaged 2 January, closed 28 February, both at the start of the day in Jakarta.
        assertThat(won.createdAt()).isEqualTo(LocalDate.of(2025, 1, 2).atStartOfDay(JAKARTA).toInstant());
        assertThat(won.stageChanges()).singleElement().satisfies(change -> {
            assertThat(change.move()).isEqualTo(StageMove.WIN);
            assertThat(change.occurredAt()).isEqualTo(LocalDate.of(2025, 2, 28).atStartOfDay(JAKARTA).toInstant());
        });
        assertThat(deal(result, "D-4").stageId().value()).isEqualTo("proposal");
        assertThat(deal(result, "D-4").stageEnteredAt()).isEqualTo(deal(result, "D-4").createdAt());
        assertThat(deal(result, "D-5").stageChanges()).isEmpty();
    }

    @Test
    void metricsOfTheDealPerRowImportEqualTheFiguresWorkedOutFromTheRows() {
        PipelineMetrics metrics = PipelineMetrics.of(read("deals-per-row").opportunities(),
                Instant.parse("2025-12-01T00:00:00Z"));

        // Won: D-1 1,250,000.00 and D-3 4,400,000; lost: D-2; open: D-4 2,000,000 and D-5 750,000.
        assertThat(metrics.wonValue().get("IDR")).contains(Money.of("5650000.00", "IDR"));
        assertThat(metrics.openValue().get("IDR")).contains(Money.of("2750000.00", "IDR"));
        assertThat(metrics.winRate()).contains(new BigDecimal("0.6667"));
        // Cycles in whole days: 2 Jan → 28 Feb is 57 days; 3 Feb → 30 Jun is 147 days.
        assertThat(metrics.salesCycle().mean()).isEqualTo(Duration.ofDays(57 + 147).dividedBy(2));
    }

    @Test
    void badRowsAmongStageChangesRejectTheirWholeDealAndNoOther() {
        ImportMapping mapping = ImportMapping.parse(Fixtures.path("csv/stage-changes.mapping"));
        ImportResult result = CrmImport.builder(mapping, DefaultPipelines.catalog()).mode(ImportMode.VALID_DEALS).build()
                .read(Fixtures.path("csv/stage-changes-with-errors.csv"));

        // C-4, open, was due before it was created: past due, imported as it is (its alert says so).
        assertThat(result.opportunities()).extracting(deal -> deal.id().value()).containsExactly("C-1", "C-4");
        assertThat(deal(result, "C-4").details().expectedCloseDate()).isEqualTo(java.time.LocalDate.of(2025, 5, 1));
        assertThat(deal(result, "C-4").createdAt()).isEqualTo(java.time.Instant.parse("2025-06-01T09:00:00Z"));
        assertThat(result.report().problems()).extracting(ImportProblem::line, ImportProblem::column, ImportProblem::value)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(5L, "stage", "Demo"),
                        org.assertj.core.groups.Tuple.tuple(6L, "changed_at", "2025-02-30T09:00:00Z"),
                        org.assertj.core.groups.Tuple.tuple(7L, "deal_id", ""));
        // C-2's good first row goes with its bad second one: nothing is half-imported.
        assertThat(result.report()).extracting(ImportReport::rowsRead, ImportReport::rowsImported,
                        ImportReport::rowsRejected, ImportReport::dealsImported, ImportReport::dealsRejected)
                .containsExactly(7, 3, 4, 2, 2);
    }

    @Test
    void oneRowPerStageChangeWithTheRowsOfDealsInterleaved() {
        ImportResult result = read("stage-changes");

        assertThat(result.report().problems()).isEmpty();
        assertThat(result.report().rowsRead()).isEqualTo(8);
        assertThat(result.opportunities()).extracting(deal -> deal.id().value()).containsExactly("C-1", "C-2", "C-3");
        Opportunity won = deal(result, "C-1");
        assertThat(won.stageChanges()).extracting(StageChanged::move)
                .containsExactly(StageMove.ADVANCE, StageMove.ADVANCE, StageMove.WIN);
        assertThat(won.details().value().amount()).isEqualTo(Money.of("55000.00", "EUR"));
        assertThat(won.history()).filteredOn(OpportunityEvent.DetailsChanged.class::isInstance).hasSize(1);
        // Nurtured in March, back in September: reactivated to Discovery, the last open stage it held,
        // then advanced to Qualification, since reactivation may not jump past a gate.
        Opportunity nurtured = deal(result, "C-2");
        assertThat(nurtured.stageChanges()).extracting(StageChanged::move)
                .containsExactly(StageMove.NURTURE, StageMove.REACTIVATE, StageMove.ADVANCE);
        assertThat(nurtured.stageId().value()).isEqualTo("qualification");
        assertThat(nurtured.details().value().amount()).isEqualTo(Money.of("22000.00", "EUR"));
        assertThat(nurtured.createdAt()).isEqualTo(Instant.parse("2025-02-10T09:00:00Z"));
    }
}
