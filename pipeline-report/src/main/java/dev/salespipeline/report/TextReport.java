package dev.salespipeline.report;

import dev.salespipeline.core.forecast.Backtest;
import dev.salespipeline.core.forecast.ForecastCategory;
import dev.salespipeline.core.forecast.RevenueDistribution;
import dev.salespipeline.core.gate.UnmetCriterion;
import dev.salespipeline.core.metrics.PipelineMetrics;
import dev.salespipeline.core.scoring.ModelReport;
import dev.salespipeline.importing.ImportProblem;
import dev.salespipeline.importing.ImportReport;
import dev.salespipeline.rules.outcome.Alert;
import dev.salespipeline.rules.outcome.DealReview;

import java.io.PrintStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The health report as concise plain text, for a terminal: the headline, the stage funnel, the top
 * alerts, blocked deals and recommendations, changed decisions when rule sets were compared, the
 * quarter's forecast and the backtest. Stateless.
 */
public final class TextReport {

    /**
     * Why Full lies outside the simulated P10–P90 of {@code currency}, when it does. Full counts a share of
     * every deal and no slip; a trial wins or loses each deal whole and lets it slip: the reader is told why
     * rather than left to doubt.
     */
    static java.util.Optional<String> fullOutsideTheInterval(HealthReport report, Currency currency) {
        RevenueDistribution d = report.distribution().get(currency);
        java.util.Optional<dev.salespipeline.core.money.Money> full = report.forecast().full().get(currency);
        if (d == null || full.isEmpty()) {
            return java.util.Optional.empty();
        }
        boolean slips = report.forecast().slipRate().signum() > 0;
        if (full.get().compareTo(d.p90()) > 0) {
            return java.util.Optional.of("Full lies above the simulated P90: each trial wins or loses a deal whole"
                    + (slips ? " and lets it slip out of the quarter at the slip rate " + report.forecast().slipRate() : "")
                    + ", while Full counts a share of every deal" + (slips ? " and no slip (Conservative applies it)" : "")
                    + ".");
        } else if (full.get().compareTo(d.p10()) < 0) {
            return java.util.Optional.of("Full lies below the simulated P10: each trial wins or loses a deal whole, while"
                    + " Full counts a share of every deal; a few likely, large deals carry the quarter.");
        }
        return java.util.Optional.empty();
    }

    private static final int TOP = 10;
    private static final int PROBLEMS_SHOWN = 10;

    private TextReport() {
    }

