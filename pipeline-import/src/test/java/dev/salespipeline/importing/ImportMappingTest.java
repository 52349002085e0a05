package dev.salespipeline.importing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.salespipeline.core.opportunity.ValueKind;
import dev.salespipeline.core.pipeline.DefaultPipelines;
import dev.salespipeline.core.pipeline.StageId;

import java.io.StringReader;
import java.time.ZoneId;
import java.util.List;

import org.junit.jupiter.api.Test;

class ImportMappingTest {

    private static ImportMapping parse(String text) {
        return ImportMapping.parse("m.txt", new StringReader(text));
    }

    private static void refused(String text, String message) {
        assertThatThrownBy(() -> parse(text)).isInstanceOf(InvalidMappingException.class).hasMessage(message);
    }

    @Test
    void aMappingFileChangesTheDefaultsOfItsFormat() {
        ImportMapping mapping = parse("""
                # Our Salesforce org renamed a stage and keeps a region field.
                format = salesforce
                currency = IDR
                value-kind = acv
                zone = Asia/Jakarta
                date-format = d/M/yyyy
                column owner = Account Executive | Owner
                attribute tier = Customer Tier
                stage Discovery Call = prospecting
                stage Needs Analysis = qualification
                """);

        assertThat(mapping.format()).isEqualTo(ImportFormat.SALESFORCE);
        assertThat(mapping.currency()).hasValueSatisfying(currency -> assertThat(currency.getCurrencyCode()).isEqualTo("IDR"));
        assertThat(mapping.valueKind()).isEqualTo(ValueKind.ACV);
        assertThat(mapping.zone()).isEqualTo(ZoneId.of("Asia/Jakarta"));
        // The file's date patterns replace Salesforce's US ones, which would read 06/01/2025 as 1 June.
        assertThat(mapping.datePatterns()).containsExactly("d/M/yyyy");
        assertThat(mapping.columns().get(ImportField.OWNER)).containsExactly("Account Executive", "Owner");
        assertThat(mapping.columns().get(ImportField.ACCOUNT)).contains("Account Name");
        assertThat(mapping.attributes()).containsEntry("tier", List.of("Customer Tier"));
        // Stage lines add to the default stage table or change an entry of it; Closed Won is still known.
        assertThat(mapping.stages()).hasSize(ImportMapping.salesforce().stages().size() + 1)
                .containsEntry("discovery call", StageId.of("prospecting"))
                .containsEntry("needs analysis", StageId.of("qualification"))
                .containsEntry("closed won", StageId.of("closed-won"));
    }

    @Test
    void stageLinesAreTheWholeTableWhenThePipelineIsNotTheFormats() {
        ImportMapping mapping = parse("""
                format = salesforce
                pipeline = evidence-based
                stage Calificación = qualification
                """);

        assertThat(mapping.stages()).containsOnlyKeys("calificación");
    }

    @Test
    void aCharsetLineNamesTheFilesCharset() {
        assertThat(parse("format = salesforce\ncharset = windows-1252\n").charset().name()).isEqualTo("windows-1252");
        assertThat(parse("format = salesforce\n").charset().name()).isEqualTo("UTF-8");
        refused("charset = klingon", "m.txt:1: charset must be one Java knows, such as UTF-8, windows-1252 or"
                + " ISO-8859-1, but was 'klingon'");
    }

    @Test
    void withoutAFormatLineAMappingIsAGenericCsvOfOneRowPerDeal() {
        ImportMapping mapping = parse("pipeline = classic\nlayout = change-per-row\ndelimiter = tab\n");
        assertThat(mapping.format()).isEqualTo(ImportFormat.CSV);
        assertThat(mapping.layout()).isEqualTo(CsvLayout.CHANGE_PER_ROW);
        assertThat(mapping.delimiter()).isEqualTo('\t');
        assertThat(mapping.columns().get(ImportField.CLOSE_DATE)).containsExactly("close-date");
    }

    @Test
    void everyMistakeNamesTheFileTheLineAndWhatIsAccepted() {
        refused("format = salesforce\ncolumn closedate = Close", "m.txt:2: unknown field 'closedate'; the fields are "
                + "[id, name, account, owner, value, currency, created, close-date, stage, changed-at, probability, "
                + "source, segment, region, channel, primary-contact, loss-reason, closed, won, pipeline]");
        refused("currency = EUR\nformat = hubspot", "m.txt:2: 'format' must come before every other line, since it "
                + "picks the defaults they change");
        refused("format = pipedrive", "m.txt:1: format must be one of [salesforce, hubspot, csv], but was 'pipedrive'");
        refused("\n\ncurrency = euro", "m.txt:3: currency must be an ISO 4217 code such as EUR, but was 'euro'");
        refused("zone = Jakarta", "m.txt:1: zone must be a time-zone id such as UTC or Asia/Jakarta, but was 'Jakarta'");
        refused("date-format = dd/MM/yyyy q{", "m.txt:1: date pattern 'dd/MM/yyyy q{' is not a DateTimeFormatter "
                + "pattern: Pattern includes reserved character: '{'");
        refused("layout = sideways", "m.txt:1: layout must be one of [deal-per-row, change-per-row], but was 'sideways'");
        refused("decimal-separator = ;", "m.txt:1: decimal separator must be '.' or ',', but was ';'");
        refused("delimiter = :", "m.txt:1: delimiter must be , ; | or tab, but was ':'");
        refused("blank-value = skip", "m.txt:1: blank-value must be 'reject' or 'zero', but was 'skip'");
        refused("probability = odds", "m.txt:1: probability must be 'percent' or 'fraction', but was 'odds'");
        refused("currency EUR", "m.txt:1: expected 'key = value', but was 'currency EUR'");
        refused("currency =", "m.txt:1: 'currency' has no value");
        refused("colour = blue", "m.txt:1: unknown key 'colour'; the keys are format, pipeline, source-pipeline, "
                + "layout, currency, charset, "
                + "value-kind, zone, date-format, decimal-separator, delimiter, blank-value, probability, column <field>, "
                + "history-column <field>, constant <field>, default <field>, derive <field>, generate id, "
                + "attribute <name> and stage <source stage name>");
        refused("# nothing but a comment\n", "m.txt:0: the mapping is empty");
    }

    @Test
    void theImportRefusesAMappingWhosePipelineOrStagesTheCatalogueLacks() {
        assertThatThrownBy(() -> CrmImport.builder(parse("pipeline = enterprise"), DefaultPipelines.catalog()))
                .isInstanceOf(InvalidMappingException.class)
                .hasMessage("the mapping's pipeline 'enterprise' is not in the catalogue, which has "
                        + "[evidence-based, classic]");
        assertThatThrownBy(() -> CrmImport.builder(parse("format = hubspot\nstage Demo = demo"), DefaultPipelines.catalog()))
                .isInstanceOf(InvalidMappingException.class)
                .hasMessage("the stage table maps to stages that pipeline 'classic' does not have: 'demo' → 'demo'; "
                        + "its stages are [prospecting, qualification, needs-analysis, proposal, negotiation] and its "
                        + "closed and nurture stages");
        assertThatThrownBy(() -> CrmImport.builder(ImportMapping.hubspot(), DefaultPipelines.catalog()).build()
                .read(java.nio.file.Path.of("a.csv"), java.nio.file.Path.of("b.csv")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("a history file is read only with a Salesforce mapping, but the mapping is for HUBSPOT");
    }
}
