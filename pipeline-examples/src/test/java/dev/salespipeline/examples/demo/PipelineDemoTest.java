package dev.salespipeline.examples.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.salespipeline.core.metrics.StageAverages;
import dev.salespipeline.core.opportunity.Opportunity;
import dev.salespipeline.core.pipeline.StageKind;
import dev.salespipeline.rules.PipelineRules;
import dev.salespipeline.rules.RuleSources;
import dev.salespipeline.testkit.SamplePortfolio;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;


import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo on small data, checked against figures computed here from the same generated portfolio. */
class PipelineDemoTest {

    private static final Instant AS_OF = LocalDate.parse("2026-11-23").atTime(12, 0).toInstant(ZoneOffset.UTC);

    @TempDir
    Path out;

    private String runDemo(String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("--deals", "80", "--seed", "7", "--as-of", "2026-11-23",
                "--out", out.toString()));
        args.addAll(List.of(extra));
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        int status = PipelineDemo.run(args.toArray(String[]::new), new PrintStream(buffer, true, StandardCharsets.UTF_8),
                System.err, Clock.fixed(AS_OF, ZoneOffset.UTC));
        assertThat(status).isZero();
        return buffer.toString(StandardCharsets.UTF_8);
    }

    @Test
    void theReportShowsTheFiguresOfTheGeneratedPortfolio() {
        String report = runDemo();

        List<Opportunity> deals = SamplePortfolio.generate(80, 7, AS_OF);
        List<Opportunity> open = deals.stream().filter(Opportunity::isOpen).toList();
        long won = deals.stream().filter(deal -> deal.stage().kind() == StageKind.WON).count();
        long lost = deals.stream().filter(deal -> deal.stage().kind() == StageKind.LOST).count();
        PipelineRules rules = PipelineRules.builder(RuleSources.defaults()).clock(Clock.fixed(AS_OF, ZoneOffset.UTC)).build();
        int alerts = rules.sweep(open, StageAverages.fromHistory(deals, AS_OF, 20)).size();
        long blocked = rules.evaluateNextGates(open).values().stream().filter(decision -> !decision.isAllowed()).count();
        long recommended = rules.reviewAll(open).stream().filter(review -> review.hasRecommendations()).count();

        assertThat(report).contains("sales-pipeline demo: 80 generated deals (seed 7) as of 2026-11-23")
                .contains("Open deals        " + open.size() + ":")
                .contains("Won / lost        " + won + " / " + lost + ",")
                .contains("Top alerts (" + alerts + " in all)")
                .contains("Blocked at the next gate (" + blocked + (blocked == 1 ? " deal)" : " deals)"))
                .contains("Recommendations (" + recommended + (recommended == 1 ? " deal)" : " deals)"))
                .contains("Forecast 2026-10-01 to 2026-12-31")
                .contains("Backtest: the full forecast made at each quarter's start")
                .contains("Dashboard: " + out.resolve("dashboard.html").toAbsolutePath());
        assertThat(alerts).isPositive();
        assertThat(blocked).isPositive();
        assertThat(recommended).isPositive();
    }

    @Test
    void theDashboardHoldsEveryChartAndTheReportsAlertsAndBlockedDeals() throws Exception {
        runDemo();
        String page = Files.readString(out.resolve("dashboard.html"));

        for (String chart : List.of("chart-funnel-count", "chart-funnel-value", "chart-conversion", "chart-time-in-stage",
                "chart-velocity", "chart-regression", "chart-forecast", "chart-backtest", "chart-owners", "chart-segments")) {
            assertThat(page).contains("<div id=\"" + chart + "\" class=\"chart\" role=\"img\"></div>");
        }
        String marker = "<script id=\"dashboard-data\" type=\"application/json\">";
        String data = page.substring(page.indexOf(marker) + marker.length(), page.indexOf("</script>", page.indexOf(marker)));
        List<Opportunity> deals = SamplePortfolio.generate(80, 7, AS_OF);
        List<Opportunity> open = deals.stream().filter(Opportunity::isOpen).toList();
        PipelineRules rules = PipelineRules.builder(RuleSources.defaults()).clock(Clock.fixed(AS_OF, ZoneOffset.UTC)).build();
        int alerts = rules.sweep(open, StageAverages.fromHistory(deals, AS_OF, 20)).size();
        long blocked = rules.evaluateNextGates(open).values().stream().filter(decision -> !decision.isAllowed()).count();
        assertThat(topLevelArraySize(data, "alerts")).isEqualTo(alerts);
        assertThat(data).contains("\"alertCount\":" + alerts + ",");
        assertThat(topLevelArraySize(data, "blocked")).isEqualTo(blocked);
        // Self-contained: the page loads nothing (the inlined scripts aside, whose code builds SVG in memory), and
        // those scripts are inline, not fetched.
        assertThat(page.replaceAll("(?s)<script>.*?</script>", "")).doesNotContain("src=", "href=", "@import", "http");
        assertThat(page).doesNotContain("<script src", "<link");
    }

    /** The number of elements of the top-level array {@code field} of the JSON {@code document}. */
    private static int topLevelArraySize(String document, String field) throws java.io.IOException {
        try (com.fasterxml.jackson.core.JsonParser parser = new com.fasterxml.jackson.core.JsonFactory()
                .createParser(document)) {
            parser.nextToken();
            while (parser.nextToken() == com.fasterxml.jackson.core.JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                parser.nextToken();
                if (name.equals(field)) {
                    int size = 0;
                    while (parser.nextToken() != com.fasterxml.jackson.core.JsonToken.END_ARRAY) {
                        parser.skipChildren();
                        size++;
                    }
                    return size;
                }
                parser.skipChildren();
            }
        }
        throw new AssertionError("no field " + field);
    }

    @Test
    void theShippedRulesDirectoryChangesTheDecisionsOfEveryDealInProposal() {
        String report = runDemo("--rules", "rules");

        long inProposal = SamplePortfolio.generate(80, 7, AS_OF).stream().filter(Opportunity::isOpen)
                .filter(deal -> deal.pipeline().id().value().equals("evidence-based") && deal.stageId().value().equals("proposal"))
                .count();
        assertThat(report).contains("Decisions changed by rules (" + inProposal + (inProposal == 1 ? " deal)" : " deals)"));
        if (inProposal > 0) {
            assertThat(report).contains("security-review-passed");
        }
    }

    /** Runs the demo with exactly {@code args}; returns the exit status, what it printed, and its errors. */
    private static String[] runExactly(String... args) {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        int status = PipelineDemo.run(args, new PrintStream(printed, true, StandardCharsets.UTF_8),
                new PrintStream(errors, true, StandardCharsets.UTF_8), Clock.fixed(AS_OF, ZoneOffset.UTC));
        return new String[] {String.valueOf(status), printed.toString(StandardCharsets.UTF_8),
                errors.toString(StandardCharsets.UTF_8)};
    }

    @Test
    void theDemoReportsOnAnImportedSalesforceExport() {
        String[] run = runExactly("--input", "imports/Opportunities.csv", "--history", "imports/OpportunityHistory.csv",
                "--format", "salesforce", "--as-of", "2025-12-01", "--out", out.toString());

        assertThat(run[0]).isEqualTo("0");
        // The shipped export: six opportunities and sixteen history rows; 006A1 and 006A5 won,
        // 006A2 lost, three open (two in USD, 80,000 + 9,500, and one in EUR, 12,000).
        assertThat(run[1]).contains("sales-pipeline demo: 6 deals from Opportunities.csv (read 22 rows: imported 6 deals "
                        + "(22 rows), rejected 0 deals (0 rows), 0 problems) as of 2025-12-01")
                .contains("Open deals        3: EUR 12000.00; USD 89500.00")
                // Classic defaults: Prospecting 0.05 × 9,500 + Negotiation 0.80 × 80,000; Proposal 0.60 × 12,000.
                .contains("Weighted          EUR 7200.00; USD 64475.00")
                .contains("Won / lost        2 / 1, win rate 0.6667")
                .doesNotContain("Import problems");
    }

    @Test
    void rowsTheImportRejectsAreListedWithFileLineAndColumn(@TempDir Path inputs) throws java.io.IOException {
        Path export = Files.writeString(inputs.resolve("deals.csv"), """
                id,account,owner,value,currency,created,close-date,stage
                d-1,Acme,Rep,1000,EUR,2025-01-10,2025-03-31,Qualification
                d-2,Beta,Rep,lots,EUR,2025-01-10,2025-03-31,Qualification
                """);
        Path mapping = Files.writeString(inputs.resolve("deals.mapping"), "pipeline = evidence-based\n");

        String[] run = runExactly("--input", export.toString(), "--mapping", mapping.toString(), "--as-of", "2025-12-01",
                "--out", out.toString());

        assertThat(run[0]).isEqualTo("0");
        assertThat(run[1]).contains("1 deal from deals.csv (read 2 rows: imported 1 deal (1 row), rejected 1 deal "
                        + "(1 row), 1 problem)")
                .contains("Import problems (1; rows with problems were not imported), by column: value 1\n"
                        + "  deals.csv:3: column 'value' = 'lots': is not an amount");
    }

    @Test
    void anImportOfNothingAndInputOptionsThatDoNotFitAreRefused(@TempDir Path inputs) throws java.io.IOException {
        Path empty = Files.writeString(inputs.resolve("empty.csv"), "");
        String[] nothing = runExactly("--input", empty.toString(), "--format", "hubspot");
        assertThat(nothing[0]).isEqualTo("1");
        assertThat(nothing[2]).contains("empty.csv:0: the file is empty").endsWith("Nothing to report: no deal was imported.\n");

        String a = Files.writeString(inputs.resolve("a.csv"), "id\n").toString();
        String h = Files.writeString(inputs.resolve("h.csv"), "id\n").toString();
        assertThat(runExactly("--history", "h.csv")[2])
                .startsWith("--format, --mapping, --history and --charset describe an --input file, but no --input was given");
        assertThat(runExactly("--input", a, "--format", "salesforce", "--deals", "5")[2])
                .startsWith("--deals generates deals and --input imports them: give one or the other");
        assertThat(runExactly("--input", a)[2])
                .startsWith("the export " + a + " needs its format (salesforce, hubspot or csv) or a mapping file");
        assertThat(runExactly("--input", a, "--format", "csv")[2])
                .startsWith("a generic CSV export needs a mapping file that says which column holds what");
        assertThat(runExactly("--input", a, "--format", "hubspot", "--history", h)[2])
                .startsWith("the history file is a Salesforce OpportunityHistory export, but the export's format is"
                        + " hubspot");
        assertThat(runExactly("--input", a, "--format", "pipedrive")[2])
                .startsWith("--format must be salesforce, hubspot or csv (any other CSV; 'generic' is taken for it"
                        + " too), but was 'pipedrive'");
        Path hubspotMapping = Files.writeString(inputs.resolve("h.mapping"), "format = hubspot\n");
        String[] mismatch = runExactly("--input", a, "--format", "salesforce", "--mapping", hubspotMapping.toString());
        assertThat(mismatch[0]).isEqualTo("2");
        assertThat(mismatch[2]).startsWith("--format says SALESFORCE, but the mapping file " + hubspotMapping
                + " is for HUBSPOT");
    }

    @Test
    void theGeneratedPortfolioIsKeptInAStoreAndASecondRunReportsOnIt(@TempDir Path keptIn) {
        String[] first = runExactly("--deals", "30", "--seed", "7", "--out", keptIn.toString());
        Path kept = keptIn.resolve("portfolio").toAbsolutePath();
        assertThat(first[0]).isEqualTo("0");
        assertThat(first[1]).contains("Portfolio kept in " + kept + ".mv.db; report on it again with --db " + kept);

        String[] second = runExactly("--db", kept.toString(), "--out", keptIn.toString());

        assertThat(second[0]).isEqualTo("0");
        long open = SamplePortfolio.generate(30, 7, AS_OF).stream().filter(Opportunity::isOpen).count();
        assertThat(second[1]).contains("sales-pipeline demo: 30 deals kept in portfolio as of 2026-11-23")
                .contains("Open deals        " + open + ":");
        assertThat(runExactly("--db", keptIn.resolve("nothing").toString())[2]).startsWith("--db "
                + keptIn.resolve("nothing.mv.db") + " cannot be read: no such file");
        assertThat(runExactly("--db", kept.toString(), "--deals", "5")[2]).startsWith("--db reports on a kept"
                + " portfolio");
    }

    @Test
    void helpAndBadOptions() {
        ByteArrayOutputStream help = new ByteArrayOutputStream();
        assertThat(PipelineDemo.run(new String[] {"--help"}, new PrintStream(help, true, StandardCharsets.UTF_8),
                System.err, Clock.systemUTC())).isZero();
        assertThat(help.toString(StandardCharsets.UTF_8)).startsWith("Usage: PipelineDemo [options]")
                .contains("--deals N").contains("--seed S").contains("--rules DIR").contains("--out DIR")
                .contains("--as-of DATE").contains("--input FILE").contains("--format F").contains("--mapping FILE")
                .contains("--history FILE");

        ByteArrayOutputStream error = new ByteArrayOutputStream();
        assertThat(PipelineDemo.run(new String[] {"--deals", "lots"}, System.out,
                new PrintStream(error, true, StandardCharsets.UTF_8), Clock.systemUTC())).isEqualTo(2);
        assertThat(error.toString(StandardCharsets.UTF_8)).startsWith("--deals must be a whole number, but was 'lots'");

        assertThat(runExactly("--bogus")[2]).startsWith("unknown option '--bogus'");
        assertThat(runExactly("--seed")[2]).startsWith("--seed needs a value");
    }

    @Test
    void aMissingFileOrDirectoryIsNamedInFullBeforeAnythingRuns(@TempDir Path inputs) {
        String[] missingInput = runExactly("--input", inputs.resolve("nope.csv").toString(), "--format", "salesforce");
        assertThat(missingInput[0]).isEqualTo("2");
        assertThat(missingInput[1]).isEmpty();
        assertThat(missingInput[2]).startsWith("--input " + inputs.resolve("nope.csv") + " cannot be read: no such file");

        String[] missingRules = runExactly("--rules", "no-such-rules");
        assertThat(missingRules[0]).isEqualTo("2");
        assertThat(missingRules[2]).startsWith("--rules " + Path.of("no-such-rules").toAbsolutePath()
                + " cannot be read: no such directory");
    }

    @Test
    void rulesThatDoNotLoadAreListedWithFileAndLineAndExitOne(@TempDir Path rules) throws java.io.IOException {
        Files.writeString(rules.resolve("bad.drl"), """
                package host.rules;
                import dev.salespipeline.rules.facts.GateCheck;
                rule "Bad"
                when
                    $gate : GateCheck( )
                then
                    System.exit( 3 );
                end
                """);

        String[] run = runExactly("--deals", "10", "--rules", rules.toString(), "--out", out.toString());

        assertThat(run[0]).isEqualTo("1");
        assertThat(run[2]).startsWith("1 problem in the rules:\n  " + rules.resolve("bad.drl") + ":7: not allowed by the"
                + " rule sandbox: the name 'System'");
    }
}
