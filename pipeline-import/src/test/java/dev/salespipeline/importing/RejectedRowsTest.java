package dev.salespipeline.importing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.salespipeline.core.money.Money;
import dev.salespipeline.core.opportunity.Opportunity;
import dev.salespipeline.core.pipeline.DefaultPipelines;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every reason a row or a file is rejected, with the file, line, column and value it names. */
class RejectedRowsTest {

    private static final String HEADER = "Id,Account Name,Opportunity Owner,Amount,CurrencyIsoCode,CloseDate,StageName,"
            + "CreatedDate,IsWon\n";
    private static final String GOOD = "006G,Good Co,Ana,1000,USD,2025-03-31,Prospecting,2025-01-10,false\n";

    @TempDir
    Path dir;

    private Path file(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
    }

    private ImportResult salesforce(ImportMode mode, String rows) throws IOException {
        return CrmImport.builder(ImportMapping.salesforce(), DefaultPipelines.catalog()).mode(mode).build()
                .read(file("opps.csv", HEADER + GOOD + rows));
    }

    /** The single problem of a file of one good row and {@code row}, which is line 3. */
    private ImportProblem onlyProblem(String row) throws IOException {
        ImportResult result = salesforce(ImportMode.VALID_DEALS, row + "\n");
        assertThat(result.opportunities()).extracting(deal -> deal.id().value()).containsExactly("006G");
        assertThat(result.report().problems()).hasSize(1);
        return result.report().problems().get(0);
    }

    @Test
    void anUnknownStageNamesThePipelinesStages() throws IOException {
        ImportProblem problem = onlyProblem("006B,Bad Co,Ana,1000,USD,2025-03-31,Discovery Call,2025-01-10,false");
        assertThat(problem).extracting(ImportProblem::file, ImportProblem::line, ImportProblem::column, ImportProblem::value)
                .containsExactly("opps.csv", 3L, "StageName", "Discovery Call");
        assertThat(problem.reason()).isEqualTo("is not a stage of pipeline 'classic', whose stages are [prospecting, "
                + "qualification, needs-analysis, proposal, negotiation, closed-won, closed-lost, disqualified, nurture]"
                + "\nMaybe map it with 'stage <name> = <stage id>' in the mapping.");
    }

    @Test
    void anUnparsableDateIsRefusedNotRolledOver() throws IOException {
        ImportProblem problem = onlyProblem("006B,Bad Co,Ana,1000,USD,2/30/2025,Prospecting,2025-01-10,false");
        assertThat(problem.toString()).isEqualTo("opps.csv:3: column 'CloseDate' = '2/30/2025': is not a date: write it "
                + "as 2024-03-31 or 2024-03-31T14:05:00Z, or as the mapping's date-format says");
    }

    @Test
    void anUnparsableAmountSaysWhatIsAccepted() throws IOException {
        ImportProblem problem = onlyProblem("006B,Bad Co,Ana,\"$1,200\",USD,2025-03-31,Prospecting,2025-01-10,false");
        assertThat(problem.toString()).isEqualTo("opps.csv:3: column 'Amount' = '$1,200': is not an amount: write digits "
                + "with '.' as the decimal separator and thousands separators in groups of three, such as 1,250,000.50, "
                + "with no currency symbol");
        assertThat(onlyProblem("006B,Bad Co,Ana,\"1,20,000\",USD,2025-03-31,Prospecting,2025-01-10,false").column())
                .isEqualTo("Amount");
    }

    @Test
    void anAmountWithMoreDecimalsThanItsCurrencyIsRoundedHalfUpAndReportedAsAnAdjustment() throws IOException {
        ImportResult result = salesforce(ImportMode.VALID_DEALS,
                "006B,Precise Co,Ana,10.555,USD,2025-03-31,Prospecting,2025-01-10,false\n"
                        + "006C,Yen Co,Ana,1250.4,JPY,2025-03-31,Prospecting,2025-01-10,false\n");

        assertThat(result.report().problems()).isEmpty();
        assertThat(result.opportunities()).extracting(deal -> deal.details().value().amount())
                .contains(dev.salespipeline.core.money.Money.of("10.56", "USD"),
                        dev.salespipeline.core.money.Money.of("1250", "JPY"));
        assertThat(result.report().adjustments()).extracting(ImportProblem::toString).containsExactly(
                "opps.csv:3: column 'Amount' = '10.555': has 3 decimals, more than the 2 of USD: rounded half up to 10.56",
                "opps.csv:4: column 'Amount' = '1250.4': has 1 decimals, more than the 0 of JPY: rounded half up to 1250");
        assertThat(result.report().dealsAdjusted()).isEqualTo(2);
        assertThat(result.report().summary()).startsWith("read 3 rows: imported 3 deals (3 rows; 2 adjusted)");
    }

