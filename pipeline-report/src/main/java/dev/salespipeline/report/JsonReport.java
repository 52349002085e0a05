package dev.salespipeline.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import dev.salespipeline.core.forecast.Backtest;
import dev.salespipeline.core.forecast.Forecast;
import dev.salespipeline.core.forecast.ForecastCategory;
import dev.salespipeline.core.forecast.RevenueDistribution;
import dev.salespipeline.core.metrics.MoneyTotals;
import dev.salespipeline.core.metrics.PipelineMetrics;
import dev.salespipeline.core.money.Money;
import dev.salespipeline.core.scoring.ModelReport;
import dev.salespipeline.importing.ImportProblem;
import dev.salespipeline.importing.ImportReport;
import dev.salespipeline.rules.outcome.Alert;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.Comparator;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The health report as one JSON document, for scripts and CI: the source and the rules, the import's counts
 * and problems, the headline metrics, alerts by kind, blocked deals, recommendations, the quarter's forecast
 * with its simulated interval, and the backtest. Amounts are decimal strings per currency, never floating
 * point ({@code {"EUR": "1250.00"}}); rates are decimal strings. Written with Jackson's streaming generator.
 * Stateless.
 */
public final class JsonReport {

    private JsonReport() {
    }

    /**
     * Writes {@code report} to {@code out}, pretty-printed and followed by a line break, with
     * {@code extraFields} (such as {@code "command": "report"}) first; {@code out} stays open.
     */
    public static void write(HealthReport report, OutputStream out, Map<String, String> extraFields) {
        try (JsonGenerator json = new JsonFactory().createGenerator(out).useDefaultPrettyPrinter()) {
            json.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            json.writeStartObject();
            for (Map.Entry<String, String> field : extraFields.entrySet()) {
                json.writeStringField(field.getKey(), field.getValue());
            }
            json.writeStringField("title", report.title());
            json.writeStringField("source", report.source());
            json.writeStringField("asOf", report.asOf().toString());
            json.writeStringField("rules", report.rulesVersion());
            if (report.importReport().isPresent()) {
                importReport(json, report.importReport().get());
            }
            metrics(json, report.metrics());
            if (report.rollUp().isPresent()) {
                HealthReport.RollUp rollUp = report.rollUp().get();
                json.writeObjectFieldStart("rollUp");
                json.writeStringField("currency", rollUp.currency().getCurrencyCode());
                for (Map.Entry<String, dev.salespipeline.core.money.Money> figure : Map.of("openValue", rollUp.openValue(),
                        "weightedOpenValue", rollUp.weightedOpenValue(), "wonValue", rollUp.wonValue(), "wonToDate",
                        rollUp.wonToDate(), "conservative", rollUp.conservative(), "full", rollUp.full()).entrySet().stream()
                        .sorted(Map.Entry.comparingByKey()).toList()) {
                    json.writeStringField(figure.getKey(), figure.getValue().amount().toPlainString());
                }
                json.writeEndObject();
            }
            Map<String, Integer> alertsByKind = new TreeMap<>();
            for (Alert alert : report.alerts()) {
                alertsByKind.merge(alert.kind(), 1, Integer::sum);
            }
            json.writeObjectFieldStart("alerts");
            for (Map.Entry<String, Integer> entry : alertsByKind.entrySet()) {
                json.writeNumberField(entry.getKey(), entry.getValue());
            }
            json.writeEndObject();
            json.writeNumberField("blockedAtNextGate", report.blockedDeals().size());
            json.writeNumberField("dealsWithRecommendations", report.reviews().size());
            forecast(json, report);
            json.writeArrayFieldStart("backtest");
            for (Backtest.PeriodResult period : report.backtest()) {
                json.writeStartObject();
                json.writeStringField("start", period.start().toString());
                json.writeStringField("end", period.end().toString());
                money(json, "forecast", period.forecast());
                money(json, "actual", period.actual());
                json.writeObjectFieldStart("accuracy");
                for (Map.Entry<Currency, BigDecimal> accuracy : byCurrencyCode(period.accuracy()).entrySet()) {
                    json.writeStringField(accuracy.getKey().getCurrencyCode(), accuracy.getValue().toPlainString());
                }
                json.writeEndObject();
                json.writeNumberField("unrecordedDeals", period.unrecordedDeals());
                json.writeEndObject();
            }
            json.writeEndArray();
            winScore(json, report);
            json.writeEndObject();
            json.flush();
            out.write(System.lineSeparator().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void importReport(JsonGenerator json, ImportReport imported) throws IOException {
        json.writeObjectFieldStart("import");
        json.writeNumberField("rowsRead", imported.rowsRead());
        json.writeNumberField("rowsImported", imported.rowsImported());
        json.writeNumberField("rowsRejected", imported.rowsRejected());
        json.writeNumberField("rowsSkipped", imported.rowsSkipped());
        json.writeNumberField("dealsImported", imported.dealsImported());
        json.writeNumberField("dealsAdjusted", imported.dealsAdjusted());
        json.writeNumberField("dealsRejected", imported.dealsRejected());
        problems(json, "problems", imported.problems());
        counts(json, "problemsByColumn", imported.problemsByColumn());
        problems(json, "adjustments", imported.adjustments());
        counts(json, "adjustmentsByColumn", imported.adjustmentsByColumn());
        json.writeEndObject();
    }

    private static void counts(JsonGenerator json, String name, Map<String, Integer> counts) throws IOException {
        json.writeObjectFieldStart(name);
        for (Map.Entry<String, Integer> entry : counts.entrySet()) {
            json.writeNumberField(entry.getKey(), entry.getValue());
        }
        json.writeEndObject();
    }

    private static void problems(JsonGenerator json, String name, List<ImportProblem> problems) throws IOException {
        json.writeArrayFieldStart(name);
        for (ImportProblem problem : problems) {
            json.writeStartObject();
            json.writeStringField("file", problem.file());
            json.writeNumberField("line", problem.line());
            json.writeStringField("column", problem.column());
            json.writeStringField("value", problem.value());
            json.writeStringField("reason", problem.reason());
            json.writeEndObject();
        }
        json.writeEndArray();
    }

    private static void metrics(JsonGenerator json, PipelineMetrics metrics) throws IOException {
        json.writeObjectFieldStart("metrics");
        json.writeStringField("asOf", metrics.asOf().toString());
        json.writeNumberField("deals", metrics.dealCount());
        json.writeNumberField("openDeals", metrics.openDeals());
        json.writeNumberField("wonDeals", metrics.wonDeals());
        json.writeNumberField("lostDeals", metrics.lostDeals());
        money(json, "openValue", metrics.openValue());
        money(json, "weightedOpenValue", metrics.weightedOpenValue());
        money(json, "wonValue", metrics.wonValue());
        json.writeStringField("winRate", metrics.winRate().map(BigDecimal::toPlainString).orElse(null));
        json.writeStringField("regressionRate", metrics.regressionRate().map(BigDecimal::toPlainString).orElse(null));
        json.writeEndObject();
    }

    private static void forecast(JsonGenerator json, HealthReport report) throws IOException {
        Forecast forecast = report.forecast();
        json.writeObjectFieldStart("forecast");
        json.writeStringField("fiscalQuarter", report.fiscalQuarter());
        json.writeStringField("periodStart", forecast.periodStart().toString());
        json.writeStringField("periodEnd", forecast.periodEnd().toString());
        json.writeStringField("probabilities", report.probabilities().name());
        money(json, "wonToDate", forecast.wonToDate());
        json.writeObjectFieldStart("byCategory");
        for (ForecastCategory category : ForecastCategory.values()) {
            money(json, category.name(), forecast.expectedByCategory().get(category));
        }
        json.writeEndObject();
        money(json, "full", forecast.full());
        money(json, "conservative", forecast.conservative());
        json.writeObjectFieldStart("simulated");
        for (Map.Entry<Currency, RevenueDistribution> entry : byCurrencyCode(report.distribution()).entrySet()) {
            RevenueDistribution distribution = entry.getValue();
            json.writeObjectFieldStart(entry.getKey().getCurrencyCode());
            json.writeStringField("p10", distribution.p10().amount().toPlainString());
            json.writeStringField("p50", distribution.p50().amount().toPlainString());
            json.writeStringField("p90", distribution.p90().amount().toPlainString());
            json.writeNumberField("trials", distribution.trials());
            json.writeEndObject();
        }
        json.writeEndObject();
        json.writeEndObject();
    }

    /** The win score's skill on held-out deals; statistics as decimal strings of four places, like the win rate. */
    private static void winScore(JsonGenerator json, HealthReport report) throws IOException {
        json.writeObjectFieldStart("winScore");
        json.writeBooleanField("trained", report.winScoring().isPresent());
        if (report.winScoring().isEmpty()) {
            json.writeStringField("note", report.winScoringNote());
        } else {
            ModelReport model = report.winScoring().get().report();
            ModelReport baseline = report.winScoring().get().baselineReport();
            json.writeStringField("penalty", Double.toString(report.winScoring().get().penalty()));
            json.writeNumberField("heldOutDeals", model.heldOutDeals());
            json.writeNumberField("heldOutRows", model.heldOutRows());
            json.writeStringField("brier", TextReport.four(model.brier()));
            json.writeStringField("baseRateBrier", TextReport.four(model.baseRateBrier()));
            json.writeStringField("brierSkillScore", TextReport.four(model.brierSkillScore()));
            json.writeStringField("logLoss", TextReport.four(model.logLoss()));
            json.writeStringField("auc", TextReport.four(model.auc()));
            json.writeStringField("baselineBrier", TextReport.four(baseline.brier()));
        }
        json.writeEndObject();
    }

    /** The entries in the order of their currency codes, so that the document is the same every time. */
    static <V> Map<Currency, V> byCurrencyCode(Map<Currency, V> values) {
        Map<Currency, V> sorted = new TreeMap<>(Comparator.comparing(Currency::getCurrencyCode));
        sorted.putAll(values);
        return sorted;
    }

    /** {@code {"EUR": "1250.00", …}}: money stays exact. */
    private static void money(JsonGenerator json, String field, MoneyTotals totals) throws IOException {
        json.writeObjectFieldStart(field);
        for (Money money : totals.byCurrency().values()) {
            json.writeStringField(money.currency().getCurrencyCode(), money.amount().toPlainString());
        }
        json.writeEndObject();
    }
}
