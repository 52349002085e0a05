package dev.salespipeline.examples.demo;

import dev.salespipeline.core.forecast.Backtest;
import dev.salespipeline.core.forecast.Calibration;
import dev.salespipeline.core.forecast.Forecast;
import dev.salespipeline.core.forecast.ForecastRules;
import dev.salespipeline.core.forecast.RevenueDistribution;
import dev.salespipeline.core.gate.GateDecision;
import dev.salespipeline.core.metrics.PipelineMetrics;
import dev.salespipeline.core.metrics.StageAverages;
import dev.salespipeline.core.opportunity.Opportunity;
import dev.salespipeline.core.opportunity.OpportunityId;
import dev.salespipeline.core.pipeline.DefaultPipelines;
import dev.salespipeline.core.pipeline.PipelineDefinition;
import dev.salespipeline.importing.ImportReport;
import dev.salespipeline.importing.ImportResult;
import dev.salespipeline.rules.Alert;
import dev.salespipeline.rules.DealReview;
import dev.salespipeline.rules.PipelineRules;
import dev.salespipeline.rules.PortfolioSweep;
import dev.salespipeline.rules.RuleSources;

import java.io.PrintStream;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything the demo shows, computed once from a generated portfolio or an imported CRM export: metrics, alerts, blocked
 * deals, recommendations, the current quarter's forecast with its distribution, and backtests of the
 * four quarters before it. The terminal report and the dashboard only format it.
 */
public final class DemoRun {

    /** A gate decision that a host rules directory changed. */
    public record ChangedDecision(OpportunityId deal, GateDecision before, GateDecision after) {
    }

    final DemoOptions options;
    /** What the deals are, for headings: "80 generated deals (seed 7)" or "6 deals from Opportunities.csv". */
    final String source;
    /** The import's report, when the deals were imported. */
    final Optional<ImportReport> importReport;
    final List<Opportunity> deals;
    final List<PipelineDefinition> pipelines = List.of(DefaultPipelines.evidenceBased(), DefaultPipelines.classic());
    final PipelineRules rules;
    final PipelineMetrics metrics;
    final List<PipelineMetrics> monthly;
    final StageAverages averages;
    final List<Alert> alerts;
    final Map<OpportunityId, GateDecision> nextGates;
    final List<DealReview> reviews;
    final Calibration calibration;
    final LocalDate quarterStart;
    final LocalDate quarterEnd;
    final Forecast forecast;
    final Map<Currency, RevenueDistribution> distribution;
    final List<Backtest.PeriodResult> backtest;
    final List<ChangedDecision> changed;

    private DemoRun(DemoOptions options, PrintStream progress) {
        this.options = options;
        Instant asOf = options.asOf();
        long started = System.nanoTime();
        if (options.input().isPresent()) {
            DemoOptions.Input input = options.input().get();
            progress.printf("Importing %s...", input.file());
            ImportResult imported = input.read();
            progress.printf(" done in %.1f s%n", (System.nanoTime() - started) / 1e9);
            this.deals = imported.opportunities();
            this.importReport = Optional.of(imported.report());
            this.source = deals.size() + " deals from " + input.file().getFileName() + " ("
                    + imported.report().summary() + ")";
        } else {
            progress.printf("Generating %d deals (seed %d)...", options.deals(), options.seed());
            this.deals = SamplePortfolio.generate(options.deals(), options.seed(), asOf);
            progress.printf(" done in %.1f s%n", (System.nanoTime() - started) / 1e9);
            this.importReport = Optional.empty();
            this.source = deals.size() + " generated deals (seed " + options.seed() + ")";
        }

        started = System.nanoTime();
        progress.print("Loading the rules and evaluating every open deal...");
        Clock clock = Clock.fixed(asOf, ZoneOffset.UTC);
        PipelineRules defaults = PipelineRules.builder(RuleSources.defaults()).clock(clock).build();
        this.rules = options.rules().map(dir -> PipelineRules.builder(RuleSources.defaults().withDirectory(dir))
                .clock(clock).build()).orElse(defaults);
        List<Opportunity> open = deals.stream().filter(Opportunity::isOpen).toList();
        this.averages = StageAverages.fromHistory(deals, asOf, 20);
        // One pass: each deal's facts go into a session once for its gate, alerts and review.
        PortfolioSweep sweep = rules.sweepPortfolio(open, averages);
        this.alerts = sweep.alerts();
        this.nextGates = sweep.nextGates();
        this.reviews = sweep.reviews().stream().filter(DealReview::hasRecommendations).toList();
        this.changed = new ArrayList<>();
        if (rules != defaults) {
            Map<OpportunityId, GateDecision> before = defaults.evaluateNextGates(open);
            nextGates.forEach((id, after) -> {
                if (!before.get(id).unmetCriteria().equals(after.unmetCriteria())) {
                    changed.add(new ChangedDecision(id, before.get(id), after));
                }
            });
        }
        progress.printf(" done in %.1f s%n", (System.nanoTime() - started) / 1e9);

        started = System.nanoTime();
        progress.print("Computing metrics, calibration, forecast and backtest...");
        this.metrics = PipelineMetrics.of(deals, asOf);
        this.monthly = PipelineMetrics.trend(deals, asOf.atZone(ZoneOffset.UTC).minusMonths(12).toInstant(), asOf,
                Period.ofMonths(1));
        this.calibration = Calibration.fromHistory(pipelines, deals, asOf, Calibration.DEFAULT_PRIOR_WEIGHT);
        LocalDate today = LocalDate.ofInstant(asOf, ZoneOffset.UTC);
        this.quarterStart = today.withDayOfMonth(1).withMonth((today.getMonthValue() - 1) / 3 * 3 + 1);
        this.quarterEnd = quarterStart.plusMonths(3).minusDays(1);
        BigDecimal slipRate = Forecast.slipRate(deals, asOf);
        this.forecast = Forecast.of(deals, quarterStart, quarterEnd, asOf, calibration::probabilityFor,
                ForecastRules.defaults(), slipRate);
        this.distribution = forecast.simulate(10_000, options.seed());
        List<LocalDate> quarters = new ArrayList<>();
        for (int back = 4; back >= 1; back--) {
            quarters.add(quarterStart.minusMonths(3L * back));
        }
        this.backtest = Backtest.run(deals, pipelines, quarters, quarterStart, ForecastRules.defaults(),
                Calibration.DEFAULT_PRIOR_WEIGHT);
        progress.printf(" done in %.1f s%n", (System.nanoTime() - started) / 1e9);
    }