    @Test
    void anOpenDealDueBeforeItWasCreatedIsImportedPastDue() throws IOException {
        ImportResult result = salesforce(ImportMode.VALID_DEALS,
                "006B,Late Co,Ana,1000,USD,2024-12-31,Prospecting,2025-01-10,false\n");

        assertThat(result.report().problems()).isEmpty();
        assertThat(result.report().adjustments()).isEmpty();
        assertThat(result.opportunities()).filteredOn(deal -> deal.id().value().equals("006B")).singleElement()
                .satisfies(deal -> {
                    assertThat(deal.isOpen()).isTrue();
                    assertThat(deal.details().expectedCloseDate()).isEqualTo(java.time.LocalDate.of(2024, 12, 31));
                });
    }

    @Test
    void aClosedDealThatClosedBeforeItWasCreatedKeepsItsCloseDateAndIsCreatedThen() throws IOException {
        // Migrated data: loaded into the CRM on 2025-01-10, won in 2022.
        ImportResult result = salesforce(ImportMode.VALID_DEALS,
                "006B,Old Co,Ana,1000,USD,2022-06-30,Closed Won,2025-01-10,true\n");

        assertThat(result.report().problems()).isEmpty();
        Opportunity won = result.opportunities().stream().filter(deal -> deal.id().value().equals("006B")).findFirst()
                .orElseThrow();
        assertThat(won.stage().kind()).isEqualTo(dev.salespipeline.core.pipeline.StageKind.WON);
        assertThat(won.stageEnteredAt()).isEqualTo(java.time.Instant.parse("2022-06-30T00:00:00Z"));
        assertThat(won.createdAt()).isEqualTo(java.time.Instant.parse("2022-06-30T00:00:00Z"));
        assertThat(result.report().adjustments()).extracting(ImportProblem::toString).containsExactly(
                "opps.csv:3: column 'CloseDate' = '2022-06-30': is before the deal's created date 2025-01-10: the closed"
                        + " deal keeps its close date and is taken as created on it (migrated data)");
    }

    @Test
    void aDuplicateIdRejectsBothRows() throws IOException {
        ImportResult result = salesforce(ImportMode.VALID_DEALS,
                "006B,Bad Co,Ana,1000,USD,2025-03-31,Prospecting,2025-01-10,false\n"
                        + "006B,Other Co,Ana,2000,USD,2025-03-31,Prospecting,2025-01-10,false\n");
        assertThat(result.report().problems()).singleElement().hasToString(
                "opps.csv:4: column 'Id' = '006B': is a duplicate: line 3 has the same id, so neither row can be trusted");
        assertThat(result.report()).extracting(ImportReport::rowsRead, ImportReport::rowsImported,
                ImportReport::rowsRejected, ImportReport::dealsImported, ImportReport::dealsRejected)
                .containsExactly(3, 1, 2, 1, 1);
    }

    @Test
    void aMissingRequiredColumnRejectsTheWholeFileInEitherMode() throws IOException {
        Path file = file("opps.csv", "Id,Account Name,Amount,CurrencyIsoCode,CloseDate,StageName,CreatedDate\n"
                + "006G,Good Co,1000,USD,2025-03-31,Prospecting,2025-01-10\n");
        ImportResult result = CrmImport.builder(ImportMapping.salesforce(), DefaultPipelines.catalog())
                .mode(ImportMode.VALID_DEALS).build().read(file);

        assertThat(result.opportunities()).isEmpty();
        assertThat(result.report().problems()).singleElement().hasToString("opps.csv:1: missing required column "
                + "'owner' (a column named Opportunity Owner or Owner.Name or Owner Name or Owner or OwnerId); "
                + "the header has [Id, Account Name, Amount, CurrencyIsoCode, CloseDate, StageName, CreatedDate]"
                + "\nMaybe the export has other column names: map them with 'column <field> = <header>'.");
        assertThat(result.report().rowsRejected()).isEqualTo(1);
    }

