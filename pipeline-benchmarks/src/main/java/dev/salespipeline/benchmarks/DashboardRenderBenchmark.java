package dev.salespipeline.benchmarks;

import dev.salespipeline.report.HealthReport;
import dev.salespipeline.report.HtmlReport;
import dev.salespipeline.rules.PipelineRules;
import dev.salespipeline.rules.RuleSources;
import dev.salespipeline.testkit.SamplePortfolio;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard of a {@code deals}-deal sample portfolio opened in the system's headless Chromium: from
 * navigation until its script has drawn every chart and table ({@code body[data-ready]}). The browser is
 * started once; each invocation loads the page anew.
 *
 * <p>Run: {@code java -jar pipeline-benchmarks/target/benchmarks.jar DashboardRenderBenchmark -f 1 -wi 3 -i 10}.
 * Needs {@code /usr/bin/chromium} and {@code /usr/bin/chromedriver} (Debian {@code chromium},
 * {@code chromium-driver}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class DashboardRenderBenchmark {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    /** 100 deals: what loading the page and ECharts costs whatever the portfolio, the baseline of 10,000. */
    @Param({"100", "10000"})
    public int deals;

    private ChromeDriver browser;
    private String page;

    /** Whether this machine has the browser the benchmark drives. */
    static boolean browserInstalled() {
        return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    }

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        if (!browserInstalled()) {
            throw new IllegalStateException("DashboardRenderBenchmark needs " + CHROMIUM + " and " + CHROMEDRIVER
                    + " (Debian packages chromium and chromium-driver)");
        }
        PipelineRules rules = PipelineRules.builder(RuleSources.defaults()).clock(Clock.fixed(Workload.NOW, ZoneOffset.UTC))
                .build();
        HealthReport report = HealthReport.builder(SamplePortfolio.generate(deals, 42, Workload.NOW), rules)
                .asOf(Workload.NOW).trials(1_000).build();
        Path folder = Files.createTempDirectory("dashboard-benchmark");
        page = HtmlReport.write(report, folder).toUri().toString();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,1000");
        browser = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .build(), options);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Benchmark
    public String openTheDashboard() {
        browser.get("about:blank");
        browser.get(page);
        new WebDriverWait(browser, Duration.ofSeconds(60)).until(driver -> "true".equals(
                driver.findElement(By.tagName("body")).getAttribute("data-ready")));
        return browser.getTitle();
    }
}
