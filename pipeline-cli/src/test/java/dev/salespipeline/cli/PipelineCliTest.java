package dev.salespipeline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import dev.salespipeline.core.opportunity.Opportunity;
import dev.salespipeline.testkit.SamplePortfolio;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each command on the examples' rules, scenarios and export, in text and JSON, with its exit code. */
class PipelineCliTest {

    private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
    private static final String RULES = "../pipeline-examples/rules";
    private static final String SCENARIOS = "../pipeline-examples/scenarios";
    private static final String EXPORT = "../pipeline-examples/imports/";

    @TempDir
    Path dir;

    private record Run(int status, String out, String err) {
    }

    /** The URL of an H2 store in {@code dir} holding {@code deals}, closed again for the CLI to open. */
    private String storeOf(List<dev.salespipeline.core.opportunity.Opportunity> deals) {
        Path file = dir.resolve("store");
        javax.sql.DataSource database = dev.salespipeline.store.jdbc.JdbcOpportunityStore.h2(file);
        dev.salespipeline.store.jdbc.JdbcOpportunityStore.builder(database).build().addAll(deals);
        ((org.h2.jdbcx.JdbcConnectionPool) database).dispose();
        return "jdbc:h2:file:" + file;
    }

    private static Run cli(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = PipelineCli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Clock.fixed(NOW, ZoneOffset.UTC));
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Parses JSON with Jackson's own parser: objects become maps, arrays lists, the rest strings, numbers, booleans. */
    private static Object json(String text) throws IOException {
        try (JsonParser parser = new JsonFactory().createParser(text)) {
            parser.nextToken();
            Object value = read(parser);
            assertThat(parser.nextToken()).as("nothing after the document").isNull();
            return value;
        }
    }

