package dev.salespipeline.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.salespipeline.core.money.Money;
import dev.salespipeline.core.opportunity.Opportunity;
import dev.salespipeline.core.pipeline.PipelineDefinition;
import dev.salespipeline.core.pipeline.Stage;
import dev.salespipeline.core.view.OrgChart;
import dev.salespipeline.core.view.PipelineView;
import dev.salespipeline.core.view.Viewer;
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
import java.util.List;
import java.util.logging.Level;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard opened in the system's headless Chromium, as a sales leader would: no console errors, every
 * chart drawn from the report's numbers, the currency selector and the filters changing the figures, a
 * deal's drill-down opening with its history, and a viewer's file holding no other viewer's deal.
 * Screenshots go to target/. Skipped, saying why, where Chromium is not installed.
 */
class DashboardBrowserTest {

    private static final Instant AS_OF = Instant.parse("2026-11-23T12:00:00Z");
    private static final List<Opportunity> DEALS = SamplePortfolio.generate(400, 42, AS_OF);
    private static final PipelineRules RULES = PipelineRules.builder(RuleSources.defaults())
            .clock(Clock.fixed(AS_OF, ZoneOffset.UTC)).build();

    private static WebDriver browser;
    private static HealthReport report;
    private static Path page;

    @BeforeAll
    static void open() throws Exception {
        browser = HeadlessChromium.start("the dashboard's browser tests");
        report = HealthReport.builder(DEALS, RULES).asOf(AS_OF).build();
        page = HtmlReport.write(report, DashboardOptions.none().withTarget(Money.of("2000000", "EUR"))
                .withOwnerTarget(DEALS.get(0).details().owner(), Money.of("500000", "EUR")), Path.of("target", "dashboard-test"));
        load(page);
    }

    @AfterAll
    static void close() {
        if (browser != null) {
            browser.quit();
        }
    }

    private static void load(Path file) {
        browser.get(file.toUri().toString());
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(driver -> "true".equals(
                driver.findElement(By.tagName("body")).getAttribute("data-ready")));
    }

    private static Object script(String code) {
        return ((JavascriptExecutor) browser).executeScript(code);
    }

    @SuppressWarnings("unchecked")
    private static List<Number> series(String chart, int index) {
        return (List<Number>) script("return echarts.getInstanceByDom(document.getElementById('" + chart
                + "')).getOption().series[" + index + "].data;");
    }

    private static void screenshot(String name) throws Exception {
        Files.write(Path.of("target", "dashboard-test", name + ".png"),
                ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }

    private static PipelineDefinition pipeline() {
        return report.pipelines().get(0);
    }

    /** Open deals of the first pipeline per stage, in pipeline order, worked out from the deals. */
    private static List<Long> openPerStage(String owner) {
        return pipeline().openStages().stream().map(stage -> DEALS.stream().filter(Opportunity::isOpen)
                .filter(deal -> deal.pipeline().id().equals(pipeline().id()) && deal.stage().equals(stage))
                .filter(deal -> owner == null || deal.details().owner().equals(owner)).count()).toList();
    }

    private static List<Long> openValuePerStage(String currency) {
        return pipeline().openStages().stream().map((Stage stage) -> DEALS.stream().filter(Opportunity::isOpen)
                .filter(deal -> deal.pipeline().id().equals(pipeline().id()) && deal.stage().equals(stage))
                .filter(deal -> deal.details().value().amount().currency().getCurrencyCode().equals(currency))
                .map(deal -> deal.details().value().amount().amount()).reduce(BigDecimal.ZERO, BigDecimal::add)
                .longValue()).toList();
    }

    @Test
    void theDashboardLoadsWithoutAnErrorAndDrawsEveryChartFromTheReportsNumbers() throws Exception {
        screenshot("dashboard");
        script("document.getElementById('chart-velocity').scrollIntoView()");
        screenshot("dashboard-trends-and-forecast");
        script("document.getElementById('chart-backtest').scrollIntoView()");
        screenshot("dashboard-breakdowns");
        script("window.scrollTo(0, 0)");
        List<LogEntry> errors = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue()).toList();
        assertThat(errors).as("console errors").isEmpty();
        for (String chart : List.of("chart-funnel-count", "chart-funnel-value", "chart-conversion", "chart-time-in-stage",
                "chart-velocity", "chart-regression", "chart-forecast", "chart-backtest", "chart-owners", "chart-segments")) {
            assertThat(browser.findElements(By.cssSelector("#" + chart + " svg"))).as(chart).isNotEmpty();
            assertThat(browser.findElement(By.id(chart + "-text")).getText()).as(chart + "'s text alternative").isNotBlank();
        }
        assertThat(series("chart-funnel-count", 0)).extracting(Number::longValue).isEqualTo(openPerStage(null));
        assertThat(series("chart-funnel-value", 0)).extracting(Number::longValue).isEqualTo(openValuePerStage("EUR"));
        // The forecast's Full bar is the report's Full in EUR, rounded to the unit.
        assertThat(series("chart-forecast", 0).get(5).longValue())
                .isEqualTo(report.forecast().full().get("EUR").orElseThrow().amount().setScale(0,
                        java.math.RoundingMode.HALF_EVEN).longValue());
        // The target line is on the forecast, within its axis.
        assertThat(script("var o = echarts.getInstanceByDom(document.getElementById('chart-forecast')).getOption();"
                + " return [o.series[0].markLine.data[0].xAxis, o.xAxis[0].max];")).asList()
                .satisfies(line -> assertThat(((Number) line.get(1)).longValue())
                        .isGreaterThanOrEqualTo(((Number) line.get(0)).longValue()))
                .first().satisfies(target -> assertThat(((Number) target).longValue()).isEqualTo(2_000_000L));
        // Stage order is the pipeline's, not the alphabet's.
        assertThat(browser.findElement(By.id("chart-funnel-count-text")).getText()).startsWith("Open deals per stage: "
                + pipeline().openStages().get(0).displayName());
        assertThat(Files.size(page)).as("size budget").isLessThan(2_000_000);
        assertThat(browser.findElement(By.id("headline")).getText()).contains("win rate "
                + report.metrics().winRate().orElseThrow().movePointRight(2).setScale(1, java.math.RoundingMode.HALF_UP)
                        .stripTrailingZeros().toPlainString() + "%");
    }

