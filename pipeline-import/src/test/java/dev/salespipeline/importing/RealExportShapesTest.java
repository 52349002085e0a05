package dev.salespipeline.importing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.salespipeline.core.money.Money;
import dev.salespipeline.core.opportunity.Opportunity;
import dev.salespipeline.core.opportunity.OpportunityEvent.StageChanged;
import dev.salespipeline.core.pipeline.DefaultPipelines;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

/**
 * Files shaped like real CRM exports (written here, in the shapes real ones have: a Salesforce Data Export
 * with its OpportunityHistory, a Spanish multi-currency report saved by Excel, a HubSpot export of two
 * pipelines), each read with the mapping docs/importing.md shows for it. Expected figures are worked out
 * by hand from the fixtures' rows.
 */
class RealExportShapesTest {

    private static final String DIR = "real-shapes/";

    private static ImportResult read(String mapping, String file) {
        return CrmImport.builder(ImportMapping.parse(Fixtures.path(DIR + mapping)), DefaultPipelines.catalog())
                .mode(ImportMode.VALID_DEALS).build().read(Fixtures.path(DIR + file));
    }

    private static Map<String, Opportunity> byId(ImportResult result) {
        return result.opportunities().stream().collect(Collectors.toMap(deal -> deal.id().value(), Function.identity()));
    }

    @Test
    void aSalesforceDataExportOfMigratedDealsImportsWhole() {
        ImportResult result = CrmImport.builder(ImportMapping.parse(Fixtures.path(DIR
                        + "salesforce-data-export/data-export.mapping")), DefaultPipelines.catalog()).build()
                .read(Fixtures.path(DIR + "salesforce-data-export/Opportunity.csv"),
                        Fixtures.path(DIR + "salesforce-data-export/OpportunityHistory.csv"));
        Map<String, Opportunity> deals = byId(result);

        assertThat(result.report().problems()).isEmpty();
        assertThat(result.report()).extracting(ImportReport::rowsRead, ImportReport::rowsImported,
                        ImportReport::dealsImported, ImportReport::dealsAdjusted, ImportReport::dealsRejected)
                .containsExactly(5 + 8, 13, 5, 4, 0);
        // Migrated won and lost deals: loaded on 4 March 2021, closed in 2019 and 2020, no history rows.
        Opportunity wonBeforeLoad = deals.get("0065e00000A1b2CAAR");
        assertThat(wonBeforeLoad.createdAt()).isEqualTo(Instant.parse("2019-11-29T00:00:00Z"));
        assertThat(wonBeforeLoad.stageId().value()).isEqualTo("closed-won");
        assertThat(wonBeforeLoad.stageEnteredAt()).isEqualTo(Instant.parse("2019-11-29T00:00:00Z"));
        assertThat(deals.get("0065e00000A1b2DAAR").lossReason()).contains("Price");
        // A history that starts two years before the load date moves the creation back to its first row.
        Opportunity migratedWithHistory = deals.get("0065e00000A1b2GAAR");
        assertThat(migratedWithHistory.createdAt()).isEqualTo(Instant.parse("2019-01-10T09:00:00Z"));
        assertThat(migratedWithHistory.stageChanges()).extracting(change -> change.to().value(), StageChanged::occurredAt)
                .containsExactly(tuple("negotiation", Instant.parse("2019-02-01T09:00:00Z")),
                        tuple("closed-won", Instant.parse("2019-03-15T09:00:00Z")));
        // The open deal past its close date is imported as it is, its formula amount rounded to cents.
        Opportunity pastDue = deals.get("0065e00000A1b2EAAR");
        assertThat(pastDue.isOpen()).isTrue();
        assertThat(pastDue.details().expectedCloseDate()).isEqualTo(LocalDate.of(2021, 6, 30));
        assertThat(pastDue.details().value().amount()).isEqualTo(Money.of("23456.79", "USD"));
        assertThat(pastDue.createdAt()).isEqualTo(Instant.parse("2021-05-10T08:30:00Z"));
        // Won value 15,000.00 + 12,000.25.
        assertThat(result.opportunities().stream().filter(deal -> deal.stageId().value().equals("closed-won"))
                .map(deal -> deal.details().value().amount()).reduce(Money::plus)).contains(Money.of("27000.25", "USD"));
        assertThat(result.report().adjustments()).extracting(ImportProblem::file, ImportProblem::line,
                        ImportProblem::column)
                .containsExactly(tuple("Opportunity.csv", 2L, "CloseDate"), tuple("Opportunity.csv", 3L, "CloseDate"),
                        tuple("Opportunity.csv", 4L, "Amount"), tuple("OpportunityHistory.csv", 4L, "Amount"),
                        tuple("OpportunityHistory.csv", 7L, "CreatedDate"));
    }