    private static Object read(JsonParser parser) throws IOException {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.START_OBJECT) {
            Map<String, Object> object = new LinkedHashMap<>();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                parser.nextToken();
                object.put(name, read(parser));
            }
            return object;
        }
        if (token == JsonToken.START_ARRAY) {
            List<Object> array = new ArrayList<>();
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                array.add(read(parser));
            }
            return array;
        }
        return switch (token) {
            case VALUE_STRING -> parser.getText();
            case VALUE_NUMBER_INT -> parser.getLongValue();
            case VALUE_TRUE, VALUE_FALSE -> parser.getBooleanValue();
            case VALUE_NULL -> null;
            default -> throw new AssertionError("unexpected " + token);
        };
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Object value) {
        return (Map<String, Object>) value;
    }

    @Test
    void helpListsTheCommandsAndTheirExitCodesAndEveryCommandHasItsOwn() {
        Run help = cli("--help");
        assertThat(help.status()).isZero();
        assertThat(help.out()).startsWith("Usage: pipeline-cli [-hV] COMMAND").contains("check").contains("diff")
                .contains("report").contains("Exit codes:").contains("2   bad usage or unreadable input");
        for (String command : List.of("check", "diff", "report")) {
            Run own = cli(command, "--help");
            assertThat(own.status()).as(command).isZero();
            assertThat(own.out()).as(command).startsWith("Usage: pipeline-cli " + command).contains("Exit codes:");
        }
        Run version = cli("--version");
        assertThat(version.status()).isZero();
        assertThat(version.out()).startsWith("pipeline-cli ");
    }

    @Test
    void badUsageExitsTwoWithTheMessageAndTheUsageOfTheCommand() {
        Run nothing = cli();
        assertThat(nothing.status()).isEqualTo(2);
        assertThat(nothing.err()).startsWith("give a command: check, diff or report\nUsage: pipeline-cli");
        Run unknown = cli("deploy");
        assertThat(unknown.status()).isEqualTo(2);
        assertThat(unknown.err()).startsWith("Unmatched argument at index 0: 'deploy'");
        Run option = cli("check", RULES, "--verbose");
        assertThat(option.status()).isEqualTo(2);
        assertThat(option.err()).startsWith("Unknown option: '--verbose'").contains("Usage: pipeline-cli check");
        assertThat(cli("check").err()).startsWith("Missing required parameter: 'DIR'");
        Run noDirectory = cli("check", "no-such-dir");
        assertThat(noDirectory.status()).isEqualTo(2);
        assertThat(noDirectory.err()).startsWith(java.nio.file.Path.of("no-such-dir").toAbsolutePath() + " is not a"
                + " directory; give a rules directory or the word 'defaults'");
        assertThat(cli("check", RULES, "--today", "yesterday").status()).isEqualTo(2);
    }

    /** Unreadable input is named with its full path before any rule is loaded, and exits 2. */
    @Test
    void aMissingInputFileIsNamedWithItsFullPathAndExitsTwo() {
        Path missing = dir.resolve("no-such-export.csv");
        Run report = cli("report", "--input", missing.toString(), "--format", "salesforce", "--rules", "no-such-dir");
        assertThat(report.status()).isEqualTo(2);
        assertThat(report.err()).startsWith("--input " + missing.toAbsolutePath() + " cannot be read: no such file");
        Run diff = cli("diff", "defaults", "defaults", "--portfolio", "x.csv", "--format", "salesforce");
        assertThat(diff.status()).isEqualTo(2);
        assertThat(diff.err()).startsWith("--portfolio " + Path.of("x.csv").toAbsolutePath() + " cannot be read");
    }

    @Test
    void checkLoadsTheRulesAndRunsTheirScenarios() throws IOException {
        Run passing = cli("check", RULES, "--scenarios", SCENARIOS);
        assertThat(passing.status()).isZero();
        Run defaults = cli("check", "defaults");
        assertThat(defaults.status()).isZero();
        assertThat(defaults.out()).containsPattern("Rules: defaults load as rules@[0-9a-f]{12}")
                .contains("Scenarios: none found");
        assertThat(passing.out()).containsPattern("Rules: defaults \\+ \\.\\./pipeline-examples/rules load as rules@[0-9a-f]{12}")
                .contains("Scenarios: 3 scenarios: 3 passed, 0 failed").endsWith("OK\n");

        // Without the analyst's rule, its scenario fails: exit 1, and the failure named by file and line.
        Path empty = Files.createDirectories(dir.resolve("empty"));
        Run failing = cli("check", empty.toString(), "--scenarios", SCENARIOS, "--json");
        assertThat(failing.status()).isEqualTo(1);
        Map<String, Object> report = object(json(failing.out()));
        assertThat(report).containsEntry("command", "check").containsEntry("ok", false);
        List<?> scenarios = (List<?>) report.get("scenarios");
        assertThat(scenarios).hasSize(3);
        assertThat(object(scenarios.get(0))).containsEntry("line", 9L).containsEntry("passed", false)
                .containsEntry("failure", "expected it to be blocked by [security-review-passed], but it is allowed");
    }

    @Test
    void checkReportsRulesThatDoNotLoadWithTheirFileAndLine() throws IOException {
        Path broken = Files.createDirectories(dir.resolve("broken"));
        Files.writeString(broken.resolve("typo.drl"), """
                package host.rules;
                import dev.salespipeline.rules.facts.GateCheck;
                rule "Broken"
                when
                    $gate : GateCheck( pipeline == "evidence-based" exiting == "proposal" )
                then
                    $gate.unmet( "x", "y" );
                end
                """);

        Run text = cli("check", broken.toString());
        assertThat(text.status()).isEqualTo(1);
        assertThat(text.out()).startsWith("Rules in " + broken + " do not load (").contains("typo.drl:5").endsWith("FAILED\n");
        Map<String, Object> json = object(json(cli("check", broken.toString(), "--json").out()));
        assertThat(json).containsEntry("ok", false);
        assertThat((List<?>) json.get("problems")).isNotEmpty()
                .allSatisfy(problem -> assertThat((String) object(problem).get("file")).endsWith("typo.drl"));
    }

    @Test
    void diffShowsWhatTheAnalystsRuleWouldChangeOnAGeneratedPortfolio() throws IOException {
        Instant asOf = LocalDate.parse("2026-11-23").atTime(12, 0).toInstant(ZoneOffset.UTC);
        long inProposal = SamplePortfolio.generate(80, 7, asOf).stream().filter(Opportunity::isOpen)
                .filter(deal -> deal.pipeline().id().value().equals("evidence-based")
                        && deal.stageId().value().equals("proposal")).count();

        Run text = cli("diff", "defaults", RULES, "--generate", "80", "--seed", "7", "--as-of", "2026-11-23");
        assertThat(text.status()).isZero();
        assertThat(text.out()).containsPattern("rules@[0-9a-f]{12} → rules@[0-9a-f]{12} on 80 deals")
                .contains("security-review-passed: added on " + inProposal + ", removed from 0")
                .contains("Alerts: 0 added, 0 removed");

        Map<String, Object> json = object(json(cli("diff", "defaults", RULES, "--generate", "80", "--seed", "7",
                "--as-of", "2026-11-23", "--json").out()));
        assertThat(json).containsEntry("command", "diff").containsEntry("deals", 80L);
        assertThat((List<?>) json.get("criteria")).singleElement().satisfies(criterion -> assertThat(object(criterion))
                .containsEntry("criterion", "security-review-passed").containsEntry("addedOn", inProposal));
        assertThat((List<?>) json.get("decisionChanges")).hasSize((int) inProposal);

        assertThat(cli("diff", "defaults", RULES).err())
                .startsWith("Error: Missing required argument (specify one of these): (--portfolio=FILE | --generate=N"
                        + " | --db=URL)");
        assertThat(cli("diff", "defaults", RULES, "--generate", "0").err())
                .startsWith("--generate must be between 1 and 100000, but was 0");
        assertThat(cli("diff", "defaults", RULES, "--portfolio", EXPORT + "Opportunities.csv").err())
                .startsWith("the export " + EXPORT + "Opportunities.csv needs its format (salesforce, hubspot or csv) or a"
                        + " mapping file");
        assertThat(cli("diff", "defaults", RULES, "--portfolio", EXPORT + "Opportunities.csv", "--format", "csv").err())
                .startsWith("a generic CSV export needs a mapping file that says which column holds what");
    }

    @Test
    void diffRunsOnAnImportedExportToo() {
        Run run = cli("diff", "defaults", RULES, "--portfolio", EXPORT + "Opportunities.csv", "--history",
                EXPORT + "OpportunityHistory.csv", "--format", "salesforce", "--as-of", "2025-12-01");
        assertThat(run.status()).isZero();
        // The export's deals are on the classic pipeline, which the security review does not touch.
        assertThat(run.out()).contains("on 6 deals (3 open)").contains("Next gates: 0 newly blocked, 0 newly allowed");
    }

    @Test
    void reportGivesTheHealthOfAnImportedExportAsJson() throws IOException {
        Run run = cli("report", "--input", EXPORT + "Opportunities.csv", "--history", EXPORT + "OpportunityHistory.csv",
                "--format", "salesforce", "--as-of", "2025-12-01", "--json");
        assertThat(run.status()).isZero();

        Map<String, Object> report = object(json(run.out()));
        assertThat(object(report.get("import"))).containsEntry("rowsRead", 22L).containsEntry("dealsImported", 6L)
                .containsEntry("problems", List.of());
        // Worked out from the export's rows: 2 won of 3 closed; open 80,000 + 9,500 USD and 12,000 EUR.
        Map<String, Object> metrics = object(report.get("metrics"));
        assertThat(metrics).containsEntry("wonDeals", 2L).containsEntry("lostDeals", 1L).containsEntry("winRate", "0.6667");
        assertThat(object(metrics.get("openValue"))).containsEntry("USD", "89500.00").containsEntry("EUR", "12000.00");
        assertThat(object(report.get("forecast"))).containsEntry("periodStart", "2025-10-01")
                .containsEntry("probabilities", "CALIBRATED");
        // Three closed deals train a score but are too few to hold any out: its skill is unknown, and says so.
        assertThat(object(report.get("winScore"))).containsEntry("trained", true).containsEntry("heldOutDeals", 0L)
                .containsEntry("brier", "n/a");

        Run byScore = cli("report", "--input", EXPORT + "Opportunities.csv", "--history", EXPORT + "OpportunityHistory.csv",
                "--format", "salesforce", "--as-of", "2025-12-01", "--json", "--probabilities", "score");
        assertThat(object(object(json(byScore.out())).get("forecast"))).containsEntry("probabilities", "WIN_SCORE");
        Run wrong = cli("report", "--input", EXPORT + "Opportunities.csv", "--format", "salesforce", "--probabilities",
                "gut");
        assertThat(wrong.status()).isEqualTo(2);
        assertThat(wrong.err()).startsWith("--probabilities must be calibrated, score or rep, but was 'gut'");

        Run fiscal = cli("report", "--input", EXPORT + "Opportunities.csv", "--format", "salesforce", "--as-of",
                "2025-12-01", "--json", "--fiscal-year-start", "april");
        assertThat(object(object(json(fiscal.out())).get("forecast"))).containsEntry("fiscalQuarter", "FY2026 Q3")
                .containsEntry("periodStart", "2025-10-01");
        Run rolled = cli("report", "--input", EXPORT + "Opportunities.csv", "--format", "salesforce", "--as-of",
                "2025-12-01", "--json", "--rate", "EUR/USD=1.1");
        // The shipped export: open USD 89,500 and EUR 12,000, so USD 89,500 + 13,200 at 1.1.
        assertThat(object(object(json(rolled.out())).get("rollUp"))).containsEntry("currency", "USD")
                .containsEntry("openValue", "102700.00");
        Run twoTargets = cli("report", "--input", EXPORT + "Opportunities.csv", "--format", "salesforce", "--rate",
                "EUR/USD=1.1", "--rate", "USD/EUR=0.9");
        assertThat(twoTargets.status()).isEqualTo(2);
        assertThat(twoTargets.err()).startsWith("--rate: every rate must be into the same currency, but 'USD/EUR=0.9' is"
                + " into EUR and another into USD");
        Run noMonth = cli("report", "--input", EXPORT + "Opportunities.csv", "--format", "salesforce",
                "--fiscal-year-start", "spring");
        assertThat(noMonth.status()).isEqualTo(2);
        assertThat(noMonth.err()).startsWith("--fiscal-year-start must be a month's English name, such as april, but was"
                + " 'spring'");
    }

    @Test
    void reportAsTextIsTheHealthReportAndBadInputExitsTwo() {
        Run text = cli("report", "--input", EXPORT + "Opportunities.csv", "--format", "salesforce",
                "--as-of", "2025-12-01", "--out", dir.toString());
        assertThat(text.status()).isZero();
        assertThat(text.out()).contains("Pipeline health report: 6 deals from Opportunities.csv")
                .doesNotContain("demo").contains("Dashboard: " + dir.resolve("dashboard.html").toAbsolutePath())
                // Without its history the export records how deals ended, not where they stood at a quarter's start.
                .containsPattern("2025-04-01 to 2025-06-30 .* \\(\\d+ deals? left out: imported without stage history");

        assertThat(cli("report").err()).startsWith("Error: Missing required argument (specify one of these):"
                + " (--input=FILE | --db=URL)");
        Run wrongFormat = cli("report", "--input", EXPORT + "Opportunities.csv", "--format", "pipedrive", "--json");
        assertThat(wrongFormat.status()).isEqualTo(2);
        assertThat(wrongFormat.err()).startsWith("format must be salesforce, hubspot or csv (any other CSV;"
                + " 'generic' is taken for it too), but was \"pipedrive\"");
    }

    @Test
    void reportAndDiffReadTheDealsOfAStore() {
        List<dev.salespipeline.core.opportunity.Opportunity> deals = dev.salespipeline.testkit.SamplePortfolio
                .generate(40, 3, NOW);
        String url = storeOf(deals);
        long open = deals.stream().filter(dev.salespipeline.core.opportunity.Opportunity::isOpen).count();

        Run report = cli("report", "--db", url, "--out", dir.toString());
        assertThat(report.status()).isZero();
        assertThat(report.out()).contains("Pipeline health report: 40 deals from the store " + url)
                .contains("Open deals        " + open + ":");
        Run diff = cli("diff", "defaults", RULES, "--db", url);
        assertThat(diff.status()).isZero();
        assertThat(diff.out()).contains("on 40 deals (" + open + " open)");

        Run notAUrl = cli("report", "--db", "postgres://db/sales");
        assertThat(notAUrl.status()).isEqualTo(2);
        assertThat(notAUrl.err()).startsWith("--db must be a jdbc:postgresql: or jdbc:h2: URL, but was"
                + " 'postgres://db/sales'");
        Run noStore = cli("report", "--db", "jdbc:h2:file:" + dir.resolve("nothing-here"));
        assertThat(noStore.status()).isEqualTo(2);
        assertThat(noStore.err()).startsWith("--db jdbc:h2:file:" + dir.resolve("nothing-here") + " cannot be read as"
                + " a sales-pipeline store: ");
    }

    @Test
    void aReportAsOneViewerSeesOnlyTheirScopeAndARoleTheChartDeniesIsRefused() throws IOException {
        List<dev.salespipeline.core.opportunity.Opportunity> deals = dev.salespipeline.testkit.SamplePortfolio
                .generate(60, 4, NOW);
        String url = storeOf(deals);
        Path org = Files.writeString(dir.resolve("org.csv"), """
                id,role,reports_to
                vp,leader,
                mgr-budi,manager,vp
                rep-ana,rep,mgr-budi
                rep-budi,rep,mgr-budi
                rep-citra,rep,vp
                """);
        long budis = deals.stream().filter(deal -> Set.of("rep-ana", "rep-budi", "mgr-budi")
                .contains(deal.details().owner())).count();
        long anas = deals.stream().filter(deal -> deal.details().owner().equals("rep-ana")).count();

        Run manager = cli("report", "--db", url, "--viewer", "manager:mgr-budi", "--org", org.toString(), "--json");
        assertThat(manager.status()).isZero();
        assertThat(object(object(json(manager.out())).get("metrics"))).containsEntry("deals", budis);
        Run rep = cli("report", "--db", url, "--viewer", "rep:rep-ana", "--out", dir.toString());
        assertThat(rep.out()).contains(anas + " deals from the store " + url + ", as rep rep-ana sees them");

        Run claims = cli("report", "--db", url, "--viewer", "executive:rep-ana", "--org", org.toString());
        assertThat(claims.status()).isEqualTo(2);
        assertThat(claims.err()).startsWith("viewer 'rep-ana' does not hold the role EXECUTIVE in the org structure");
        assertThat(cli("report", "--db", url, "--viewer", "manager:mgr-budi").err()).startsWith("--viewer"
                + " manager:mgr-budi needs --org FILE");
        assertThat(cli("report", "--db", url, "--viewer", "boss").err()).startsWith("--viewer must be rep:ID,"
                + " manager:ID, leader:ID or executive:ID, but was 'boss'");
        Path circle = Files.writeString(dir.resolve("circle.csv"), "id,role,reports_to\na,manager,b\nb,manager,a\n");
        assertThat(cli("report", "--db", url, "--viewer", "manager:a", "--org", circle.toString()).err())
                .startsWith("circle.csv: reportsTo must not report to themselves, however indirectly");
    }

    @Test
    void anExportWithNothingToImportExitsOne() throws IOException {
        Path empty = Files.writeString(dir.resolve("empty.csv"), "");
        Run nothing = cli("report", "--input", empty.toString(), "--format", "hubspot");
        assertThat(nothing.status()).isEqualTo(1);
        assertThat(nothing.err()).contains("empty.csv:0: the file is empty")
                .endsWith("Nothing to report: no deal was imported.\n");
    }

    @Test
    void anExportInAnotherCharsetIsReadWithCharsetAndRefusedWithTheOptionToGiveWithout() throws IOException {
        String export = Files.readString(Path.of(EXPORT + "Opportunities.csv"))
                .replace("\uFEFF", "").replace("PT Maju Jaya", "Société Maju Jaya");
        Path windows1252 = Files.write(dir.resolve("opps-1252.csv"), export.getBytes(java.nio.charset.Charset
                .forName("windows-1252")));

        Run refused = cli("report", "--input", windows1252.toString(), "--format", "salesforce", "--json");
        assertThat(refused.status()).isEqualTo(1);
        assertThat(refused.err()).contains("the file is not valid UTF-8 text at line 2")
                .contains("add the line 'charset = windows-1252' to the mapping (on the command line: --charset"
                        + " windows-1252)");

        Run read = cli("report", "--input", windows1252.toString(), "--format", "salesforce", "--charset",
                "windows-1252", "--as-of", "2025-12-01", "--json");
        assertThat(read.status()).isZero();
        assertThat(object(object(json(read.out())).get("import"))).containsEntry("dealsImported", 6L);
        assertThat(cli("report", "--input", windows1252.toString(), "--format", "salesforce", "--charset", "klingon")
                .err()).startsWith("charset must be one Java knows, such as UTF-8, windows-1252 or ISO-8859-1, but was"
                + " \"klingon\"");
    }

    @Test
    void theJsonReportCountsProblemsAndAdjustmentsByColumn() throws IOException {
        Path export = Files.writeString(dir.resolve("opps.csv"), """
                Id,Account Name,Opportunity Owner,Amount,CurrencyIsoCode,CloseDate,StageName,CreatedDate
                006A,Acme,Ana,1000.125,USD,2025-03-31,Prospecting,2025-01-10
                006B,Beta,Ana,2000,USD,2025-03-31,Discovery Call,2025-01-10
                006C,Gamma,Ana,3000,USD,2025-03-31,Pitch,2025-01-10
                006D,Delta,Ana,4000,USD,2/30/2025,Prospecting,2025-01-10
                """);

        Run run = cli("report", "--input", export.toString(), "--format", "salesforce", "--as-of", "2025-02-01", "--json");

        Map<String, Object> imported = object(object(json(run.out())).get("import"));
        assertThat(imported.get("problemsByColumn")).isEqualTo(Map.of("StageName", 2L, "CloseDate", 1L));
        assertThat(imported.get("adjustmentsByColumn")).isEqualTo(Map.of("Amount", 1L));
        assertThat(List.copyOf(object(imported.get("problemsByColumn")).keySet())).containsExactly("StageName",
                "CloseDate");
    }
}
