package dev.salespipeline.report;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/** The system's headless Chromium, driven through its chromedriver, for the dashboard's tests. */
final class HeadlessChromium {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    /**
     * Selenium warns that it has no DevTools bindings for this Chromium: the tests use none. Held in a field, as
     * java.util.logging keeps loggers weakly.
     */
    private static final Logger SELENIUM_LOG = Logger.getLogger("org.openqa.selenium");

    private HeadlessChromium() {
    }

    /**
     * A browser that keeps the page's console for the test to read; the calling tests are skipped, saying why,
     * where Chromium is not installed.
     */
    static ChromeDriver start(String whose) {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER), "headless Chromium is"
                + " not installed (Debian packages chromium and chromium-driver; .ci/run installs them): " + whose
                + " are skipped");
        SELENIUM_LOG.setLevel(Level.SEVERE);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,1000");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        return new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).build(),
                options);
    }
}
