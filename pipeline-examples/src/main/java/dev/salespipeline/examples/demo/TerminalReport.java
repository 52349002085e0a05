package dev.salespipeline.examples.demo;

import dev.salespipeline.core.forecast.Backtest;
import dev.salespipeline.core.forecast.ForecastCategory;
import dev.salespipeline.core.forecast.RevenueDistribution;
import dev.salespipeline.core.gate.GateDecision;
import dev.salespipeline.core.gate.UnmetCriterion;
import dev.salespipeline.core.metrics.PipelineMetrics;
import dev.salespipeline.core.opportunity.Opportunity;
import dev.salespipeline.importing.ImportReport;
import dev.salespipeline.rules.Alert;
import dev.salespipeline.rules.DealReview;

import java.io.PrintStream;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The concise pipeline health report the demo prints. */
final class TerminalReport {

    private static final int TOP = 10;

    private TerminalReport() {
    }

    private static final int PROBLEMS_SHOWN = 10;

    /** The first problems of an import, each as {@code file:line: column 'x' = 'y': reason}. */
    static void printProblems(ImportReport report, PrintStream out) {
        if (report.problems().isEmpty()) {
            return;
        }
        out.printf("Import problems (%d; rows with problems were not imported)%n", report.problems().size());
        report.problems().stream().limit(PROBLEMS_SHOWN)
                .forEach(problem -> out.println("  " + problem.toString().replace("\n", "\n    ")));
        if (report.problems().size() > PROBLEMS_SHOWN) {
            out.printf("  … and %d more%n", report.problems().size() - PROBLEMS_SHOWN);
        }
    }

    static void print(DemoRun run, PrintStream out) {
        PipelineMetrics m = run.metrics;
        out.printf("%nsales-pipeline demo: %s as of %s%n", run.source, LocalDate.ofInstant(run.options.asOf(), ZoneOffset.UTC));
        run.importReport.ifPresent(report -> printProblems(report, out));
        out.printf("Rules: %s, %d rules from %d files%n", run.rules.version(), run.rules.ruleSet().ruleNames().size(),
                run.rules.ruleSet().files().size());

        out.println();
        out.println("Headline");
        out.printf("  Open deals        %d: %s%n", m.openDeals(), m.openValue());
        out.printf("  Weighted          %s (stage defaults)%n", m.weightedOpenValue());
        out.printf("  Won / lost        %d / %d, win rate %s%n", m.wonDeals(), m.lostDeals(),
                m.winRate().map(Object::toString).orElse("n/a"));
        out.printf("  Sales cycle       mean %.1f days, median %d days%n", m.salesCycle().meanDays(),
                m.salesCycle().median().toDays());
        out.printf("  Velocity          %s per day%n", m.velocityPerDay());
        out.printf("  Regression rate   %s%n", m.regressionRate().map(Object::toString).orElse("n/a"));
        out.printf("  Nurtured %d, disqualified %d%n", m.nurturedDeals(), m.disqualifiedDeals());

        out.println();
        out.println("Stage funnel (open deals)");
        run.funnel().forEach((stage, count) -> out.printf("  %-32s %4d %s%n", stage, count, "#".repeat((int) Math.min(count, 60))));

        List<Alert> alerts = run.alertsBySeverity();
        out.println();
        out.printf("Top alerts (%d in all)%n", alerts.size());
        for (Alert alert : alerts.subList(0, Math.min(TOP, alerts.size()))) {
            out.printf("  %-9s %-8s %-26s since %s  %s%n", alert.severity(), alert.opportunityId(), alert.kind(),
                    alert.since(), alert.message());
        }

        List<Map.Entry<Opportunity, GateDecision>> blocked = run.blockedDeals();
        out.println();
        out.printf("Blocked at the next gate (%d deals)%n", blocked.size());
        for (Map.Entry<Opportunity, GateDecision> entry : blocked.subList(0, Math.min(TOP, blocked.size()))) {
            out.printf("  %-8s %-14s %-18s %s%n", entry.getKey().id(), entry.getKey().stage().displayName(),
                    entry.getKey().details().value().amount(), entry.getValue().unmetCriteria().stream()
                            .map(UnmetCriterion::criterionId).collect(Collectors.joining(", ")));
        }

        out.println();
        out.printf("Recommendations (%d deals)%n", run.reviews.size());
        for (DealReview review : run.reviews.subList(0, Math.min(TOP, run.reviews.size()))) {
            review.regressions().forEach(advice -> out.printf("  %-8s regress to %s (%s)%n", review.opportunityId(),
                    advice.target(), advice.trigger()));
            review.disqualifications().forEach(advice -> out.printf("  %-8s disqualify (%s)%n", review.opportunityId(),
                    advice.ground()));
        }

        if (!run.changed.isEmpty() || run.options.rules().isPresent()) {
            out.println();
            out.printf("Decisions changed by %s (%d deals)%n", run.options.rules().orElseThrow(), run.changed.size());
            for (DemoRun.ChangedDecision change : run.changed.subList(0, Math.min(TOP, run.changed.size()))) {
                out.printf("  %-8s %s -> %s%n", change.deal(), describe(change.before()), describe(change.after()));
            }
        }

        out.println();
        out.printf("Forecast %s to %s (calibrated probabilities, slip rate %s)%n", run.quarterStart, run.quarterEnd,
                run.forecast.slipRate());
        out.printf("  Won to date       %s%n", run.forecast.wonToDate());
        for (ForecastCategory category : ForecastCategory.values()) {
            out.printf("  %-17s %s%n", category, run.forecast.expectedByCategory().get(category));
        }
        out.printf("  Full              %s%n", run.forecast.full());
        out.printf("  Conservative      %s%n", run.forecast.conservative());
        for (Map.Entry<Currency, RevenueDistribution> entry : run.distribution.entrySet()) {
            RevenueDistribution d = entry.getValue();
            out.printf("  Simulated %s     P10 %s  P50 %s  P90 %s (%d trials)%n", entry.getKey().getCurrencyCode(),
                    d.p10().amount(), d.p50().amount(), d.p90().amount(), d.trials());
        }

        out.println();
        out.println("Backtest: the full forecast made at each quarter's start against what was won");
        for (Backtest.PeriodResult period : run.backtest) {
            out.printf("  %s to %s  forecast %s  won %s  accuracy %s%n", period.start(), period.end(), period.forecast(),
                    period.actual(), period.accuracy().isEmpty() ? "n/a (nothing won)" : period.accuracy());
        }
    }

    private static String describe(GateDecision decision) {
        return decision.isAllowed() ? "allowed" : "blocked by " + decision.unmetCriteria().stream()
                .map(UnmetCriterion::criterionId).collect(Collectors.joining(", "));
    }
}