    /** Writes {@code report} to {@code out}. */
    public static void write(HealthReport report, PrintStream out) {
        PipelineMetrics m = report.metrics();
        out.printf("%n%s: %s as of %s%n", report.title(), report.source(), report.asOfDate());
        report.importReport().ifPresent(imported -> writeProblems(imported, out));
        out.printf("Rules: %s, %d rules from %d files%n", report.rulesVersion(), report.ruleCount(),
                report.ruleFileCount());

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
        report.rollUp().ifPresent(rollUp -> out.printf("  In %s at the host's rates: open %s, weighted %s, won %s%n",
                rollUp.currency().getCurrencyCode(), rollUp.openValue(), rollUp.weightedOpenValue(), rollUp.wonValue()));

        out.println();
        out.println("Stage funnel (open deals)");
        report.funnel().forEach((stage, count) -> out.printf("  %-32s %4d %s%n", stage, count,
                "#".repeat((int) Math.min(count, 60))));

        List<Alert> alerts = report.alerts();
        out.println();
        out.printf("Top alerts (%d in all)%n", alerts.size());
        for (Alert alert : alerts.subList(0, Math.min(TOP, alerts.size()))) {
            // The kind has its own line when it is too long for its column, so the columns stay aligned.
            String kind = alert.kind().length() > 26 ? alert.kind() + "\n" + " ".repeat(2 + 9 + 1 + 8 + 1 + 26)
                    : alert.kind();
            out.printf("  %-9s %-8s %-26s since %s  %s%n", alert.severity(), alert.opportunityId(), kind,
                    alert.since(), alert.message());
        }
        more(out, alerts.size());

        List<HealthReport.BlockedDeal> blocked = report.blockedDeals();
        out.println();
        out.printf("Blocked at the next gate (%s)%n", count(blocked.size(), "deal"));
        for (HealthReport.BlockedDeal entry : blocked.subList(0, Math.min(TOP, blocked.size()))) {
            out.printf("  %-8s %-14s %-18s %s%n", entry.deal().id(), entry.deal().stage().displayName(),
                    entry.deal().details().value().amount(), entry.decision().unmetCriteria().stream()
                            .map(UnmetCriterion::criterionId).collect(Collectors.joining(", ")));
        }
        more(out, blocked.size());

        List<DealReview> reviews = report.reviews();
        out.println();
        out.printf("Recommendations (%s)%n", count(reviews.size(), "deal"));
        for (DealReview review : reviews.subList(0, Math.min(TOP, reviews.size()))) {
            review.regressions().forEach(advice -> out.printf("  %-8s regress to %s (%s)%n", review.opportunityId(),
                    advice.target(), advice.trigger()));
            review.disqualifications().forEach(advice -> out.printf("  %-8s disqualify (%s)%n",
                    review.opportunityId(), advice.ground()));
        }
        more(out, reviews.size());

        report.changedBy().ifPresent(label -> {
            List<HealthReport.ChangedDecision> changed = report.changedDecisions();
            out.println();
            out.printf("Decisions changed by %s (%s)%n", label, count(changed.size(), "deal"));
            for (HealthReport.ChangedDecision change : changed.subList(0, Math.min(TOP, changed.size()))) {
                out.printf("  %-8s %s -> %s%n", change.deal(), HealthReport.describe(change.before()),
                        HealthReport.describe(change.after()));
            }
            more(out, changed.size());
        });

        out.println();
        out.printf("Forecast %s to %s, %s (%s, slip rate %s)%n", report.forecast().periodStart(),
                report.forecast().periodEnd(), report.fiscalQuarter(), switch (report.probabilities()) {
                    case WIN_SCORE -> "each deal's win score";
                    case REP -> "the rep's probabilities (calibrated where a deal has none)";
                    case CALIBRATED -> "calibrated stage probabilities";
                }, report.forecast().slipRate());
        out.printf("  Won to date       %s%n", report.forecast().wonToDate());
        for (ForecastCategory category : ForecastCategory.values()) {
            out.printf("  %-17s %s%n", category, report.forecast().expectedByCategory().get(category));
        }
        out.printf("  Full              %s%n", report.forecast().full());
        out.printf("  Conservative      %s%n", report.forecast().conservative());
        report.rollUp().ifPresent(rollUp -> out.printf("  In %s at the host's rates: won to date %s, conservative %s,"
                + " full %s%n", rollUp.currency().getCurrencyCode(), rollUp.wonToDate(), rollUp.conservative(), rollUp.full()));
        for (Map.Entry<Currency, RevenueDistribution> entry : JsonReport.byCurrencyCode(report.distribution())
                .entrySet()) {
            RevenueDistribution d = entry.getValue();
            out.printf("  Simulated %s     P10 %s  P50 %s  P90 %s (%d trials)%n", entry.getKey().getCurrencyCode(),
                    d.p10().amount(), d.p50().amount(), d.p90().amount(), d.trials());
            fullOutsideTheInterval(report, entry.getKey()).ifPresent(note -> out.println("  " + note));
        }

        out.println();
        out.println("Backtest: the full forecast made at each quarter's start against what was won");
        for (Backtest.PeriodResult period : report.backtest()) {
            out.printf("  %s to %s  forecast %s  won %s  accuracy %s%s%n", period.start(), period.end(),
                    period.forecast(), period.actual(), accuracy(period.accuracy()), period.unrecordedDeals() == 0 ? ""
                            : "  (" + count(period.unrecordedDeals(), "deal") + " left out: imported without stage"
                            + " history, their state then is not recorded)");
        }
        writeWinScore(report, out);
    }

