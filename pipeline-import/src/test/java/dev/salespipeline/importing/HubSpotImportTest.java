package dev.salespipeline.importing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.salespipeline.core.metrics.PipelineMetrics;
import dev.salespipeline.core.money.Money;
import dev.salespipeline.core.opportunity.Opportunity;
import dev.salespipeline.core.opportunity.OpportunityEvent.StageChanged;
import dev.salespipeline.core.opportunity.StageMove;
import dev.salespipeline.core.pipeline.DefaultPipelines;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

/** The HubSpot fixture: four deals whose "Date entered" columns give their stage histories. */
class HubSpotImportTest {

    private final ImportResult result = CrmImport.builder(ImportMapping.hubspot(), DefaultPipelines.catalog()).build()
            .read(Fixtures.path("hubspot/deals.csv"));

    private Opportunity deal(String id) {
        return result.opportunities().stream().filter(deal -> deal.id().value().equals(id)).findFirst().orElseThrow();
    }

    @Test
    void theDateEnteredColumnsBecomeTheStageHistory() {
        assertThat(result.report().problems()).isEmpty();
        assertThat(result.report().dealsImported()).isEqualTo(4);
        // Presentation Scheduled is needs-analysis and Contract Sent negotiation in the classic pipeline.
        assertThat(deal("9001").stageChanges()).extracting(StageChanged::move, change -> change.to().value(),
                        StageChanged::occurredAt)
                .containsExactly(
                        tuple(StageMove.ADVANCE, "qualification", Instant.parse("2025-03-10T09:00:00Z")),
                        tuple(StageMove.ADVANCE, "needs-analysis", Instant.parse("2025-04-01T09:00:00Z")),
                        tuple(StageMove.ADVANCE, "negotiation", Instant.parse("2025-05-05T09:00:00Z")),
                        tuple(StageMove.WIN, "closed-won", Instant.parse("2025-05-30T15:00:00Z")));
        assertThat(deal("9002").stageChanges()).extracting(StageChanged::move)
                .containsExactly(StageMove.ADVANCE, StageMove.LOSE);
        assertThat(deal("9004").stageChanges()).isEmpty();
        assertThat(deal("9001").details().account()).isEqualTo("Atlas GmbH");
        assertThat(deal("9001").details().attributes()).containsEntry("pipeline", "Sales Pipeline")
                .containsEntry("name", "Atlas onboarding");
    }

    @Test
    void aCurrentStageWithNoEntryDateIsReachedAfterTheLatestEntryAndAClosedOneOnItsCloseDate(
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws java.io.IOException {
        java.nio.file.Path deals = java.nio.file.Files.writeString(dir.resolve("deals.csv"), """
                Record ID,Associated Company,Deal owner,Amount,Currency,Close Date,Deal Stage,Create Date,\
                Date entered "Appointment Scheduled (Sales Pipeline)",Date entered "Contract Sent (Sales Pipeline)"
                1,Won without its date,Sari,100,EUR,2025-06-30,Closed Won,2025-03-03,2025-03-03,2025-04-01
                2,Moved back,Sari,100,EUR,2025-06-30,Qualified To Buy,2025-03-03,2025-03-03,2025-04-01
                """);
        ImportResult imported = CrmImport.builder(ImportMapping.hubspot(), DefaultPipelines.catalog()).build().read(deals);

        assertThat(imported.report().problems()).isEmpty();
        assertThat(imported.opportunities().get(0).stageChanges()).extracting(StageChanged::move, StageChanged::occurredAt)
                .containsExactly(tuple(StageMove.ADVANCE, Instant.parse("2025-04-01T00:00:00Z")),
                        tuple(StageMove.WIN, Instant.parse("2025-06-30T00:00:00Z")));
        assertThat(imported.opportunities().get(1).stageChanges()).extracting(StageChanged::move, StageChanged::occurredAt)
                .containsExactly(tuple(StageMove.ADVANCE, Instant.parse("2025-04-01T00:00:00Z")),
                        tuple(StageMove.REGRESS, Instant.parse("2025-04-01T00:00:00Z")));
    }

    @Test
    void anExportOfSeveralPipelinesIsRefusedUntilTheMappingPicksOne(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws java.io.IOException {
        // Both pipelines have a "Closed Won": by stage names alone, deal 2 would join the sales pipeline.
        java.nio.file.Path deals = java.nio.file.Files.writeString(dir.resolve("deals.csv"), """
                Record ID,Associated Company,Deal owner,Amount,Currency,Close Date,Deal Stage,Pipeline,Create Date
                1,Atlas,Sari,100,EUR,2025-06-30,Closed Won,Sales Pipeline,2025-03-03
                2,Borneo,Sari,100,EUR,2025-06-30,Closed Won,Partner Pipeline,2025-03-03
                3,Celebes,Rudi,100,EUR,2025-06-30,Contract Sent,sales pipeline,2025-03-03
                """);

        ImportResult refused = CrmImport.builder(ImportMapping.hubspot(), DefaultPipelines.catalog())
                .mode(ImportMode.VALID_DEALS).build().read(deals);
        assertThat(refused.opportunities()).isEmpty();
        assertThat(refused.report().problems()).singleElement().hasToString("deals.csv:1: holds deals of 2 pipelines "
                + "[Partner Pipeline, Sales Pipeline] in column 'Pipeline', whose stages cannot be told apart"
                + "\nMaybe set 'source-pipeline = <one of them>' in the mapping, and import each pipeline on its own.");

        ImportResult picked = CrmImport.builder(ImportMapping.hubspot().toBuilder().sourcePipeline("Sales Pipeline").build(),
                DefaultPipelines.catalog()).build().read(deals);
        assertThat(picked.opportunities()).extracting(deal -> deal.id().value()).containsExactly("1", "3");
        assertThat(picked.report()).extracting(ImportReport::rowsRead, ImportReport::rowsImported,
                ImportReport::rowsRejected, ImportReport::rowsSkipped).containsExactly(3, 2, 0, 1);
        assertThat(picked.report().isComplete()).isTrue();
        assertThat(picked.report().summary()).isEqualTo("read 3 rows: imported 2 deals (2 rows), rejected 0 deals "
                + "(0 rows), 0 problems, skipped 1 row of other pipelines");
    }

    @Test
    void metricsOfTheImportEqualTheFiguresWorkedOutFromTheRows() {
        PipelineMetrics metrics = PipelineMetrics.of(result.opportunities(), Instant.parse("2025-12-01T00:00:00Z"));

        // Won: 9001 (18,000). Lost: 9002. Open: 9003 (30,000) and 9004 (5,000), all in EUR.
        assertThat(metrics.wonValue().get("EUR")).contains(Money.of("18000.00", "EUR"));
        assertThat(metrics.openValue().get("EUR")).contains(Money.of("35000.00", "EUR"));
        assertThat(metrics.winRate()).contains(new BigDecimal("0.5000"));
        // 9001: 03 Mar 09:00 → 30 May 15:00 is 88 days 6 hours.
        assertThat(metrics.salesCycle().mean()).isEqualTo(Duration.ofDays(88).plusHours(6));
    }
}
