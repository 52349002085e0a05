package dev.salespipeline.importing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.salespipeline.core.money.Money;
import dev.salespipeline.core.opportunity.Opportunity;
import dev.salespipeline.core.pipeline.DefaultPipelines;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a mapping can say besides which column holds which field: constants, derived values, generated
 * ids and defaults; how exact duplicate rows are read; and that columns bind only as the mapping says.
 */
class MappingFeaturesTest {

    @TempDir
    Path directory;

    private ImportResult read(String mapping, String csv) throws IOException {
        Path file = directory.resolve("export.csv");
        Files.writeString(file, csv, StandardCharsets.UTF_8);
        return CrmImport.builder(mapping(mapping), DefaultPipelines.catalog()).mode(ImportMode.VALID_DEALS).build()
                .read(file);
    }

    private static ImportMapping mapping(String text) {
        return ImportMapping.parse("m.txt", new StringReader(text));
    }

    private static Opportunity deal(ImportResult result, String id) {
        return result.opportunities().stream().filter(deal -> deal.id().value().equals(id)).findFirst().orElseThrow();
    }

    private static final String ATTRIBUTES_ONLY = """
            format = generic
            pipeline = classic
            currency = USD
            generate id = deal-{line}
            constant created = 2024-01-01
            constant owner = unassigned
            derive close-date = created + Days to close
            column account = Company
            column value = Amount
            column stage = Outcome
            stage Won = closed-won
            stage Lost = closed-lost
            """;

    @Test
    void constantsGeneratedIdsAndADerivedCloseDateImportAnExportOfAttributesAlone() throws IOException {
        ImportResult result = read(ATTRIBUTES_ONLY, """
                Company,Amount,Outcome,Days to close
                Acme,1200,Won,30
                Globex,800,Lost,0
                """);

        assertThat(result.report().problems()).isEmpty();
        Opportunity acme = deal(result, "deal-2");
        assertThat(acme.details().account()).isEqualTo("Acme");
        assertThat(acme.details().owner()).isEqualTo("unassigned");
        assertThat(acme.createdAt()).isEqualTo(Instant.parse("2024-01-01T00:00:00Z"));
        assertThat(acme.details().expectedCloseDate()).isEqualTo(LocalDate.of(2024, 1, 31));
        assertThat(acme.stageId().value()).isEqualTo("closed-won");
        // Closed the day it was created: a same-day close is a deal like any other.
        Opportunity globex = deal(result, "deal-3");
        assertThat(globex.details().expectedCloseDate()).isEqualTo(LocalDate.of(2024, 1, 1));
        assertThat(globex.isOpen()).isFalse();
    }

    @Test
    void aDerivedDateKeepsTheTimeOfItsStartAndSubtractsDaysWrittenInTheMapping() throws IOException {
        ImportResult result = read("""
                format = csv
                pipeline = classic
                currency = EUR
                derive created = Closed at - Days open - 1
                column close-date = Closed at
                """, """
                id,account,owner,value,stage,Closed at,Days open
                A-1,Acme,ana,10,closed-won,2024-03-10T15:30:00Z,3
                """);

        assertThat(result.report().problems()).isEmpty();
        assertThat(deal(result, "A-1").createdAt()).isEqualTo(Instant.parse("2024-03-06T15:30:00Z"));
    }

    @Test
    void aSumOfAmountsAndTheFirstCellThatIsNotBlank() throws IOException {
        ImportResult result = read("""
                format = csv
                pipeline = classic
                currency = EUR
                decimal-separator = ,
                delimiter = ;
                derive value = Licences + Services - Discount
                derive owner = Owner | Creator
                """, """
                id;account;Owner;Creator;Licences;Services;Discount;stage;created;close-date
                A-1;Acme;;bo;1.000,50;200;0,50;proposal;2024-01-01;2024-06-30
                A-2;Globex;ana;bo;EUR 10;EUR 5;1 EUR;proposal;2024-01-01;2024-06-30
                """);

        assertThat(result.report().problems()).isEmpty();
        assertThat(deal(result, "A-1").details().value().amount()).isEqualTo(Money.of("1200.00", "EUR"));
        assertThat(deal(result, "A-1").details().owner()).isEqualTo("bo");
        assertThat(deal(result, "A-2").details().value().amount()).isEqualTo(Money.of("14.00", "EUR"));
        assertThat(deal(result, "A-2").details().owner()).isEqualTo("ana");
    }