    @Test
    void historyRowsOfASkippedPipelineAreSkippedWithTheirDeal() throws IOException {
        Path opportunities = file("opps.csv", "Id,Account Name,Opportunity Owner,Amount,CurrencyIsoCode,CloseDate,"
                + "StageName,CreatedDate,Record Type\n"
                + "006G,Good Co,Ana,1000,USD,2025-03-31,Prospecting,2025-01-10,Direct\n"
                + "006P,Partner Co,Ana,1000,USD,2025-03-31,Prospecting,2025-01-10,Partner\n");
        Path history = file("history.csv", "OpportunityId,StageName,CreatedDate\n"
                + "006G,Prospecting,2025-01-10\n006P,Prospecting,2025-01-10\n");
        ImportMapping direct = ImportMapping.salesforce().toBuilder().column(ImportField.PIPELINE, "Record Type")
                .sourcePipeline("Direct").build();

        ImportResult result = CrmImport.builder(direct, DefaultPipelines.catalog()).build().read(opportunities, history);

        assertThat(result.opportunities()).extracting(deal -> deal.id().value()).containsExactly("006G");
        assertThat(result.report()).extracting(ImportReport::rowsRead, ImportReport::rowsImported,
                ImportReport::rowsRejected, ImportReport::rowsSkipped).containsExactly(4, 2, 0, 2);
    }

    @Test
    void blankRequiredCellsAndBlankAmounts() throws IOException {
        assertThat(onlyProblem("006B,,Ana,1000,USD,2025-03-31,Prospecting,2025-01-10,false"))
                .hasToString("opps.csv:3: column 'Account Name' = '': is blank, but every deal needs its account");
        assertThat(onlyProblem("006B,Bad Co,Ana,,USD,2025-03-31,Prospecting,2025-01-10,false").reason())
                .isEqualTo("is blank, but every deal needs a value"
                        + "\nMaybe set 'blank-value = zero' in the mapping to import blank amounts as 0.");
        ImportResult zero = CrmImport.builder(ImportMapping.salesforce().toBuilder().blankValueIsZero(true).build(),
                        DefaultPipelines.catalog()).build()
                .read(file("zero.csv", HEADER + "006B,Bad Co,Ana,,USD,2025-03-31,Prospecting,2025-01-10,false\n"));
        assertThat(zero.opportunities()).singleElement()
                .satisfies(deal -> assertThat(deal.details().value().amount()).isEqualTo(Money.of("0.00", "USD")));
    }

    @Test
    void aRowWithMoreCellsThanTheHeaderIsRefused() throws IOException {
        assertThat(onlyProblem("006B,Bad, Co,Ana,1000,USD,2025-03-31,Prospecting,2025-01-10,false"))
                .hasToString("opps.csv:3: the row has 10 cells, but the header has 9"
                        + "\nMaybe a value holds an unquoted delimiter.");
    }

    @Test
    void aRowWithNoIdBelongsToNoDealAndIsReportedAlone() throws IOException {
        assertThat(onlyProblem(",Bad Co,Ana,1000,USD,2025-03-31,Prospecting,2025-01-10,false"))
                .hasToString("opps.csv:3: column 'Id' = '': is blank: every row needs the deal's id");
    }

    @Test
    void crmFlagsThatContradictTheStageAreRefused() throws IOException {
        assertThat(onlyProblem("006B,Bad Co,Ana,1000,USD,2025-03-31,Prospecting,2025-01-10,true")).hasToString(
                "opps.csv:3: column 'IsWon' = 'true': says the deal is won, but its stage maps to 'prospecting', "
                        + "an OPEN stage");
    }

    @Test
    void anAmountWrittenWithAnotherCurrencyThanItsColumnIsRefused() throws IOException {
        assertThat(onlyProblem("006B,Bad Co,Ana,EUR 1000,USD,2025-03-31,Prospecting,2025-01-10,false"))
                .hasToString("opps.csv:3: column 'Amount' = 'EUR 1000': is in EUR, but the currency column says USD");
    }

