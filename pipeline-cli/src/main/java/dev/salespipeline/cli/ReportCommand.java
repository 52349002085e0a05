package dev.salespipeline.cli;

import dev.salespipeline.core.forecast.Forecast;
import dev.salespipeline.core.metrics.PipelineMetrics;
import dev.salespipeline.examples.demo.DemoOptions;
import dev.salespipeline.examples.demo.DemoRun;
import dev.salespipeline.examples.demo.PipelineDemo;
import dev.salespipeline.importing.ImportProblem;
import dev.salespipeline.importing.ImportReport;
import dev.salespipeline.rules.Alert;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@code report --input FILE}: the demo's pipeline health report on an imported export, as text (with
 * the HTML dashboard) or as JSON. Exit 0 when something was imported, 1 when nothing was.
 */
final class ReportCommand {

    static final String USAGE = """
            report --input FILE [--format F] [--mapping FILE] [--history FILE] [--rules DIR] [--as-of YYYY-MM-DD]
                   [--out DIR] [--json]
                the health report on a CRM export (salesforce, hubspot or csv; see docs/importing.md): with
                --json, the import's counts and problems, the headline metrics, alerts by kind, blocked
                deals and the quarter's forecast; otherwise the demo's report and dashboard""";

    private static final Set<String> OPTIONS = Set.of("--input", "--format", "--mapping", "--history", "--rules",
            "--as-of", "--out");

    private ReportCommand() {
    }

    static int run(List<String> args, PrintStream out, PrintStream err, Instant now) {
        Arguments arguments = new Arguments(args, OPTIONS, Set.of("--json"));
        arguments.positional(0, "no other arguments");
        if (arguments.option("--input").isEmpty()) {
            throw new Arguments.UsageException("report needs --input FILE");
        }
        List<String> demoArgs = new ArrayList<>();
        for (String option : OPTIONS) {
            arguments.option(option).ifPresent(value -> {
                demoArgs.add(option);
                demoArgs.add(value);
            });
        }
        if (!arguments.flag("--json")) {
            // The demo's own options, messages and exit codes; it reports on imported deals as on generated ones.
            return PipelineDemo.run(demoArgs.toArray(String[]::new), out, err, Clock.fixed(now, ZoneOffset.UTC));
        }
        DemoOptions options;
        try {
            options = DemoOptions.parse(demoArgs.toArray(String[]::new), now);
        } catch (IllegalArgumentException e) {
            throw new Arguments.UsageException(e.getMessage());
        }
        DemoRun run;
        try {
            run = DemoRun.compute(options, new PrintStream(new ByteArrayOutputStream(), true, java.nio.charset.StandardCharsets.UTF_8));
        } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
            throw new Arguments.UsageException(e.getMessage());
        }
        json(out, run);
        return run.deals().isEmpty() ? 1 : 0;
    }

    private static void json(PrintStream out, DemoRun run) {
        ImportReport imported = run.importReport().orElseThrow();
        PipelineMetrics metrics = run.metrics();
        Map<String, Integer> alertsByKind = new TreeMap<>();
        for (Alert alert : run.alerts()) {
            alertsByKind.merge(alert.kind(), 1, Integer::sum);
        }
        long blocked = run.nextGates().values().stream().filter(decision -> !decision.isAllowed()).count();
        Forecast forecast = run.forecast();
        try (JsonOut writer = new JsonOut(out)) {
            writer.write(json -> {
                json.writeStartObject();
                json.writeStringField("command", "report");
                json.writeStringField("rules", run.rules().version());
                json.writeObjectFieldStart("import");
                json.writeNumberField("rowsRead", imported.rowsRead());
                json.writeNumberField("rowsImported", imported.rowsImported());
                json.writeNumberField("rowsRejected", imported.rowsRejected());
                json.writeNumberField("rowsSkipped", imported.rowsSkipped());
                json.writeNumberField("dealsImported", imported.dealsImported());
                json.writeNumberField("dealsRejected", imported.dealsRejected());
                json.writeArrayFieldStart("problems");
                for (ImportProblem problem : imported.problems()) {
                    json.writeStartObject();
                    json.writeStringField("file", problem.file());
                    json.writeNumberField("line", problem.line());
                    json.writeStringField("column", problem.column());
                    json.writeStringField("value", problem.value());
                    json.writeStringField("reason", problem.reason());
                    json.writeEndObject();
                }
                json.writeEndArray();
                json.writeEndObject();
                json.writeObjectFieldStart("metrics");
                json.writeStringField("asOf", metrics.asOf().toString());
                json.writeNumberField("openDeals", metrics.openDeals());
                json.writeNumberField("wonDeals", metrics.wonDeals());
                json.writeNumberField("lostDeals", metrics.lostDeals());
                JsonOut.money(json, "openValue", metrics.openValue());
                JsonOut.money(json, "weightedOpenValue", metrics.weightedOpenValue());
                JsonOut.money(json, "wonValue", metrics.wonValue());
                json.writeStringField("winRate", metrics.winRate().map(rate -> rate.toPlainString()).orElse(null));
                json.writeStringField("regressionRate", metrics.regressionRate().map(rate -> rate.toPlainString()).orElse(null));
                json.writeEndObject();
                json.writeObjectFieldStart("alerts");
                for (Map.Entry<String, Integer> entry : alertsByKind.entrySet()) {
                    json.writeNumberField(entry.getKey(), entry.getValue());
                }
                json.writeEndObject();
                json.writeNumberField("blockedAtNextGate", blocked);
                json.writeNumberField("dealsWithRecommendations", run.reviews().size());
                json.writeObjectFieldStart("forecast");
                json.writeStringField("periodStart", forecast.periodStart().toString());
                json.writeStringField("periodEnd", forecast.periodEnd().toString());
                JsonOut.money(json, "full", forecast.full());
                JsonOut.money(json, "conservative", forecast.conservative());
                json.writeEndObject();
                json.writeEndObject();
            });
        }
    }
}
