package dev.salespipeline.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The health report as a self-contained dashboard: one HTML file holding its data, its charts' library
 * (Apache ECharts 5.3.1, inlined) and its script, so it opens from disk with no network. A currency
 * selector and filters (pipeline, owner, segment, close period) redraw the funnels, breakdowns, tables and
 * lists; every deal in a table or list opens its history, evidence, gate status and score. See
 * docs/metrics.md for what each chart shows.
 *
 * <p>The page shows what the report holds: for a viewer, build the report from
 * {@code PipelineView.of(viewer, org, deals).deals()} and the file holds no other deal. Stateless.
 */
public final class HtmlReport {

    private static final String ECHARTS = "/META-INF/resources/webjars/echarts/5.3.1/dist/echarts.min.js";

    private HtmlReport() {
    }

    /** Writes {@code dashboard.html} into {@code folder} (created if needed) and returns its path. */
    public static Path write(HealthReport report, Path folder) {
        return write(report, DashboardOptions.none(), folder);
    }

    /** Writes {@code dashboard.html} with {@code options} into {@code folder} and returns its path. */
    public static Path write(HealthReport report, DashboardOptions options, Path folder) {
        try {
            Files.createDirectories(folder);
            Path file = folder.resolve("dashboard.html").toAbsolutePath();
            Files.writeString(file, render(report, options), StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the dashboard into " + folder, e);
        }
    }

    /** The dashboard's HTML, without targets. */
    public static String render(HealthReport report) {
        return render(report, DashboardOptions.none());
    }

    /** The dashboard's HTML. */
    public static String render(HealthReport report, DashboardOptions options) {
        StringBuilder html = new StringBuilder(1 << 21);
        html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"UTF-8\"/>")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>")
                .append("<title>").append(esc(report.title())).append(", ").append(report.asOfDate()).append("</title><style>")
                .append(resource("/dev/salespipeline/report/dashboard.css")).append("</style></head><body>");
        html.append("<header><h1>").append(esc(report.title())).append(", ").append(report.asOfDate()).append("</h1>")
                .append("<p>").append(esc(report.source())).append("; rules ").append(esc(report.rulesVersion()))
                .append(".</p><p id=\"headline\" class=\"headline\"></p><p id=\"currency-note\"></p>")
                .append("<p id=\"rows-note\"></p></header>");
        html.append("<nav class=\"filters\" aria-label=\"Filters\">");
        for (String[] filter : new String[][] {{"currency", "Currency"}, {"pipeline", "Pipeline"}, {"owner", "Owner"},
                {"segment", "Segment"}, {"period", "Close period"}}) {
            html.append("<label>").append(filter[1]).append(" <select id=\"filter-").append(filter[0])
                    .append("\"></select></label>");
        }
        html.append("<span class=\"scope\">Every filter redraws the funnels, breakdowns, tables and lists."
                + " <span id=\"history-scope\"></span></span></nav>");
        html.append("<main>");
        chart(html, "chart-funnel-count", "Funnel: open deals per stage");
        chart(html, "chart-funnel-value", "Funnel: open value per stage");
        chart(html, "chart-conversion", "Stage-to-stage conversion");
        chart(html, "chart-time-in-stage", "Time in stage against the stage's average");
        chart(html, "chart-velocity", "Velocity");
        chart(html, "chart-regression", "Regression rate");
        html.append("<section class=\"wide\"><h2>Forecast ").append(report.fiscalQuarter()).append(", ")
                .append(report.forecast().periodStart()).append(" to ").append(report.forecast().periodEnd()).append("</h2><div id=\"chart-forecast\" class=\"chart\""
                + " role=\"img\"></div><p id=\"chart-forecast-text\" class=\"alt\"></p><p id=\"forecast-note\"></p>"
                + "</section>");
        chart(html, "chart-backtest", "Backtest: forecast accuracy per quarter");
        chart(html, "chart-owners", "Open value by owner");
        chart(html, "chart-segments", "Open value by segment");
        html.append("<section class=\"wide\"><h2>Coverage</h2><div id=\"coverage-body\"></div></section>");
        tableSection(html, "alerts", "Alerts");
        tableSection(html, "blocked", "Blocked at the next gate");
        html.append("<section class=\"wide\" id=\"inspection\"><h2>Inspection rhythm</h2><div class=\"lists\">");
        for (String[] rhythm : new String[][] {
                {"weekly", "Weekly review: late-stage deals"},
                {"monthly", "Monthly deep dive: mid-stage deals older than their stage's average"},
                {"quarterly", "Quarterly stage audit: a random sample of each stage"}}) {
            html.append("<div><h3>").append(rhythm[1]).append(" (<span id=\"inspection-").append(rhythm[0])
                    .append("-count\"></span>)</h3><ul id=\"inspection-").append(rhythm[0]).append("\"></ul></div>");
        }
        html.append("</div></section></main>");
        html.append("<aside id=\"deal\" hidden=\"hidden\" aria-live=\"polite\"><h2 id=\"deal-title\"></h2>")
                .append("<button id=\"deal-close\" type=\"button\">Close</button><div id=\"deal-body\"></div></aside>");
        html.append("<script id=\"dashboard-data\" type=\"application/json\">").append(DashboardData.of(report, options))
                .append("</script>");
        html.append("<script>/* Apache ECharts 5.3.1, Apache License 2.0, https://echarts.apache.org */\n")
                .append(resource(ECHARTS).replace("</script", "<\\/script")).append("</script>");
        html.append("<script>").append(resource("/dev/salespipeline/report/dashboard.js")).append("</script>");
        html.append("</body></html>\n");
        return html.toString();
    }

    private static void chart(StringBuilder html, String id, String title) {
        html.append("<section><h2>").append(esc(title)).append("</h2><div id=\"").append(id)
                .append("\" class=\"chart\" role=\"img\"></div><p id=\"").append(id).append("-text\" class=\"alt\"></p></section>");
    }

    private static void tableSection(StringBuilder html, String id, String title) {
        html.append("<section class=\"wide\" id=\"").append(id).append("\"><h2>").append(esc(title))
                .append(" (<span class=\"count\"></span>)</h2><p id=\"").append(id).append("-note\"></p><label>Find <input type=\"search\" aria-label=\"Find in ")
                .append(esc(title.toLowerCase(java.util.Locale.ROOT))).append("\"/></label><div class=\"scroll\"><table>")
                .append("<thead><tr></tr></thead><tbody></tbody></table></div></section>");
    }

    private static String resource(String name) {
        try (java.io.InputStream in = HtmlReport.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("the dashboard's resource " + name + " is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the dashboard's resource " + name, e);
        }
    }

    static String esc(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
                .replace("'", "&#39;");
    }
}