    @Test
    void allOrNothingImportsNothingWhenOneRowIsBad() throws IOException {
        ImportResult result = salesforce(ImportMode.ALL_OR_NOTHING,
                "006B,Bad Co,Ana,1000,USD,2025-03-31,Nowhere,2025-01-10,false\n");

        assertThat(result.opportunities()).isEmpty();
        assertThat(result.report()).extracting(ImportReport::rowsRead, ImportReport::rowsImported,
                ImportReport::rowsRejected, ImportReport::dealsImported, ImportReport::dealsRejected)
                .containsExactly(2, 0, 2, 0, 2);
        assertThat(result.report().summary())
                .isEqualTo("read 2 rows: imported 0 deals (0 rows), rejected 2 deals (2 rows), 1 problem");
    }

    @Test
    void oneBadHistoryRowRejectsItsWholeDealAndNoOther() throws IOException {
        Path opportunities = file("opps.csv", HEADER + GOOD
                + "006B,Bad Co,Ana,1000,USD,2025-03-31,Qualification,2025-01-10,false\n");
        Path history = file("history.csv", "OpportunityId,StageName,CreatedDate\n"
                + "006B,Prospecting,2025-01-10\n"
                + "006B,Qualification,yesterday\n"
                + "006X,Prospecting,2025-01-10\n");
        ImportResult result = CrmImport.builder(ImportMapping.salesforce(), DefaultPipelines.catalog())
                .mode(ImportMode.VALID_DEALS).build().read(opportunities, history);

        assertThat(result.opportunities()).extracting(deal -> deal.id().value()).containsExactly("006G");
        assertThat(result.report().problems()).extracting(ImportProblem::toString).containsExactly(
                "history.csv:3: column 'CreatedDate' = 'yesterday': is not a date: write it as 2024-03-31 or "
                        + "2024-03-31T14:05:00Z, or as the mapping's date-format says",
                "history.csv:4: column 'OpportunityId' = '006X': names no opportunity of the opportunities export");
        // Two opportunity rows and three history rows; 006B's row and both its history rows are rejected
        // with it, and 006X's row.
        assertThat(result.report()).extracting(ImportReport::rowsRead, ImportReport::rowsImported,
                ImportReport::rowsRejected).containsExactly(5, 1, 4);
    }

    @Test
    void aHistoryThatEndsElsewhereIsRefusedAndOneThatStartsBeforeTheDealMovesItsCreationBack() throws IOException {
        Path opportunities = file("opps.csv", HEADER + "006B,Bad Co,Ana,1000,USD,2025-03-31,Qualification,2025-01-10,false\n"
                + "006C,Early Co,Ana,1000,USD,2025-03-31,Prospecting,2025-01-10,false\n");
        Path history = file("history.csv", "OpportunityId,StageName,CreatedDate\n"
                + "006B,Prospecting,2025-01-10\n"
                + "006C,Prospecting,2025-01-09\n");
        ImportResult result = CrmImport.builder(ImportMapping.salesforce(), DefaultPipelines.catalog())
                .mode(ImportMode.VALID_DEALS).build().read(opportunities, history);

        assertThat(result.report().problems()).extracting(ImportProblem::toString).containsExactly(
                "opps.csv:2: column 'StageName' = 'Qualification': maps to 'qualification', but the deal's history ends "
                        + "in 'prospecting'"
                        + "\nMaybe the history export was filtered by date: export the whole OpportunityHistory.");
        // A history that starts before the deal's created date: the deal was created then, at the latest.
        assertThat(result.opportunities()).singleElement().satisfies(deal -> assertThat(deal.createdAt())
                .isEqualTo(java.time.Instant.parse("2025-01-09T00:00:00Z")));
        assertThat(result.report().adjustments()).extracting(ImportProblem::toString).containsExactly(
                "history.csv:3: column 'CreatedDate' = '2025-01-09T00:00:00Z': is before the deal's created date"
                        + " 2025-01-10: the deal is taken as created then (migrated data often carries the load date)");
    }