    @Test
    void anOperandThatCannotBeReadRejectsItsRowNamingTheOperandOnce() throws IOException {
        ImportResult result = read(ATTRIBUTES_ONLY, """
                Company,Amount,Outcome,Days to close
                Acme,1200,Won,thirty
                Initech,500,Won,2.5
                Globex,800,Lost,
                """);

        assertThat(result.report().problems()).extracting(ImportProblem::line, ImportProblem::column,
                ImportProblem::value).containsExactly(
                        tuple(2L, "Days to close", "thirty"),
                        tuple(3L, "Days to close", "2.5"),
                        tuple(4L, "close-date", ""));
        assertThat(result.report().problems().get(0).reason()).startsWith("is not an amount")
                .endsWith(", so close-date cannot be derived ('derive close-date = created + Days to close')");
        assertThat(result.report().problems().get(1).reason()).startsWith("is not a whole number of days, so");
        // A blank operand leaves the field blank, and a blank close date is refused as ever.
        assertThat(result.report().problems().get(2).reason()).isEqualTo("is blank, but every deal needs its close-date");
    }

    @Test
    void aDefaultFillsBlankCellsAndMissingColumnsButNotWrittenOnes() throws IOException {
        ImportResult result = read("""
                format = csv
                pipeline = classic
                currency = EUR
                default owner = house
                default region = EMEA
                default close-date = 2024-12-31
                """, """
                id,account,owner,value,stage,created,close-date
                A-1,Acme,,10,proposal,2024-01-01,
                A-2,Globex,ana,10,proposal,2024-01-01,2024-06-30
                """);

        assertThat(result.report().problems()).isEmpty();
        assertThat(deal(result, "A-1").details().owner()).isEqualTo("house");
        assertThat(deal(result, "A-1").details().expectedCloseDate()).isEqualTo(LocalDate.of(2024, 12, 31));
        assertThat(deal(result, "A-1").details().region()).contains("EMEA");
        assertThat(deal(result, "A-2").details().owner()).isEqualTo("ana");
        assertThat(deal(result, "A-2").details().expectedCloseDate()).isEqualTo(LocalDate.of(2024, 6, 30));
    }

    @Test
    void anExactDuplicateRowIsReadOnceAndCountedWhileAConflictingOneRejectsTheDeal() throws IOException {
        ImportResult result = read("""
                format = csv
                pipeline = classic
                currency = EUR
                """, """
                id,account,owner,value,stage,created,close-date
                A-1,Acme,ana,10,proposal,2024-01-01,2024-06-30
                A-2,Globex,ana,20,proposal,2024-01-01,2024-06-30
                A-1,Acme,ana,10,proposal,2024-01-01,2024-06-30
                A-2,Globex,ana,25,proposal,2024-01-01,2024-06-30
                A-1,Acme,ana,10,proposal,2024-01-01,2024-06-30
                """);

        assertThat(result.opportunities()).extracting(deal -> deal.id().value()).containsExactly("A-1");
        assertThat(result.report().adjustments()).extracting(ImportProblem::line, ImportProblem::column,
                ImportProblem::reason).containsExactly(
                        tuple(4L, "id", "repeats line 2 cell for cell: read once"),
                        tuple(6L, "id", "repeats line 2 cell for cell: read once"));
        assertThat(result.report().problems()).singleElement().satisfies(problem -> {
            assertThat(problem.line()).isEqualTo(5L);
            assertThat(problem.reason()).startsWith("is a duplicate: line 3 has the same id");
        });
        assertThat(result.report().rowsImported()).isEqualTo(3);
        assertThat(result.report().rowsRejected()).isEqualTo(2);
        assertThat(result.report().dealsAdjusted()).isEqualTo(1);
    }