    @Test
    void aSpanishMultiCurrencyReportSavedByExcelImportsWithItsStageNamesAndCommaDecimals() {
        ImportResult result = read("salesforce-report-es/report-es.mapping", "salesforce-report-es/oportunidades.csv");
        Map<String, Opportunity> deals = byId(result);

        assertThat(result.report().problems()).isEmpty();
        assertThat(result.report().dealsImported()).isEqualTo(6);
        assertThat(result.opportunities()).extracting(deal -> deal.id().value(), deal -> deal.stageId().value(),
                        deal -> deal.details().value().amount())
                .containsExactly(
                        tuple("0063000000aB1xQ", "closed-won", Money.of("1250.50", "EUR")),
                        tuple("0063000000aB1xR", "closed-won", Money.of("245000.00", "MXN")),
                        tuple("0063000000aB1xS", "closed-lost", Money.of("18400.00", "USD")),
                        tuple("0063000000aB1xT", "closed-won", Money.of("1500001", "JPY")),
                        tuple("0063000000aB1xU", "negotiation", Money.of("3999.99", "EUR")),
                        tuple("0063000000aB1xV", "qualification", Money.of("980.00", "EUR")));
        // windows-1252 text, the euro sign included, read as written.
        assertThat(deals.get("0063000000aB1xQ").details().account()).isEqualTo("Compañía Ibérica S.A.");
        assertThat(deals.get("0063000000aB1xV").details().attributes()).containsEntry("name", "Expansión €uro");
        assertThat(deals.get("0063000000aB1xS").lossReason()).contains("Precio");
        // Day first: 06/01/2025 is 6 January, not Salesforce's US 1 June.
        assertThat(deals.get("0063000000aB1xQ").createdAt()).isEqualTo(Instant.parse("2025-01-06T00:00:00Z"));
        assertThat(deals.get("0063000000aB1xT").details().expectedCloseDate()).isEqualTo(LocalDate.of(2025, 4, 30));
        assertThat(result.report().adjustments()).singleElement().hasToString("oportunidades.csv:5: column 'Importe' ="
                + " '1.500.000,75': has 2 decimals, more than the 0 of JPY: rounded half up to 1500001");
    }

    @Test
    void eachPipelineOfAHubSpotExportImportsWithItsOwnStageTable() {
        ImportResult sales = read("hubspot-two-pipelines/sales-pipeline.mapping", "hubspot-two-pipelines/all-deals.csv");
        ImportResult partner = read("hubspot-two-pipelines/partner-pipeline.mapping",
                "hubspot-two-pipelines/all-deals.csv");

        assertThat(sales.report().problems()).isEmpty();
        assertThat(partner.report().problems()).isEmpty();
        assertThat(sales.report()).extracting(ImportReport::rowsRead, ImportReport::dealsImported, ImportReport::rowsSkipped)
                .containsExactly(5, 3, 2);
        assertThat(partner.report()).extracting(ImportReport::rowsRead, ImportReport::dealsImported,
                ImportReport::rowsSkipped).containsExactly(5, 2, 3);
        assertThat(byId(sales).get("15550001").stageChanges()).extracting(change -> change.to().value(),
                        StageChanged::occurredAt)
                .containsExactly(tuple("qualification", Instant.parse("2025-03-10T09:00:00Z")),
                        tuple("negotiation", Instant.parse("2025-04-01T09:00:00Z")),
                        tuple("closed-won", Instant.parse("2025-05-30T15:00:00Z")));
        // The partner pipeline's "Closed Won" comes from its own column, not the sales pipeline's.
        Opportunity partnerWon = byId(partner).get("15550004");
        assertThat(partnerWon.createdAt()).isEqualTo(Instant.parse("2025-03-20T11:00:00Z"));
        assertThat(partnerWon.stageChanges()).extracting(change -> change.to().value(), StageChanged::occurredAt)
                .containsExactly(tuple("qualification", Instant.parse("2025-04-02T10:00:00Z")),
                        tuple("proposal", Instant.parse("2025-05-15T10:00:00Z")),
                        tuple("closed-won", Instant.parse("2025-07-31T17:00:00Z")));
        assertThat(byId(partner).get("15550005").stageId().value()).isEqualTo("qualification");
        assertThat(byId(sales).get("15550003").details().value().amount()).isEqualTo(Money.of("12250.50", "EUR"));
    }
}
