package dev.salespipeline.examples.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.salespipeline.core.metrics.StageAverages;
import dev.salespipeline.core.opportunity.Opportunity;
import dev.salespipeline.core.pipeline.StageKind;
import dev.salespipeline.rules.PipelineRules;
import dev.salespipeline.rules.RuleSources;

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

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

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

        assertThat(report).contains("sales-pipeline demo: 80 deals (seed 7) as of 2026-11-23")
                .contains("Open deals        " + open.size() + ":")
                .contains("Won / lost        " + won + " / " + lost + ",")
                .contains("Top alerts (" + alerts + " in all)")
                .contains("Blocked at the next gate (" + blocked + " deals)")
                .contains("Recommendations (" + recommended + " deals)")
                .contains("Forecast 2026-10-01 to 2026-12-31")
                .contains("Backtest: the full forecast made at each quarter's start")
                .contains("Dashboard: " + out.resolve("dashboard.html").toAbsolutePath());
        assertThat(alerts).isPositive();
        assertThat(blocked).isPositive();
        assertThat(recommended).isPositive();
    }

    @Test
    void theDashboardIsWellFormedAndHoldsEveryChartAndTable() throws Exception {
        runDemo();
        Path file = out.resolve("dashboard.html");
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        Document page = factory.newDocumentBuilder().parse(file.toFile());

        NodeList charts = page.getElementsByTagNameNS("http://www.w3.org/2000/svg", "svg");
        List<String> ids = new java.util.ArrayList<>();
        for (int index = 0; index < charts.getLength(); index++) {
            ids.add(((Element) charts.item(index)).getAttribute("id"));
        }
        assertThat(ids).containsExactly("chart-funnel", "chart-time-in-stage", "chart-conversion", "chart-velocity",
                "chart-regression", "chart-forecast");

        List<Opportunity> deals = SamplePortfolio.generate(80, 7, AS_OF);
        List<Opportunity> open = deals.stream().filter(Opportunity::isOpen).toList();
        PipelineRules rules = PipelineRules.builder(RuleSources.defaults()).clock(Clock.fixed(AS_OF, ZoneOffset.UTC)).build();
        int alerts = rules.sweep(open, StageAverages.fromHistory(deals, AS_OF, 20)).size();
        assertThat(rowsOf(page, "alerts")).isEqualTo(alerts + 1);
        long blocked = rules.evaluateNextGates(open).values().stream().filter(decision -> !decision.isAllowed()).count();
        assertThat(rowsOf(page, "blocked")).isEqualTo(blocked + 1);
        // Self-contained: nothing is loaded (namespace names are identifiers, never fetched).
        assertThat(Files.readString(file)).doesNotContain("src=", "href=", "@import", "<script");
    }

    private static long rowsOf(Document page, String sectionId) {
        NodeList sections = page.getElementsByTagName("section");
        for (int index = 0; index < sections.getLength(); index++) {
            Element section = (Element) sections.item(index);
            if (section.getAttribute("id").equals(sectionId)) {
                return section.getElementsByTagName("tr").getLength();
            }
        }
        throw new AssertionError("no section " + sectionId);
    }

    @Test
    void theShippedRulesDirectoryChangesTheDecisionsOfEveryDealInProposal() {
        String report = runDemo("--rules", "rules");

        long inProposal = SamplePortfolio.generate(80, 7, AS_OF).stream().filter(Opportunity::isOpen)
                .filter(deal -> deal.pipeline().id().value().equals("evidence-based") && deal.stageId().value().equals("proposal"))
                .count();
        assertThat(report).contains("Decisions changed by rules (" + inProposal + " deals)");
        if (inProposal > 0) {
            assertThat(report).contains("security-review-passed");
        }
    }

    @Test
    void helpAndBadOptions() {
        ByteArrayOutputStream help = new ByteArrayOutputStream();
        assertThat(PipelineDemo.run(new String[] {"--help"}, new PrintStream(help, true, StandardCharsets.UTF_8),
                System.err, Clock.systemUTC())).isZero();
        assertThat(help.toString(StandardCharsets.UTF_8)).startsWith("Usage: PipelineDemo [options]")
                .contains("--deals N").contains("--seed S").contains("--rules DIR").contains("--out DIR")
                .contains("--as-of DATE");

        ByteArrayOutputStream error = new ByteArrayOutputStream();
        assertThat(PipelineDemo.run(new String[] {"--deals", "lots"}, System.out,
                new PrintStream(error, true, StandardCharsets.UTF_8), Clock.systemUTC())).isEqualTo(2);
        assertThat(error.toString(StandardCharsets.UTF_8)).startsWith("--deals must be a whole number, but was 'lots'");
    }

    @Test
    void theDefaultPortfolioShowsEveryAlertKindAndRecommendation() {
        DemoRun run = DemoRun.compute(DemoOptions.parse(new String[] {"--as-of", "2026-11-23"}, AS_OF),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        assertThat(run.alerts.stream().map(alert -> alert.kind().replaceAll(":.*", "")).distinct())
                .containsExactlyInAnyOrder("stalled-in-stage", "no-activity", "next-step-overdue", "close-date-passed",
                        "required-field-missing", "proposal-stalled", "ghosting");
        assertThat(run.reviews.stream().flatMap(review -> review.regressions().stream())).isNotEmpty();
        assertThat(run.reviews.stream().flatMap(review -> review.disqualifications().stream())).isNotEmpty();
        assertThat(run.metrics.regressionRate()).hasValueSatisfying(rate -> assertThat(rate).isPositive());
        assertThat(run.metrics.disqualifiedDeals()).isPositive();
        assertThat(run.metrics.nurturedDeals()).isPositive();
    }

    @Test
    void theSameSeedGivesTheSamePortfolio() {
        assertThat(SamplePortfolio.generate(30, 11, AS_OF)).isEqualTo(SamplePortfolio.generate(30, 11, AS_OF));
        assertThat(SamplePortfolio.generate(30, 12, AS_OF)).isNotEqualTo(SamplePortfolio.generate(30, 11, AS_OF));
    }
}