    @Test
    void anExactDuplicateStageChangeIsReadOnce() throws IOException {
        ImportResult result = read("""
                format = csv
                pipeline = classic
                layout = change-per-row
                currency = EUR
                """, """
                id,account,owner,value,stage,changed-at,close-date
                A-1,Acme,ana,10,prospecting,2024-01-01,2024-06-30
                A-1,Acme,ana,10,proposal,2024-02-01,2024-06-30
                A-1,Acme,ana,10,proposal,2024-02-01,2024-06-30
                """);

        assertThat(result.report().problems()).isEmpty();
        assertThat(result.report().adjustments()).extracting(ImportProblem::line).containsExactly(4L);
        assertThat(deal(result, "A-1").stageId().value()).isEqualTo("proposal");
    }

    @Test
    void aHeaderTheMappingGivesToOneFieldIsNotBoundToAnotherByDefault() throws IOException {
        // Salesforce's default headers of the closed flag include "Closed"; here that column is the close date.
        ImportMapping mapping = ImportMapping.salesforce().toBuilder().column(ImportField.CLOSE_DATE, "Closed")
                .currency("USD").build();
        Path file = directory.resolve("o.csv");
        Files.writeString(file, """
                Id,Account Name,Opportunity Owner,Amount,Stage,Created Date,Closed
                006A,Acme,ana,100,Closed Won,2024-01-02,2024-03-01
                """);

        ImportResult result = CrmImport.builder(mapping, DefaultPipelines.catalog()).build().read(file);

        assertThat(result.report().problems()).isEmpty();
        assertThat(result.opportunities().get(0).details().expectedCloseDate()).isEqualTo(LocalDate.of(2024, 3, 1));
        assertThat(mapping.chosenColumns()).containsExactly(ImportField.CLOSE_DATE);
        assertThat(ImportMapping.salesforce().chosenColumns()).isEmpty();
    }

    @Test
    void genericIsTheCsvFormatByAnotherName() {
        assertThat(mapping("format = generic\npipeline = classic\n").format()).isEqualTo(ImportFormat.CSV);
        assertThat(CrmExport.format("Generic")).isEqualTo(ImportFormat.CSV);
    }

    @Test
    void mistakesInTheNewLinesAreRefusedNamingTheLine() {
        assertThatThrownBy(() -> mapping("constant id = x\n")).isInstanceOf(InvalidMappingException.class)
                .hasMessage("m.txt:1: id cannot be a constant: every deal would have the same id; generate ids with"
                        + " 'generate id = deal-{line}'");
        assertThatThrownBy(() -> mapping("generate id = deal\n")).isInstanceOf(InvalidMappingException.class)
                .hasMessage("m.txt:1: generate id must hold {line}, which becomes each row's line number (such as"
                        + " deal-{line}), but was 'deal'");
        assertThatThrownBy(() -> mapping("generate owner = x-{line}\n")).isInstanceOf(InvalidMappingException.class)
                .hasMessage("m.txt:1: only ids can be generated: 'generate id = deal-{line}', but was 'generate owner'");
        assertThatThrownBy(() -> mapping("derive account = Company + Division\n"))
                .isInstanceOf(InvalidMappingException.class)
                .hasMessage("m.txt:1: derive account = Company + Division: only dates (created, close-date, changed-at)"
                        + " and value can be computed with '+' or '-'; other fields can take the first cell that is not"
                        + " blank with '|'");
        assertThatThrownBy(() -> mapping("derive value = Amount + Fee | Other\n"))
                .isInstanceOf(InvalidMappingException.class)
                .hasMessage("m.txt:1: derive value = Amount + Fee | Other: '|' (the first cell that is not blank) cannot"
                        + " be mixed with '+' or '-'");
        assertThatThrownBy(() -> mapping("derive close-date = Created+Days\n"))
                .isInstanceOf(InvalidMappingException.class)
                .hasMessage("m.txt:1: derive close-date = Created+Days: expected two or more operands joined by ' + ',"
                        + " ' - ' or ' | ' (with a space on each side), such as 'Created + Days to close'");
        assertThatThrownBy(() -> mapping("derive created = close-date - Days\nderive close-date = Closed + 0\n"))
                .isInstanceOf(InvalidMappingException.class)
                .hasMessage("m.txt:0: derive created uses close-date, which is derived itself: use the columns it is"
                        + " derived from");
        assertThatThrownBy(() -> mapping("constant region = EMEA\ndefault region = APAC\n"))
                .isInstanceOf(InvalidMappingException.class)
                .hasMessage("m.txt:0: region is a constant, so it can be neither derived nor defaulted");
        assertThatThrownBy(() -> mapping("layout = change-per-row\ngenerate id = d-{line}\n"))
                .isInstanceOf(InvalidMappingException.class)
                .hasMessage("m.txt:0: generate id needs one row per deal: the rows of one deal in layout"
                        + " change-per-row must share its id");
        assertThatThrownBy(() -> mapping("frobnicate = 1\n")).isInstanceOf(InvalidMappingException.class)
                .hasMessageContaining("constant <field>, default <field>, derive <field>, generate id");
    }