    /** Runs the demo's computations, reporting progress on {@code progress}. */
    public static DemoRun compute(DemoOptions options, PrintStream progress) {
        return new DemoRun(Objects.requireNonNull(options, "options"), Objects.requireNonNull(progress, "progress"));
    }

    /** The deals reported on, generated or imported. */
    public List<Opportunity> deals() {
        return deals;
    }

    /** What the deals are: "80 generated deals (seed 7)" or "6 deals from Opportunities.csv (…)". */
    public String source() {
        return source;
    }

    /** The import's report, when the deals were imported. */
    public Optional<ImportReport> importReport() {
        return importReport;
    }

    public PipelineRules rules() {
        return rules;
    }

    public PipelineMetrics metrics() {
        return metrics;
    }

    public List<Alert> alerts() {
        return alerts;
    }

    /** Every open deal's next gate. */
    public Map<OpportunityId, GateDecision> nextGates() {
        return nextGates;
    }

    /** The reviews that recommend something. */
    public List<DealReview> reviews() {
        return reviews;
    }

    /** The current quarter's forecast. */
    public Forecast forecast() {
        return forecast;
    }

    /** Alerts, most severe first, then oldest first. */
    List<Alert> alertsBySeverity() {
        return alerts.stream().sorted(Comparator.comparing(Alert::severity).reversed()
                .thenComparing(Alert::since).thenComparing(alert -> alert.opportunityId().value())).toList();
    }

    /** Open deals whose next gate is blocked, largest value first. */
    List<Map.Entry<Opportunity, GateDecision>> blockedDeals() {
        Map<OpportunityId, Opportunity> byId = new LinkedHashMap<>();
        deals.forEach(deal -> byId.put(deal.id(), deal));
        List<Map.Entry<Opportunity, GateDecision>> blocked = new ArrayList<>();
        nextGates.forEach((id, decision) -> {
            if (!decision.isAllowed()) {
                blocked.add(Map.entry(byId.get(id), decision));
            }
        });
        blocked.sort(Comparator.comparing((Map.Entry<Opportunity, GateDecision> entry) ->
                entry.getKey().details().value().amount().amount()).reversed()
                .thenComparing(entry -> entry.getKey().id().value()));
        return blocked;
    }

    /** Open deals per open stage, in pipeline and track order. */
    Map<String, Long> funnel() {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (PipelineDefinition pipeline : pipelines) {
            pipeline.openStages().forEach(stage -> counts.put(pipeline.id() + "/" + stage.id(), deals.stream()
                    .filter(deal -> deal.pipeline().id().equals(pipeline.id()) && deal.stageId().equals(stage.id())).count()));
        }
        return counts;
    }

    Collection<Opportunity> openDeals() {
        return deals.stream().filter(Opportunity::isOpen).toList();
    }

    Duration configuredDuration(String stageKey) {
        String[] parts = stageKey.split("/");
        return pipelines.stream().filter(pipeline -> pipeline.id().value().equals(parts[0])).findFirst().orElseThrow()
                .stage(parts[1]).expectedDuration();
    }
}
