package dev.salespipeline.importing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.salespipeline.core.pipeline.DefaultPipelines;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What real files are written in besides UTF-8 and commas, and the exact line to add to the mapping
 * when the import cannot tell on its own.
 */
class EncodingsAndDelimitersTest {

    private static final String HEADER = "Id,Account Name,Opportunity Owner,Amount,CurrencyIsoCode,CloseDate,StageName,"
            + "CreatedDate\n";
    private static final String ROW = "006G,Société Générale,Zoë,1000,EUR,2025-03-31,Prospecting,2025-01-10\n";

    @TempDir
    Path dir;

    private Path file(String name, byte[] content) throws IOException {
        return Files.write(dir.resolve(name), content);
    }

    private static ImportResult read(ImportMapping mapping, Path file) {
        return CrmImport.builder(mapping, DefaultPipelines.catalog()).mode(ImportMode.VALID_DEALS).build().read(file);
    }

    private static ImportMapping mapping(String text) {
        return ImportMapping.parse("m.txt", new StringReader(text));
    }

    @Test
    void aCharsetLineReadsAWindows1252Export() throws IOException {
        Path file = file("opps.csv", (HEADER + ROW).getBytes(Charset.forName("windows-1252")));

        ImportResult result = read(mapping("format = salesforce\ncharset = windows-1252\n"), file);

        assertThat(result.report().problems()).isEmpty();
        assertThat(result.opportunities()).singleElement().satisfies(deal -> {
            assertThat(deal.details().account()).isEqualTo("Société Générale");
            assertThat(deal.details().owner()).isEqualTo("Zoë");
        });
    }

    @Test
    void excelsUnicodeTextIsReadFromItsByteOrderMarkWhateverTheMappingSays() throws IOException {
        // Excel's "Unicode text": UTF-16LE with a byte-order mark, tab-separated.
        String text = (HEADER + ROW).replace(',', '\t');
        byte[] utf16 = text.getBytes(StandardCharsets.UTF_16LE);
        byte[] withMark = new byte[utf16.length + 2];
        withMark[0] = (byte) 0xFF;
        withMark[1] = (byte) 0xFE;
        System.arraycopy(utf16, 0, withMark, 2, utf16.length);

        ImportResult result = read(mapping("format = salesforce\ndelimiter = tab\ncharset = windows-1252\n"),
                file("unicode.txt", withMark));

        assertThat(result.report().problems()).isEmpty();
        assertThat(result.opportunities()).singleElement()
                .satisfies(deal -> assertThat(deal.details().account()).isEqualTo("Société Générale"));
    }

    @Test
    void utf16WithoutAByteOrderMarkIsRefusedWithTheLineToAdd() throws IOException {
        Path file = file("opps.csv", (HEADER + ROW).getBytes(StandardCharsets.UTF_16LE));

        ImportResult result = read(ImportMapping.salesforce(), file);

        assertThat(result.opportunities()).isEmpty();
        assertThat(result.report().problems()).singleElement().hasToString("opps.csv:1: the file is UTF-16LE text"
                + " without a byte-order mark (every other byte is zero)\nAdd the line 'charset = UTF-16LE' to the"
                + " mapping (on the command line: --charset UTF-16LE).");
        assertThat(read(mapping("format = salesforce\ncharset = UTF-16LE\n"), file).opportunities()).hasSize(1);
    }

    @Test
    void aFileValidInNeitherUtf8NorWindows1252AsksForItsCharset() throws IOException {
        // 0x81 is undefined in windows-1252, and a lone continuation byte in UTF-8.
        byte[] bytes = (HEADER + "006G,Acme").getBytes(StandardCharsets.US_ASCII);
        byte[] withBadByte = new byte[bytes.length + 1];
        System.arraycopy(bytes, 0, withBadByte, 0, bytes.length);
        withBadByte[bytes.length] = (byte) 0x81;

        ImportResult result = read(ImportMapping.salesforce(), file("opps.csv", withBadByte));

        assertThat(result.report().problems()).singleElement().hasToString("opps.csv:2: the file is not valid UTF-8 text"
                + " at line 2, after '006G,Acme'\nGive the charset the file was saved in: add the line 'charset = <name>'"
                + " to the mapping (on the command line: --charset <name>), or export it as UTF-8.");
    }

    @Test
    void aSemicolonSeparatedFileReadWithCommasSuggestsTheDelimiterLine() throws IOException {
        String excel = "Id;Account Name;Opportunity Owner;Amount;CurrencyIsoCode;CloseDate;StageName;CreatedDate\n"
                + "006G;Acme;Ana;1.250,50;EUR;2025-03-31;Prospecting;2025-01-10\n";
        Path file = file("excel.csv", excel.getBytes(StandardCharsets.UTF_8));

        ImportResult refused = read(ImportMapping.salesforce(), file);

        assertThat(refused.report().problems()).singleElement().satisfies(problem -> assertThat(problem.reason())
                .endsWith("\nThe header is one cell holding ';': the file is ;-separated. Add the line 'delimiter = ;' to"
                        + " the mapping, and 'decimal-separator = ,' if amounts are written 1.250,50."));
        ImportResult read = read(mapping("format = salesforce\ndelimiter = ;\ndecimal-separator = ,\n"), file);
        assertThat(read.opportunities()).singleElement().satisfies(deal -> assertThat(deal.details().value().amount()
                .amount()).isEqualByComparingTo("1250.50"));
    }

    @Test
    void anExportWithoutACurrencyColumnSuggestsTheCurrencyLine() throws IOException {
        Path file = file("opps.csv", ("Id,Account Name,Opportunity Owner,Amount,CloseDate,StageName,CreatedDate\n"
                + "006G,Acme,Ana,1000,2025-03-31,Prospecting,2025-01-10\n").getBytes(StandardCharsets.UTF_8));

        ImportResult refused = read(ImportMapping.salesforce(), file);

        assertThat(refused.report().problems()).singleElement().satisfies(problem -> assertThat(problem.reason())
                .startsWith("missing required column 'currency' (a column named CurrencyIsoCode or")
                .endsWith("\nIf every amount is in one currency, add the line 'currency = USD' (its ISO code) to the"
                        + " mapping; otherwise map the currency column with 'column currency = <header>'."));
        assertThat(read(mapping("format = salesforce\ncurrency = USD\n"), file).opportunities()).hasSize(1);
    }

    @Test
    void anIdTheLibraryCannotCarryIsRefusedNamingItsColumn() throws IOException {
        Path file = file("opps.csv", (HEADER + ROW + "006 H,Acme,Ana,1000,EUR,2025-03-31,Prospecting,2025-01-10\n")
                .getBytes(StandardCharsets.UTF_8));

        ImportResult result = read(ImportMapping.salesforce(), file);

        assertThat(result.opportunities()).hasSize(1);
        assertThat(result.report().problems()).singleElement().hasToString("opps.csv:3: column 'Id' = '006 H': cannot"
                + " be a deal id: an id is 1 to 128 visible characters without spaces");
    }
}