    @Test
    void anOperandThatIsNeitherAColumnNorAFieldRefusesTheFile() throws IOException {
        ImportResult result = read(ATTRIBUTES_ONLY, """
                Company,Amount,Outcome,Days
                Acme,1200,Won,30
                """);

        assertThat(result.opportunities()).isEmpty();
        assertThat(result.report().problems()).singleElement().satisfies(problem -> assertThat(problem.reason())
                .startsWith("missing required column 'Days to close' (in 'derive close-date = created + Days to"
                        + " close'); the header has [Company, Amount, Outcome, Days]"));
    }

    @Test
    void generatedIdsCannotMeetAHistoryExport() throws IOException {
        ImportMapping mapping = ImportMapping.salesforce().toBuilder().generatedIds("sf-{line}").currency("USD")
                .build();
        Path opportunities = directory.resolve("o.csv");
        Path history = directory.resolve("h.csv");
        Files.writeString(opportunities, """
                Account Name,Opportunity Owner,Amount,Stage,Created Date,Close Date
                Acme,ana,100,Closed Won,2024-01-02,2024-03-01
                """);
        Files.writeString(history, """
                OpportunityId,StageName,CreatedDate
                006A,Prospecting,2024-01-02
                """);

        ImportResult result = CrmImport.builder(mapping, DefaultPipelines.catalog()).mode(ImportMode.VALID_DEALS)
                .build().read(opportunities, history);

        assertThat(result.report().problems()).singleElement().satisfies(problem -> {
            assertThat(problem.file()).isEqualTo("h.csv");
            assertThat(problem.reason()).isEqualTo("names each row's deal by its id, but the mapping generates the"
                    + " deals' ids ('generate id'), so no history row can name one");
        });
    }

    // What a red-team session found in the features above, each as it found it.

    @Test
    void anOperandNamingAFieldReadsTheFieldAsTheMappingGivesItNotAColumnOfThatName() throws IOException {
        ImportResult result = read("""
                format = csv
                pipeline = classic
                currency = EUR
                constant created = 2024-01-01
                default owner = house
                derive close-date = created + Days
                derive account = owner | Company
                """, """
                id,account,owner,value,stage,created,Days,Company
                A-1,,,10,proposal,2020-05-05,30,Acme
                """);

        assertThat(result.report().problems()).isEmpty();
        // created is the constant, not the file's 2020-05-05; owner is the default, the cell being blank.
        assertThat(deal(result, "A-1").details().expectedCloseDate()).isEqualTo(LocalDate.of(2024, 1, 31));
        assertThat(deal(result, "A-1").details().account()).isEqualTo("house");
    }

    @Test
    void aSumOfAnAmountWithItsCurrencyAndOneWithoutIsRefusedOnce() throws IOException {
        ImportResult result = read("""
                format = csv
                pipeline = classic
                currency = USD
                derive value = Licences + Services
                """, """
                id,account,owner,Licences,Services,stage,created,close-date
                A-1,Acme,ana,10,EUR 20,proposal,2024-01-01,2024-06-30
                """);

        assertThat(result.opportunities()).isEmpty();
        assertThat(result.report().problems()).singleElement().satisfies(problem -> {
            assertThat(problem.column()).isEqualTo("Licences");
            assertThat(problem.reason()).startsWith("says no currency, but Services is in EUR: write every amount of a"
                    + " sum with its code, or none, so value cannot be derived");
        });
    }