    @Test
    void theCurrencySelectorAndTheOwnerFilterChangeTheFigures() throws Exception {
        load(page);
        new Select(browser.findElement(By.id("filter-currency"))).selectByValue("IDR");
        assertThat(series("chart-funnel-value", 0)).extracting(Number::longValue).isEqualTo(openValuePerStage("IDR"));
        assertThat(browser.findElement(By.id("currency-note")).getText()).startsWith("Figures in IDR only; deals in EUR"
                + " are not converted");
        String owner = DEALS.get(0).details().owner();
        new Select(browser.findElement(By.id("filter-owner"))).selectByValue(owner);
        assertThat(series("chart-funnel-count", 0)).extracting(Number::longValue).isEqualTo(openPerStage(owner));
        // The history figures follow the owner too: conversion forward, % of exits, from the owner's deals alone.
        dev.salespipeline.core.metrics.PipelineMetrics owners = dev.salespipeline.core.metrics.PipelineMetrics.of(
                DEALS.stream().filter(deal -> deal.details().owner().equals(owner)).toList(), AS_OF);
        List<Double> forward = pipeline().openStages().stream().map(stage -> {
            dev.salespipeline.core.metrics.StageConversion conversion = owners.conversion().get(
                    new dev.salespipeline.core.metrics.StageKey(pipeline().id(), stage.id()));
            return conversion == null || conversion.exits() == 0 ? 0.0
                    : Math.round(1000.0 * conversion.forward() / conversion.exits()) / 10.0;
        }).toList();
        assertThat(series("chart-conversion", 0)).extracting(Number::doubleValue).isEqualTo(forward);
        assertThat(browser.findElement(By.id("history-scope")).getText()).startsWith("Conversion, time in stage, the"
                + " trends and the forecast cover " + owner + "\u2019s deals");
        // The forecast too: Full over the owner's deals alone, in IDR (the currency picked above).
        assertThat(series("chart-forecast", 0).get(5).longValue()).isEqualTo(report.forecastOf(deal -> deal.details()
                .owner().equals(owner)).full().get("IDR").map(money -> money.amount().setScale(0,
                java.math.RoundingMode.HALF_EVEN).longValue()).orElse(0L));
        List<WebElement> alertRows = browser.findElements(By.cssSelector("#alerts tbody tr"));
        assertThat(alertRows).allSatisfy(row -> assertThat(row.findElements(By.tagName("td")).get(2).getText())
                .isEqualTo(owner));
        screenshot("dashboard-filtered");
    }

    @Test
    void withTheHostsRatesEveryCurrencyCanBeShownConvertedIntoOneAndThePageSaysHow() throws Exception {
        BigDecimal rate = new BigDecimal("0.0000575");
        Path file = HtmlReport.write(report, DashboardOptions.none().withRate("IDR", "EUR", rate),
                Path.of("target", "dashboard-test", "converted"));
        load(file);
        assertThat(new Select(browser.findElement(By.id("filter-currency"))).getOptions()).extracting(WebElement::getText)
                .containsExactly("EUR", "IDR", "all in EUR");
        new Select(browser.findElement(By.id("filter-currency"))).selectByValue("EUR+");

        List<Long> euros = openValuePerStage("EUR");
        List<Long> rupiahs = openValuePerStage("IDR");
        List<Number> shown = series("chart-funnel-value", 0);
        for (int stage = 0; stage < euros.size(); stage++) {
            double expected = euros.get(stage) + rupiahs.get(stage) * rate.doubleValue();
            assertThat(shown.get(stage).doubleValue()).as("stage %d", stage).isCloseTo(expected,
                    org.assertj.core.data.Offset.offset(1.0));
        }
        assertThat(browser.findElement(By.id("currency-note")).getText()).startsWith("Figures in EUR, IDR converted at"
                + " 1 IDR = 0.0000575 EUR (the host\u2019s rates");
        assertThat(browser.findElement(By.id("forecast-note")).getText()).startsWith("The simulated P10\u2013P90 is per"
                + " currency");
        screenshot("dashboard-converted");
    }

