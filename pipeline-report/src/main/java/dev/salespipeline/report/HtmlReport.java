package dev.salespipeline.report;

import dev.salespipeline.core.forecast.RevenueDistribution;
import dev.salespipeline.core.gate.UnmetCriterion;
import dev.salespipeline.core.metrics.DurationStatistics;
import dev.salespipeline.core.metrics.PipelineMetrics;
import dev.salespipeline.core.metrics.StageConversion;
import dev.salespipeline.core.metrics.StageKey;
import dev.salespipeline.core.money.Money;
import dev.salespipeline.rules.outcome.Alert;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The health report as a self-contained dashboard: one XHTML file, its charts drawn as inline SVG, no
 * script and nothing fetched, so it renders the same offline. Stateless.
 */
public final class HtmlReport {

    private static final Currency EUR = Currency.getInstance("EUR");

    private HtmlReport() {
    }

    /** Writes {@code dashboard.html} into {@code folder} (created if needed) and returns its path. */
    public static Path write(HealthReport report, Path folder) {
        try {
            Files.createDirectories(folder);
            Path file = folder.resolve("dashboard.html").toAbsolutePath();
            Files.writeString(file, render(report), StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the dashboard into " + folder, e);
        }
    }

    /** The dashboard's XHTML. */
    public static String render(HealthReport report) {
        PipelineMetrics m = report.metrics();
        StringBuilder html = new StringBuilder();
        html.append("<!DOCTYPE html>\n")
                .append("<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\"><head><meta charset=\"UTF-8\"/>")
                .append("<title>sales-pipeline dashboard</title><style>")
                .append("body{font-family:system-ui,sans-serif;margin:2em;color:#222}section{margin-bottom:2em}")
                .append("table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.2em .5em;text-align:left}")
                .append("svg text{font-size:12px;font-family:system-ui,sans-serif}.k{font-size:1.6em;font-weight:bold}")
                .append("</style></head><body>");
        html.append("<h1>Pipeline health, ").append(report.asOfDate()).append("</h1>")
                .append("<p>").append(esc(report.source()))
                .append(", rules ").append(esc(report.rulesVersion())).append(". Open: ").append(m.openDeals())
                .append(" deals, ").append(esc(m.openValue().toString())).append("; weighted ")
                .append(esc(m.weightedOpenValue().toString())).append("; win rate ")
                .append(m.winRate().map(Object::toString).orElse("n/a")).append(".</p>");

        Map<String, Double> funnel = new LinkedHashMap<>();
        report.funnel().forEach((stage, count) -> funnel.put(stage, count.doubleValue()));
        section(html, "funnel", "Stage funnel: open deals per stage", bars("chart-funnel", funnel, "%.0f"));

        Map<String, Double> actual = new LinkedHashMap<>();
        Map<String, Double> expected = new LinkedHashMap<>();
        m.timeInStage().forEach((key, stats) -> {
            if (report.funnel().containsKey(key.toString())) {
                actual.put(key + " median", days(stats));
                expected.put(key + " average", (double) configuredDuration(report, key.toString()).toDays());
            }
        });
        Map<String, Double> paired = new LinkedHashMap<>();
        actual.forEach((label, value) -> {
            paired.put(label, value);
            String base = label.substring(0, label.length() - " median".length());
            paired.put(base + " average", expected.get(base + " average"));
        });
        section(html, "time-in-stage", "Time in stage: median of completed visits (blue) against the stage's average (grey), days",
                bars("chart-time-in-stage", paired, "%.1f"));

        Map<String, double[]> shares = new LinkedHashMap<>();
        for (Map.Entry<StageKey, StageConversion> entry : m.conversion().entrySet()) {
            StageConversion c = entry.getValue();
            if (c.exits() > 0) {
                shares.put(entry.getKey().toString(), new double[] {c.forward() / (double) c.exits(),
                        c.backward() / (double) c.exits(), c.out() / (double) c.exits()});
            }
        }
        section(html, "conversion", "Conversion per stage: forward (green), backward (amber), out (grey)",
                stacked("chart-conversion", shares));

        Map<String, Double> velocity = new LinkedHashMap<>();
        Map<String, Double> regression = new LinkedHashMap<>();
        for (PipelineMetrics point : report.monthly()) {
            String month = LocalDate.ofInstant(point.asOf(), ZoneOffset.UTC).toString().substring(0, 7);
            velocity.put(month, point.velocityPerDay().get(EUR).map(money -> money.amount().doubleValue()).orElse(0.0));
            regression.put(month, point.regressionRate().map(BigDecimal::doubleValue).orElse(0.0));
        }
        section(html, "velocity", "Velocity trend, EUR per day, monthly", line("chart-velocity", velocity));
        section(html, "regression", "Regression rate (share of deals ever moved back), monthly",
                bars("chart-regression", regression, "%.3f"));

        Map<String, Double> forecast = new LinkedHashMap<>();
        forecast.put("won to date", euros(report.forecast().wonToDate().get(EUR).orElse(Money.zero(EUR))));
        forecast.put("conservative", euros(report.forecast().conservative().get(EUR).orElse(Money.zero(EUR))));
        forecast.put("full", euros(report.forecast().full().get(EUR).orElse(Money.zero(EUR))));
        RevenueDistribution eur = report.distribution().get(EUR);
        if (eur != null) {
            forecast.put("simulated P10", euros(eur.p10()));
            forecast.put("simulated P50", euros(eur.p50()));
            forecast.put("simulated P90", euros(eur.p90()));
        }
        section(html, "forecast", "Forecast " + report.forecast().periodStart() + " to " + report.forecast().periodEnd() + ", EUR",
                bars("chart-forecast", forecast, "%,.0f"));

        html.append("<section id=\"alerts\"><h2>Alerts (").append(report.alerts().size()).append(")</h2><table>")
                .append("<tr><th>severity</th><th>deal</th><th>kind</th><th>since</th><th>message</th></tr>");
        for (Alert alert : report.alerts()) {
            html.append("<tr><td>").append(alert.severity()).append("</td><td>").append(esc(alert.opportunityId().value()))
                    .append("</td><td>").append(esc(alert.kind())).append("</td><td>").append(alert.since())
                    .append("</td><td>").append(esc(alert.message())).append("</td></tr>");
        }
        html.append("</table></section>");

        List<HealthReport.BlockedDeal> blocked = report.blockedDeals();
        html.append("<section id=\"blocked\"><h2>Blocked at the next gate (").append(blocked.size()).append(")</h2><table>")
                .append("<tr><th>deal</th><th>stage</th><th>value</th><th>unmet criteria</th></tr>");
        for (HealthReport.BlockedDeal entry : blocked) {
            html.append("<tr><td>").append(esc(entry.deal().id().value())).append("</td><td>")
                    .append(esc(entry.deal().stage().displayName())).append("</td><td>")
                    .append(esc(entry.deal().details().value().amount().toString())).append("</td><td>")
                    .append(esc(entry.decision().unmetCriteria().stream().map(UnmetCriterion::message)
                            .collect(Collectors.joining(" ")))).append("</td></tr>");
        }
        html.append("</table></section></body></html>\n");
        return html.toString();
    }

    /** The configured duration of the stage {@code pipeline/stage}. */
    private static java.time.Duration configuredDuration(HealthReport report, String stageKey) {
        String[] parts = stageKey.split("/");
        return report.pipelines().stream().filter(pipeline -> pipeline.id().value().equals(parts[0])).findFirst()
                .orElseThrow().stage(parts[1]).expectedDuration();
    }

    private static double days(DurationStatistics stats) {
        return stats.median().toHours() / 24.0;
    }

    private static double euros(Money money) {
        return money.amount().doubleValue();
    }

    private static void section(StringBuilder html, String id, String title, String chart) {
        html.append("<section id=\"").append(id).append("\"><h2>").append(esc(title)).append("</h2>").append(chart)
                .append("</section>");
    }

    /** Horizontal bars, one per label, scaled to the largest value. */
    private static String bars(String id, Map<String, Double> values, String format) {
        int rowHeight = 22;
        int labelWidth = 260;
        int barWidth = 420;
        double max = values.values().stream().mapToDouble(Double::doubleValue).max().orElse(0);
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg id=\"%s\" xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\">",
                id, labelWidth + barWidth + 120, Math.max(1, values.size()) * rowHeight + 10));
        int row = 0;
        for (Map.Entry<String, Double> entry : values.entrySet()) {
            int y = row++ * rowHeight + 5;
            double width = max <= 0 ? 0 : entry.getValue() / max * barWidth;
            svg.append(String.format(Locale.ROOT, "<text x=\"0\" y=\"%d\">%s</text>", y + 15, esc(entry.getKey())))
                    .append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"16\" fill=\"%s\"/>",
                            labelWidth, y + 2, width, entry.getKey().endsWith(" average") ? "#999999" : "#3b7dd8"))
                    .append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\">%s</text>", labelWidth + width + 6, y + 15,
                            esc(String.format(Locale.ROOT, format, entry.getValue()))));
        }
        return svg.append("</svg>").toString();
    }

    /** One 100% bar per label, split into forward, backward and out. */
    private static String stacked(String id, Map<String, double[]> shares) {
        int rowHeight = 22;
        int labelWidth = 260;
        int barWidth = 420;
        String[] colours = {"#3a9d5d", "#e0a020", "#999999"};
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg id=\"%s\" xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\">",
                id, labelWidth + barWidth + 20, Math.max(1, shares.size()) * rowHeight + 10));
        int row = 0;
        for (Map.Entry<String, double[]> entry : shares.entrySet()) {
            int y = row++ * rowHeight + 5;
            svg.append(String.format(Locale.ROOT, "<text x=\"0\" y=\"%d\">%s</text>", y + 15, esc(entry.getKey())));
            double x = labelWidth;
            for (int part = 0; part < 3; part++) {
                double width = entry.getValue()[part] * barWidth;
                svg.append(String.format(Locale.ROOT,
                        "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"16\" fill=\"%s\"><title>%.0f%%</title></rect>",
                        x, y + 2, width, colours[part], entry.getValue()[part] * 100));
                x += width;
            }
        }
        return svg.append("</svg>").toString();
    }

    /** A line through the values, in label order, with the first and last labels under it. */
    private static String line(String id, Map<String, Double> values) {
        int width = 680;
        int height = 200;
        double max = values.values().stream().mapToDouble(Double::doubleValue).max().orElse(0);
        List<String> points = new ArrayList<>();
        int index = 0;
        for (double value : values.values()) {
            double x = 40 + (values.size() <= 1 ? 0 : index++ * (width - 80.0) / (values.size() - 1));
            double y = height - 30 - (max <= 0 ? 0 : value / max * (height - 60));
            points.add(String.format(Locale.ROOT, "%.1f,%.1f", x, y));
        }
        List<String> labels = new ArrayList<>(values.keySet());
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg id=\"%s\" xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\">",
                id, width, height))
                .append("<polyline fill=\"none\" stroke=\"#3b7dd8\" stroke-width=\"2\" points=\"")
                .append(String.join(" ", points)).append("\"/>");
        if (!labels.isEmpty()) {
            svg.append(String.format(Locale.ROOT, "<text x=\"40\" y=\"%d\">%s</text>", height - 8, esc(labels.get(0))))
                    .append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>", width - 40,
                            height - 8, esc(labels.get(labels.size() - 1))))
                    .append(String.format(Locale.ROOT, "<text x=\"40\" y=\"20\">max %,.2f</text>", max));
        }
        return svg.append("</svg>").toString();
    }

    static String esc(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
                .replace("'", "&#39;");
    }
}