    @Test
    void aDateMovedBeyondTheCalendarIsAProblemOfItsRowAndTheOtherRowsImport() throws IOException {
        ImportResult result = read("""
                format = csv
                pipeline = classic
                currency = EUR
                derive close-date = created + 1
                """, """
                id,account,owner,value,stage,created
                A-1,Acme,ana,10,proposal,+999999999-12-31
                A-2,Acme,ana,10,proposal,2024-01-01
                """);

        assertThat(result.opportunities()).extracting(deal -> deal.id().value()).containsExactly("A-2");
        assertThat(result.report().problems()).singleElement().satisfies(problem -> assertThat(problem.reason())
                .startsWith("moved by 1 days is beyond the dates Java knows"));
        assertThatThrownBy(() -> mapping("derive close-date = created + 99999\n"))
                .hasMessage("m.txt:1: derive close-date = created + 99999: 99999 days is more than a hundred years");
    }

    @Test
    void aColumnADerivationReadsIsNotBoundToAnotherFieldByTheFormatsDefaults() throws IOException {
        ImportMapping mapping = ImportMapping.salesforce().toBuilder().derived(ImportField.CLOSE_DATE, "Closed + 0")
                .noColumn(ImportField.CLOSE_DATE).currency("USD").build();
        Path file = directory.resolve("o.csv");
        Files.writeString(file, """
                Id,Account Name,Opportunity Owner,Amount,Stage,Created Date,Closed
                006A,Acme,ana,100,Closed Won,2024-01-02,2024-03-01
                """);

        ImportResult result = CrmImport.builder(mapping, DefaultPipelines.catalog()).build().read(file);

        assertThat(result.report().problems()).isEmpty();
        assertThat(result.opportunities().get(0).details().expectedCloseDate()).isEqualTo(LocalDate.of(2024, 3, 1));
    }

    @Test
    void withGeneratedIdsTwoEqualRowsAreTwoDeals() throws IOException {
        ImportResult result = read(ATTRIBUTES_ONLY, """
                Company,Amount,Outcome,Days to close
                Acme,1200,Won,30
                Acme,1200,Won,30
                """);

        assertThat(result.opportunities()).extracting(deal -> deal.id().value()).containsExactlyInAnyOrder("deal-2",
                "deal-3");
        assertThat(result.report().adjustments()).isEmpty();
    }

    @Test
    void aHistoryExportAppendedTwiceIsReadOnceAndSaysSo() throws IOException {
        ImportMapping mapping = ImportMapping.salesforce().toBuilder().currency("USD").build();
        Path opportunities = directory.resolve("o.csv");
        Path history = directory.resolve("h.csv");
        Files.writeString(opportunities, """
                Id,Account Name,Opportunity Owner,Amount,Stage,Created Date,Close Date
                006A,Acme,ana,100,Qualification,2024-01-02,2024-06-01
                """);
        Files.writeString(history, """
                OpportunityId,StageName,CreatedDate
                006A,Prospecting,2024-01-02
                006A,Qualification,2024-01-10
                006A,Prospecting,2024-01-02
                006A,Qualification,2024-01-10
                """);

        ImportResult result = CrmImport.builder(mapping, DefaultPipelines.catalog()).build().read(opportunities, history);

        assertThat(result.report().problems()).isEmpty();
        assertThat(result.report().adjustments()).extracting(ImportProblem::file, ImportProblem::line,
                ImportProblem::reason).containsExactly(tuple("h.csv", 4L, "repeats line 2 cell for cell: read once"),
                        tuple("h.csv", 5L, "repeats line 3 cell for cell: read once"));
        assertThat(result.opportunities().get(0).stageChanges()).hasSize(1);
    }
}