    @Test
    void aFileThatIsNotUtf8IsRefusedAtTheLineOfTheBadByte() throws IOException {
        Path latin1 = dir.resolve("latin1.csv");
        Files.write(latin1, (HEADER + GOOD + "006B,Caf\u00e9 Co,Ana,1000,USD,2025-03-31,Prospecting,2025-01-10,false\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        CrmImport crm = CrmImport.builder(ImportMapping.salesforce(), DefaultPipelines.catalog())
                .mode(ImportMode.VALID_DEALS).build();

        ImportResult result = crm.read(latin1);

        assertThat(result.opportunities()).isEmpty();
        assertThat(result.report().problems()).singleElement().hasToString("latin1.csv:3: the file is not valid UTF-8 "
                + "text at line 3, after '006B,Caf'\nIt reads as windows-1252 (what Excel on Windows saves in the Americas"
                + " and Western Europe): add the line 'charset = windows-1252' to the mapping (on the command line:"
                + " --charset windows-1252).");
        ImportResult asLatin1 = CrmImport.builder(ImportMapping.salesforce(), DefaultPipelines.catalog())
                .charset(StandardCharsets.ISO_8859_1).build().read(latin1);
        assertThat(asLatin1.opportunities()).extracting(deal -> deal.details().account())
                .containsExactly("Good Co", "Caf\u00e9 Co");
    }

    @Test
    void malformedQuotingAnEmptyFileAndAMissingFileAreRefused() throws IOException {
        CrmImport crm = CrmImport.builder(ImportMapping.salesforce(), DefaultPipelines.catalog()).build();

        assertThat(crm.read(file("quotes.csv", HEADER + GOOD + "006B,\"Bad\" Co,Ana,1,USD,2025-03-31,Prospecting,"
                + "2025-01-10,false\n")).report().problems()).singleElement()
                .satisfies(problem -> assertThat(problem.toString())
                        .startsWith("quotes.csv:3: the file is not well-formed CSV near line 3: Invalid character "
                                + "between encapsulated token and delimiter"));
        assertThat(crm.read(file("empty.csv", "")).report().problems()).singleElement()
                .hasToString("empty.csv:0: the file is empty: expected a header row naming the columns");
        assertThat(crm.read(dir.resolve("absent.csv")).report().problems()).singleElement()
                .hasToString("absent.csv:0: the file does not exist");
    }

    @Test
    void hubSpotStageDatesThatContradictThemselvesAreRefused() throws IOException {
        String header = "Record ID,Associated Company,Deal owner,Amount,Currency,Close Date,Deal Stage,Create Date,"
                + "\"Date entered \"\"Appointment Scheduled (Sales Pipeline)\"\"\","
                + "\"Date exited \"\"Appointment Scheduled (Sales Pipeline)\"\"\","
                + "\"Date entered \"\"Demo Booked (Sales Pipeline)\"\"\"\n";
        Path deals = file("deals.csv", header
                + "1,Good,Sari,100,EUR,2025-06-30,Appointment Scheduled,2025-03-03,2025-03-03,,\n"
                + "2,Exits early,Sari,100,EUR,2025-06-30,Appointment Scheduled,2025-03-03,2025-03-10,2025-03-05,\n"
                + "3,Unknown stage,Sari,100,EUR,2025-06-30,Appointment Scheduled,2025-03-03,2025-03-03,,2025-03-20\n");
        ImportResult result = CrmImport.builder(ImportMapping.hubspot(), DefaultPipelines.catalog())
                .mode(ImportMode.VALID_DEALS).build().read(deals);

        assertThat(result.opportunities()).extracting(deal -> deal.id().value()).containsExactly("1");
        assertThat(result.report().problems()).extracting(ImportProblem::toString).containsExactly(
                "deals.csv:3: column 'Date exited \"Appointment Scheduled (Sales Pipeline)\"' = '2025-03-05': is before "
                        + "the deal entered that stage at 2025-03-10T00:00:00Z",
                "deals.csv:4: column 'Date entered \"Demo Booked (Sales Pipeline)\"' = '2025-03-20': dates a stage "
                        + "'Demo Booked (Sales Pipeline)' that is not a stage of pipeline 'classic', whose stages are "
                        + "[prospecting, qualification, needs-analysis, proposal, negotiation, closed-won, closed-lost, "
                        + "disqualified, nurture]\nMaybe map it with 'stage <name> = <stage id>' in the mapping.");
    }
}