    @Test
    void aDealOpensWithItsHistoryEvidenceAndGate() throws Exception {
        load(page);
        WebElement first = browser.findElement(By.cssSelector("#blocked tbody button.deal"));
        String id = first.getText();
        first.click();
        WebElement panel = browser.findElement(By.id("deal"));
        assertThat(panel.isDisplayed()).isTrue();
        Opportunity deal = DEALS.stream().filter(candidate -> candidate.id().value().equals(id)).findFirst().orElseThrow();
        assertThat(panel.findElements(By.cssSelector("ol.timeline li"))).hasSize(deal.history().size());
        assertThat(panel.findElements(By.cssSelector("ul.evidence li"))).hasSize(deal.evidence().size());
        assertThat(panel.getText()).contains("Next gate: blocked", deal.details().account());
        assertThat(panel.findElements(By.cssSelector("ul.unmet li")))
                .hasSize(report.nextGates().get(deal.id()).unmetCriteria().size());
        screenshot("dashboard-deal");
    }

    @Test
    void aTableSortsByAColumnFromTheKeyboard() {
        load(page);
        WebElement value = browser.findElements(By.cssSelector("#blocked thead th")).get(4);
        value.sendKeys(org.openqa.selenium.Keys.ENTER);
        List<List<String>> rows = browser.findElements(By.cssSelector("#blocked tbody tr")).stream()
                .map(row -> row.findElements(By.tagName("td")).stream().map(WebElement::getText).toList()).toList();
        assertThat(rows).hasSizeGreaterThan(1);
        // Each currency's deals among themselves, by amount: amounts in two currencies are not comparable.
        assertThat(rows).extracting(row -> row.get(5)).isSorted();
        for (String currency : rows.stream().map(row -> row.get(5)).distinct().toList()) {
            assertThat(rows.stream().filter(row -> row.get(5).equals(currency))
                    .map(row -> new BigDecimal(row.get(4).replace(",", ""))).toList()).isSorted();
        }
        assertThat(rows.get(0).get(4)).as("thousands separated").matches("\\d{1,3}(,\\d{3})*(\\.\\d+)?");
        assertThat(value.getAttribute("aria-sort")).isEqualTo("ascending");
    }

    @Test
    void aLargePortfolioKeepsTheLargestDealsWithinTheSizeBudgetAndSaysSo() throws Exception {
        List<Opportunity> many = SamplePortfolio.generate(18_000, 7, AS_OF);
        long open = many.stream().filter(Opportunity::isOpen).count();
        HealthReport large = HealthReport.builder(many, RULES).asOf(AS_OF).trials(1_000).backtestQuarters(1).build();
        Path file = HtmlReport.write(large, Path.of("target", "dashboard-test", "large"));

        assertThat(open).isGreaterThan(DashboardData.MAX_ROWS);
        assertThat(Files.size(file)).as("size budget").isLessThan(2_000_000);
        load(file);
        assertThat(browser.findElement(By.id("rows-note")).getText()).isEqualTo("This page holds the "
                + DashboardData.MAX_ROWS + " largest of " + open + " open deals; funnels, breakdowns and tables cover those.");
        screenshot("dashboard-large");
    }

    @Test
    void aViewersDashboardHoldsNoOtherViewersDeal() throws Exception {
        String rep = DEALS.get(0).details().owner();
        PipelineView view = PipelineView.of(Viewer.rep(rep), OrgChart.of(List.of(new OrgChart.Person(rep,
                Viewer.Role.REP, null))), DEALS);
        HealthReport own = HealthReport.builder(view.deals(), RULES).asOf(AS_OF).build();
        String html = HtmlReport.render(own);

        assertThat(view.deals()).isNotEmpty().allSatisfy(deal -> assertThat(deal.details().owner()).isEqualTo(rep));
        for (Opportunity deal : DEALS) {
            if (!deal.details().owner().equals(rep)) {
                assertThat(html).as("%s of %s", deal.id(), deal.details().owner()).doesNotContain("\"" + deal.id().value()
                        + "\"");
            }
        }
        Path file = Path.of("target", "dashboard-test", "rep").resolve("dashboard.html");
        Files.createDirectories(file.getParent());
        Files.writeString(file, html);
        load(file);
        assertThat(new Select(browser.findElement(By.id("filter-owner"))).getOptions()).extracting(WebElement::getText)
                .containsExactly("every owner", rep);
    }
}
