package dev.salespipeline.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.salespipeline.core.money.Money;
import dev.salespipeline.core.opportunity.DealValue;
import dev.salespipeline.core.opportunity.Evidence;
import dev.salespipeline.core.opportunity.Opportunity;
import dev.salespipeline.core.opportunity.OpportunityDetails;
import dev.salespipeline.core.opportunity.OpportunityEvent;
import dev.salespipeline.core.pipeline.PipelineDefinition;
import dev.salespipeline.core.pipeline.Stage;
import dev.salespipeline.rules.PipelineRules;
import dev.salespipeline.rules.RuleSources;
import dev.salespipeline.testkit.SamplePortfolio;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.logging.Level;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * What a red-team session that had only docs/metrics.md tried against the dashboard, in headless Chromium:
 * hostile text in every field, an account name that opened an HTML comment inside the data, currencies of
 * zero and three decimals, edge portfolios, the owner filter on a portfolio larger than the page's rows, and a
 * rep's page. Skipped, saying why, where Chromium is not installed.
 */
class DashboardRedTeamFindingsTest {

    private static final Instant AS_OF = Instant.parse("2026-11-23T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(AS_OF, ZoneOffset.UTC);
    private static final PipelineRules RULES = PipelineRules.builder(RuleSources.defaults()).clock(CLOCK).build();
    private static final Path OUT = Path.of("target", "red-team-dashboard");

    private static final String SCRIPT_CLOSE = "</script><script>window.__pwned='script-close'</script>";
    private static final String IMG = "<img src=x onerror=\"window.__pwned='img'\">";
    private static final String SVG = "<svg onload=window.__pwned='svg'>";
    private static final String LINE_SEP = "a\u2028b\u2029c'\"`${x}\\";

    private static WebDriver browser;

    @TempDir
    Path hostRules;

    @BeforeAll
    static void open() {
        browser = HeadlessChromium.start("the dashboard's red-team tests");
    }

    @AfterAll
    static void close() {
        if (browser != null) {
            browser.quit();
        }
    }

    private static Object script(String code, Object... arguments) {
        return ((JavascriptExecutor) browser).executeScript(code, arguments);
    }

    /** Loads the page; returns whether it became ready, and the severe console entries. */
    private static List<String> load(Path file) {
        browser.manage().logs().get(LogType.BROWSER); // drain
        browser.get(file.toUri().toString());
        boolean ready;
        try {
            new WebDriverWait(browser, Duration.ofSeconds(20)).until(driver -> "true".equals(
                    driver.findElement(By.tagName("body")).getAttribute("data-ready")));
            ready = true;
        } catch (RuntimeException e) {
            ready = false;
        }
        List<String> problems = new ArrayList<>();
        if (!ready) {
            problems.add("page never became ready");
        }
        for (LogEntry entry : browser.manage().logs().get(LogType.BROWSER).getAll()) {
            if (entry.getLevel().intValue() >= Level.SEVERE.intValue()) {
                problems.add(entry.getMessage().length() > 300 ? entry.getMessage().substring(0, 300) : entry.getMessage());
            }
        }
        return problems;
    }

    // ---- deals rewritten with hostile text ------------------------------------------------------------

    private static PipelineDefinition renamed(PipelineDefinition pipeline, String prefix) {
        PipelineDefinition.Builder builder = PipelineDefinition.builder(pipeline.id().value(), prefix + pipeline.name());
        for (Stage stage : pipeline.stages()) {
            builder.stage(new Stage(stage.id(), (prefix + stage.displayName()).substring(0,
                    Math.min(200, prefix.length() + stage.displayName().length())), stage.kind(),
                    stage.defaultWinProbability(), stage.expectedDuration(), stage.requiredFields(), stage.guidance()));
        }
        return builder.build();
    }

    private static List<Opportunity> rewrite(List<Opportunity> deals, UnaryOperator<OpportunityDetails> details,
                                             UnaryOperator<String> note, Map<String, PipelineDefinition> pipelines) {
        List<Opportunity> out = new ArrayList<>();
        for (Opportunity deal : deals) {
            List<OpportunityEvent> history = new ArrayList<>();
            for (OpportunityEvent event : deal.history()) {
                if (event instanceof OpportunityEvent.Created c) {
                    history.add(new OpportunityEvent.Created(c.opportunityId(), c.sequence(), c.occurredAt(), c.actor(),
                            c.pipelineId(), c.stage(), details.apply(c.details())));
                } else if (event instanceof OpportunityEvent.DetailsChanged d) {
                    history.add(new OpportunityEvent.DetailsChanged(d.opportunityId(), d.sequence(), d.occurredAt(),
                            d.actor(), details.apply(d.details()), d.reason()));
                } else if (event instanceof OpportunityEvent.EvidenceRecorded r) {
                    Evidence e = r.evidence();
                    history.add(new OpportunityEvent.EvidenceRecorded(r.opportunityId(), r.sequence(), r.occurredAt(),
                            r.actor(), new Evidence(e.id(), e.type(), e.recordedAt(), e.recordedBy(), e.source(),
                            e.reference(), note.apply(e.note()))));
                } else {
                    history.add(event);
                }
            }
            out.add(Opportunity.restore(pipelines.getOrDefault(deal.pipeline().id().value(), deal.pipeline()), history));
        }
        return out;
    }

    private static String cut(String text) {
        return text.length() > 200 ? text.substring(0, 200) : text;
    }

    private static final String HOSTILE_ALERTS = """
            package host.rules;
            import dev.salespipeline.rules.facts.AlertSweep;
            import dev.salespipeline.rules.facts.GateCheck;
            import dev.salespipeline.rules.facts.Deal;
            rule "Hostile alert"
            when
                $sweep : AlertSweep( stageKind == "OPEN" )
                $deal : Deal( id == $sweep.dealId )
            then
                $sweep.raise( "hostile", "WARNING", $deal.getStageEnteredOn(), "</script><script>window.__pwned='alert'</script><img src=x onerror=window.__pwned='alert-img'>" );
            end
            rule "Hostile gate"
            when
                $gate : GateCheck( )
            then
                $gate.unmet( "hostile-criterion", "<img src=x onerror=window.__pwned='unmet'></script><script>window.__pwned='unmet2'</script>" );
            end
            """;

    /** Every chart with categories: show a tooltip on each data point, the way hovering does. */
    private static void hoverEveryChart() {
        script("""
                Object.keys(document.querySelectorAll('.chart')).forEach(function (k) {
                  var node = document.querySelectorAll('.chart')[k];
                  var chart = echarts.getInstanceByDom(node);
                  if (!chart) { return; }
                  var option = chart.getOption();
                  (option.series || []).forEach(function (s, si) {
                    (s.data || []).forEach(function (d, di) {
                      chart.dispatchAction({type: 'showTip', seriesIndex: si, dataIndex: di});
                    });
                  });
                });""");
    }

    @Test
    void hostileTextInEveryFieldIsShownAsTextAndNeverRuns() throws Exception {
        Files.writeString(hostRules.resolve("hostile.drl"), HOSTILE_ALERTS);
        PipelineRules rules = PipelineRules.builder(RuleSources.defaults().withDirectory(hostRules)).clock(CLOCK).build();
        List<Opportunity> sample = SamplePortfolio.generate(200, 3, AS_OF);
        Map<String, PipelineDefinition> pipelines = new HashMap<>();
        for (Opportunity deal : sample) {
            pipelines.computeIfAbsent(deal.pipeline().id().value(), id -> renamed(deal.pipeline(), IMG + SCRIPT_CLOSE));
        }
        List<Opportunity> deals = rewrite(sample, details -> details.toBuilder()
                        .account(cut(SCRIPT_CLOSE + IMG + LINE_SEP + details.account()))
                        .owner(cut(SVG + "\"'" + details.owner()))
                        .segment(cut(IMG + details.segment().orElse("s")))
                        .build(),
                note -> SCRIPT_CLOSE + IMG + LINE_SEP + note, pipelines);
        HealthReport report = HealthReport.builder(deals, rules).asOf(AS_OF).title("Title " + SCRIPT_CLOSE + IMG)
                .source("Source " + SCRIPT_CLOSE + LINE_SEP).build();
        Path file = HtmlReport.write(report, DashboardOptions.none().withTarget(Money.of("1000000", "EUR"))
                .withOwnerTarget(deals.get(0).details().owner(), Money.of("50000", "EUR")), OUT.resolve("hostile"));

        List<String> problems = load(file);
        hoverEveryChart();
        // open a deal from every table and list, sort every table, filter by a hostile owner
        for (WebElement button : browser.findElements(By.cssSelector("button.deal")).stream().limit(5).toList()) {
            script("arguments[0].click();", button);
        }
        browser.findElements(By.cssSelector("th")).stream().limit(10).forEach(th -> script("arguments[0].click();", th));
        Select owner = new Select(browser.findElement(By.id("filter-owner")));
        owner.selectByIndex(1);
        hoverEveryChart();
        Object pwned = script("return window.__pwned;");
        Object injected = script("return document.querySelectorAll('img[src=\"x\"], body svg[onload]').length;");
        assertThat(problems).isEmpty();
        assertThat(pwned).isNull();
        assertThat(injected).isEqualTo(0L);
    }

    @Test
    void anAccountNameThatOpensAnHtmlCommentAndAScriptTagDoesNotBreakThePage() throws Exception {
        List<Opportunity> sample = SamplePortfolio.generate(60, 5, AS_OF);
        List<Opportunity> deals = rewrite(sample.subList(0, 60), details -> details, note -> note, Map.of());
        // one deal only carries the payload
        Opportunity first = deals.get(0);
        List<Opportunity> changed = new ArrayList<>(rewrite(List.of(first), details -> details.toBuilder()
                .account("Acme <!--<script>").build(), note -> note, Map.of()));
        changed.addAll(deals.subList(1, deals.size()));
        HealthReport report = HealthReport.builder(changed, RULES).asOf(AS_OF).build();
        Path file = HtmlReport.write(report, OUT.resolve("comment-script"));
        List<String> problems = load(file);
        Object echartsLoaded = script("return typeof echarts;") + ", scripts=" + script("return document.scripts.length;")
                + ", data element swallows the rest of the page="
                + script("return document.getElementById('dashboard-data').textContent.indexOf('Apache ECharts') >= 0;");
        assertThat(problems).as("the page loads without a console error").isEmpty();
    }

    @Test
    void currenciesWithZeroAndThreeDecimalsAreShownToTheirMinorUnit() throws Exception {
        List<Opportunity> sample = SamplePortfolio.generate(120, 11, AS_OF);
        List<Opportunity> deals = rewrite(sample, details -> {
            Money amount = details.value().amount();
            Money moved = amount.currency().getCurrencyCode().equals("EUR")
                    ? Money.of(amount.amount().add(new BigDecimal("0.125")), Money.currency("KWD"))
                    : Money.of(amount.amount().setScale(0, java.math.RoundingMode.DOWN), Money.currency("JPY"));
            return details.toBuilder().value(DealValue.of(moved, details.value().kind())).build();
        }, note -> note, Map.of());
        HealthReport report = HealthReport.builder(deals, RULES).asOf(AS_OF).build();
        Path file = HtmlReport.write(report, OUT.resolve("kwd-jpy"));
        List<String> problems = load(file);
        new Select(browser.findElement(By.id("filter-currency"))).selectByValue("KWD");
        List<List<String>> rows = browser.findElements(By.cssSelector("#blocked tbody tr")).stream()
                .map(row -> row.findElements(By.tagName("td")).stream().map(WebElement::getText).toList())
                .filter(row -> row.get(5).equals("KWD")).toList();
        assertThat(problems).isEmpty();
        assertThat(rows).isNotEmpty();
        assertThat(rows).as("a KWD amount keeps its three decimals (x.125)").allSatisfy(row ->
                assertThat(row.get(4)).endsWith(".125"));
    }

    @Test
    void edgePortfoliosLoadWithoutAnError() throws Exception {
        List<Opportunity> sample = SamplePortfolio.generate(150, 13, AS_OF);
        Map<String, List<Opportunity>> portfolios = new java.util.LinkedHashMap<>();
        portfolios.put("no-deals", List.of());
        portfolios.put("no-open-deals", sample.stream().filter(deal -> !deal.isOpen()).toList());
        portfolios.put("only-open-deals", sample.stream().filter(Opportunity::isOpen).toList());
        portfolios.put("one-deal", sample.stream().filter(Opportunity::isOpen).limit(1).toList());
        portfolios.put("one-currency-idr", sample.stream().filter(deal -> deal.details().value().amount().currency()
                .getCurrencyCode().equals("IDR")).toList());
        portfolios.put("classic-pipeline-only", sample.stream().filter(deal -> deal.pipeline().id().value()
                .equals("classic")).toList());
        Map<String, List<String>> results = new java.util.LinkedHashMap<>();
        for (Map.Entry<String, List<Opportunity>> portfolio : portfolios.entrySet()) {
            List<String> problems;
            try {
                HealthReport report = HealthReport.builder(portfolio.getValue(), RULES).asOf(AS_OF).build();
                Path file = HtmlReport.write(report, DashboardOptions.none().withTarget(Money.of("100000", "EUR")),
                        OUT.resolve(portfolio.getKey()));
                problems = load(file);
                for (WebElement select : browser.findElements(By.tagName("select"))) {
                    Select choice = new Select(select);
                    for (int i = 0; i < choice.getOptions().size(); i++) {
                        choice.selectByIndex(i);
                    }
                }
                hoverEveryChart();
                problems = new ArrayList<>(problems);
                for (LogEntry entry : browser.manage().logs().get(LogType.BROWSER).getAll()) {
                    if (entry.getLevel().intValue() >= Level.SEVERE.intValue()) {
                        problems.add("after interaction: " + entry.getMessage());
                    }
                }
                problems.add("headline=" + browser.findElement(By.id("headline")).getText() + " currency-note="
                        + browser.findElement(By.id("currency-note")).getText());
            } catch (RuntimeException e) {
                problems = List.of("EXCEPTION " + e);
            }
            results.put(portfolio.getKey() + " (" + portfolio.getValue().size() + " deals)", problems);
        }
        assertThat(results).allSatisfy((name, problems) -> assertThat(problems).as(name)
                .allSatisfy(problem -> assertThat(problem).startsWith("headline=")));
    }

    @Test
    void theOwnerFilterFiltersEveryTableRowOnALargePortfolio() throws Exception {
        List<Opportunity> many = SamplePortfolio.generate(18_000, 7, AS_OF);
        HealthReport large = HealthReport.builder(many, RULES).asOf(AS_OF).trials(1_000).backtestQuarters(1).build();
        Path file = HtmlReport.write(large, OUT.resolve("large"));
        List<String> problems = load(file);
        String owner = many.get(0).details().owner();
        new Select(browser.findElement(By.id("filter-owner"))).selectByValue(owner);
        @SuppressWarnings("unchecked")
        List<String> owners = (List<String>) script("return Array.prototype.map.call(document.querySelectorAll("
                + "'#alerts tbody tr'), function (tr) { return tr.children[2].textContent; });");
        @SuppressWarnings("unchecked")
        List<String> blockedOwners = (List<String>) script("return Array.prototype.map.call(document.querySelectorAll("
                + "'#blocked tbody tr'), function (tr) { return tr.children[2].textContent; });");
        long otherOwners = owners.stream().filter(o -> !o.equals(owner)).count();
        long otherBlocked = blockedOwners.stream().filter(o -> !o.equals(owner)).count();
        assertThat(otherOwners + otherBlocked).as("rows of other owners under an owner filter").isZero();
    }

    @Test
    void aRepsPageNamesNoOtherRepOrOtherDealsAccount() {
        List<Opportunity> deals = SamplePortfolio.generate(400, 42, AS_OF);
        String rep = deals.get(0).details().owner();
        var view = dev.salespipeline.core.view.PipelineView.of(dev.salespipeline.core.view.Viewer.rep(rep),
                dev.salespipeline.core.view.OrgChart.of(List.of(new dev.salespipeline.core.view.OrgChart.Person(rep,
                        dev.salespipeline.core.view.Viewer.Role.REP, null))), deals);
        String html = HtmlReport.render(HealthReport.builder(view.deals(), RULES).asOf(AS_OF).build());
        java.util.Set<String> ownAccounts = new java.util.HashSet<>();
        view.deals().forEach(deal -> ownAccounts.add(deal.details().account()));
        List<String> leaks = new ArrayList<>();
        for (Opportunity deal : deals) {
            if (!deal.details().owner().equals(rep)) {
                if (html.contains("\"" + deal.details().owner() + "\"")) {
                    leaks.add("owner " + deal.details().owner());
                }
                if (!ownAccounts.contains(deal.details().account()) && html.contains("\"" + deal.details().account() + "\"")) {
                    leaks.add("account " + deal.details().account());
                }
                if (html.contains(deal.id().value())) {
                    leaks.add("id " + deal.id().value());
                }
            }
        }
        assertThat(leaks).isEmpty();
    }
}