    /** The win score's skill on the deals that closed last, against the base rate and the naive-Bayes baseline. */
    static void writeWinScore(HealthReport report, PrintStream out) {
        out.println();
        if (report.winScoring().isEmpty()) {
            out.println("Win score: " + report.winScoringNote());
            return;
        }
        ModelReport model = report.winScoring().get().report();
        ModelReport baseline = report.winScoring().get().baselineReport();
        out.printf("Win score: logistic regression (penalty %s), checked on the %s that closed last%n",
                report.winScoring().get().penalty(), count(model.heldOutDeals(), "deal"));
        if (model.heldOutRows() == 0) {
            out.println("  too few closed deals to hold any out: its skill is unknown");
            return;
        }
        out.printf("  Brier %s against %s for the base rate (skill %s), log loss %s, AUC %s%n", four(model.brier()),
                four(model.baseRateBrier()), four(model.brierSkillScore()), four(model.logLoss()), four(model.auc()));
        out.printf("  Naive-Bayes baseline: Brier %s (skill %s)%n", four(baseline.brier()),
                four(baseline.brierSkillScore()));
        if (!(model.brierSkillScore() > 0)) {
            out.println("  It does not beat the base rate on these deals: prefer the calibrated stage probabilities.");
        }
    }

    /** A statistic to four decimal places, or n/a. */
    static String four(double value) {
        return Double.isNaN(value) ? "n/a" : String.format(java.util.Locale.ROOT, "%.4f", value);
    }

    /** Under a list cut to its first {@value #TOP}, how many more there are. */
    private static void more(PrintStream out, int size) {
        if (size > TOP) {
            out.printf("  … and %d more%n", size - TOP);
        }
    }

    /** {@code 1 deal}, {@code 2 deals}. */
    public static String count(long count, String noun) {
        return count + " " + noun + (count == 1 ? "" : "s");
    }

    /** {@code EUR 93.1%, IDR 88.0%}; "n/a (nothing won)" when no currency has an accuracy. */
    static String accuracy(Map<Currency, BigDecimal> byCurrency) {
        if (byCurrency.isEmpty()) {
            return "n/a (nothing won)";
        }
        return JsonReport.byCurrencyCode(byCurrency).entrySet().stream()
                .map(entry -> entry.getKey().getCurrencyCode() + " "
                        + entry.getValue().movePointRight(2).setScale(1, RoundingMode.HALF_UP).toPlainString() + "%")
                .collect(Collectors.joining(", "));
    }

    /** The first problems of an import, each as {@code file:line: column 'x' = 'y': reason}. */
    public static void writeProblems(ImportReport report, PrintStream out) {
        if (!report.problems().isEmpty()) {
            out.printf("Import problems (%d; rows with problems were not imported), by column: %s%n",
                    report.problems().size(), byColumn(report.problemsByColumn()));
            list(out, report.problems());
        }
        if (!report.adjustments().isEmpty()) {
            out.printf("Import adjustments (%s imported with them), by column: %s%n",
                    count(report.dealsAdjusted(), "deal"), byColumn(report.adjustmentsByColumn()));
            list(out, report.adjustments());
        }
    }

    private static String byColumn(Map<String, Integer> counts) {
        return counts.entrySet().stream().map(entry -> (entry.getKey().isEmpty() ? "(file or history)" : entry.getKey())
                + " " + entry.getValue()).collect(Collectors.joining(", "));
    }

    private static void list(PrintStream out, List<ImportProblem> problems) {
        problems.stream().limit(PROBLEMS_SHOWN)
                .forEach(problem -> out.println("  " + problem.toString().replace("\n", "\n    ")));
        if (problems.size() > PROBLEMS_SHOWN) {
            out.printf("  … and %d more%n", problems.size() - PROBLEMS_SHOWN);
        }
    }
}
