package dev.salespipeline.report;

import dev.salespipeline.core.InvalidValueException;
import dev.salespipeline.core.SupportedTime;
import dev.salespipeline.core.forecast.Backtest;
import dev.salespipeline.core.forecast.Calibration;
import dev.salespipeline.core.forecast.Forecast;
import dev.salespipeline.core.forecast.ForecastRules;
import dev.salespipeline.core.forecast.RevenueDistribution;
import dev.salespipeline.core.gate.GateDecision;
import dev.salespipeline.core.gate.UnmetCriterion;
import dev.salespipeline.core.metrics.MoneyTotals;
import dev.salespipeline.core.metrics.PipelineMetrics;
import dev.salespipeline.core.metrics.StageAverages;
import dev.salespipeline.core.money.Money;
import dev.salespipeline.core.opportunity.Opportunity;
import dev.salespipeline.core.opportunity.OpportunityId;
import dev.salespipeline.core.pipeline.DefaultPipelines;
import dev.salespipeline.core.pipeline.PipelineDefinition;
import dev.salespipeline.core.pipeline.Probability;
import dev.salespipeline.core.pipeline.Stage;
import dev.salespipeline.core.pipeline.StageKind;
import dev.salespipeline.core.scoring.WinScoring;
import dev.salespipeline.importing.ImportReport;
import dev.salespipeline.rules.PipelineRules;
import dev.salespipeline.rules.outcome.Alert;
import dev.salespipeline.rules.outcome.DealReview;
import dev.salespipeline.rules.outcome.PortfolioSweep;

import java.math.BigDecimal;
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
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The pipeline health report of a portfolio as of one instant, computed once: headline metrics and their
 * monthly trend, the stage funnel, alerts, deals blocked at their next gate, regression and
 * disqualification recommendations, the current quarter's forecast with its simulated distribution, and
 * backtests of the quarters before it. A read model: {@link TextReport}, {@link JsonReport} and
 * {@link HtmlReport} only format it.
 *
 * <pre>{@code
 * HealthReport report = HealthReport.builder(deals, rules).asOf(now).build();
 * TextReport.write(report, System.out);
 * }</pre>
 *
 * <p>Immutable and thread-safe once built.
 */
public final class HealthReport {

    /**
     * A deal whose next gate a compared rule set decides differently: other criteria, not other rules
     * files (a criterion reported by another file, as the business vocabulary does, is no change).
     */
    public record ChangedDecision(OpportunityId deal, GateDecision before, GateDecision after) {
    }

    /** A deal blocked at its next gate, with the criteria that block it. */
    public record BlockedDeal(Opportunity deal, GateDecision decision) {
    }

    /** Which win probability the forecast gives each open deal. */
    public enum Probabilities {
        /** Its stage's probability calibrated from the closed deals ({@link Calibration}); the default. */
        CALIBRATED,
        /** The deal's own win score ({@link WinScoring}), from its characteristics and attributes. */
        WIN_SCORE,
        /**
         * The probability the rep (or the CRM an export came from) gave the deal
         * ({@code OpportunityDetails.repProbability()}); its calibrated stage probability where none was given.
         */
        REP
    }

    /** The most recently closed deals the report trains the win score on; train {@link WinScoring} in code for more. */
    public static final int WIN_SCORE_TRAINING_DEALS = 5_000;

    private final String title;
    private final String source;
    private final Instant asOf;
    private final Optional<ImportReport> importReport;
    private final String rulesVersion;
    private final int ruleCount;
    private final int ruleFileCount;
    private final List<PipelineDefinition> pipelines;
    private final List<Opportunity> deals;
    private final PipelineMetrics metrics;
    private final List<PipelineMetrics> monthly;
    private final StageAverages averages;
    private final List<Alert> alerts;
    private final Map<OpportunityId, GateDecision> nextGates;
    private final List<DealReview> reviews;
    private final Optional<String> changedBy;
    private final List<ChangedDecision> changedDecisions;
    private final Calibration calibration;
    private final Forecast forecast;
    /** The probability each deal's forecast line uses, for forecasts of a part of the deals. */
    private final java.util.function.Function<Opportunity, Probability> lineProbability;
    private final Map<Currency, RevenueDistribution> distribution;
    private final List<Backtest.PeriodResult> backtest;
    private final Optional<WinScoring> winScoring;
    private final String winScoringNote;
    private final Probabilities probabilities;
    private final java.time.Month fiscalYearStart;
    private final RollUp rollUp;

    private HealthReport(Builder builder) {
        Instant at = builder.asOf;
        this.title = builder.title;
        this.asOf = at;
        this.importReport = Optional.ofNullable(builder.importReport);
        this.deals = List.copyOf(builder.deals);
        this.source = builder.source != null ? builder.source : deals.size() + " deals";
        this.pipelines = builder.pipelines != null ? List.copyOf(builder.pipelines) : pipelinesOf(deals);
        PipelineRules rules = builder.rules;
        this.rulesVersion = rules.version();
        this.ruleCount = rules.ruleSet().ruleNames().size();
        this.ruleFileCount = rules.ruleSet().files().size();

        List<Opportunity> open = deals.stream().filter(Opportunity::isOpen).toList();
        this.averages = StageAverages.fromHistory(deals, at, builder.minimumVisitsForAverages);
        // One pass: each deal's facts go into a session once for its gate, alerts and review.
        PortfolioSweep sweep = rules.sweepPortfolio(open, averages);
        this.alerts = sweep.alerts().stream().sorted(Comparator.comparing(Alert::severity).reversed()
                .thenComparing(Alert::since).thenComparing(alert -> alert.opportunityId().value())).toList();
        this.nextGates = sweep.nextGates();
        this.reviews = sweep.reviews().stream().filter(DealReview::hasRecommendations).toList();
        this.changedBy = Optional.ofNullable(builder.comparedLabel);
        List<ChangedDecision> changed = new ArrayList<>();
        if (builder.compared != null) {
            Map<OpportunityId, GateDecision> before = builder.compared.evaluateNextGates(open);
            // Differences of criteria, not of the files that report them: the vocabulary decides as the defaults.
            nextGates.forEach((id, after) -> {
                if (!criteria(before.get(id)).equals(criteria(after))) {
                    changed.add(new ChangedDecision(id, before.get(id), after));
                }
            });
        }
        this.changedDecisions = List.copyOf(changed);

        this.metrics = PipelineMetrics.of(deals, at);
        this.monthly = PipelineMetrics.trend(deals, at.atZone(ZoneOffset.UTC).minusMonths(12).toInstant(), at,
                Period.ofMonths(1));
        this.calibration = Calibration.fromHistory(pipelines, deals, at, Calibration.DEFAULT_PRIOR_WEIGHT);
        Optional<WinScoring> scoring = Optional.empty();
        String note;
        try {
            List<Opportunity> latestClosed = deals.stream().map(deal -> deal.asOf(at)).flatMap(Optional::stream)
                    .filter(deal -> deal.stage().kind() == StageKind.WON || deal.stage().kind() == StageKind.LOST)
                    .sorted(Comparator.comparing(Opportunity::stageEnteredAt).reversed()
                            .thenComparing(deal -> deal.id().value()))
                    .limit(WIN_SCORE_TRAINING_DEALS).toList();
            scoring = Optional.of(builder.scoreTrainer.train(latestClosed, at, averages));
            note = "";
        } catch (InvalidValueException e) {
            note = "not trained: " + e.getMessage();
        }
        this.winScoring = scoring;
        this.winScoringNote = note;
        this.probabilities = winScoring.isPresent() || builder.probabilities != Probabilities.WIN_SCORE
                ? builder.probabilities : Probabilities.CALIBRATED;
        LocalDate today = LocalDate.ofInstant(at, ZoneOffset.UTC);
        // Quarters of the host's fiscal year: three months from its first month, wherever in the calendar that is.
        int intoQuarter = Math.floorMod(today.getMonthValue() - builder.fiscalYearStart.getValue(), 3);
        LocalDate quarterStart = today.withDayOfMonth(1).minusMonths(intoQuarter);
        this.fiscalYearStart = builder.fiscalYearStart;
        LocalDate quarterEnd = quarterStart.plusMonths(3).minusDays(1);
        BigDecimal slipRate = Forecast.slipRate(deals, at);
        java.util.function.Function<Opportunity, Probability> probability = switch (this.probabilities) {
            case WIN_SCORE -> deal -> new Probability(BigDecimal.valueOf(winScoring.orElseThrow().score(deal, at)
                    .probability()).setScale(4, java.math.RoundingMode.HALF_EVEN));
            case REP -> deal -> deal.details().repProbability().orElseGet(() -> calibration.probabilityFor(deal));
            case CALIBRATED -> calibration::probabilityFor;
        };
        this.forecast = Forecast.of(deals, quarterStart, quarterEnd, at, probability, ForecastRules.defaults(), slipRate);
        this.lineProbability = probability;
        this.distribution = Map.copyOf(forecast.simulate(builder.trials, builder.seed));
        List<LocalDate> quarters = new ArrayList<>();
        for (int back = builder.backtestQuarters; back >= 1; back--) {
            quarters.add(quarterStart.minusMonths(3L * back));
        }
        this.backtest = List.copyOf(Backtest.run(deals, pipelines, quarters, quarterStart, ForecastRules.defaults(),
                Calibration.DEFAULT_PRIOR_WEIGHT));
        this.rollUp = builder.rollUpInto == null ? null : new RollUp(builder.rollUpInto,
                convert(metrics.openValue(), builder), convert(metrics.weightedOpenValue(), builder),
                convert(metrics.wonValue(), builder), convert(forecast.wonToDate(), builder),
                convert(forecast.conservative(), builder), convert(forecast.full(), builder));
    }

    private static Money convert(MoneyTotals totals, Builder builder) {
        return totals.convert(builder.rates, builder.rollUpInto, java.math.RoundingMode.HALF_EVEN);
    }

    /**
     * The headline and forecast totals in one currency at the host's rates, each currency's total converted
     * and rounded half-even, then added; the per-currency figures stay as they are.
     *
     * @param currency       the currency of every figure
     * @param openValue      the open pipeline
     * @param weightedOpenValue the open pipeline weighted by stage
     * @param wonValue       everything won
     * @param wonToDate      won in the forecast's quarter
     * @param conservative   the conservative forecast
     * @param full           the full forecast
     */
    public record RollUp(Currency currency, Money openValue, Money weightedOpenValue, Money wonValue, Money wonToDate,
                         Money conservative, Money full) {
    }

    /**
     * The forecast of the same quarter over the deals {@code which} selects (an owner's, a segment's): each
     * deal at the probability the report's forecast gives it, with the report's slip rate, so that the parts
     * add up to the whole.
     */
    public Forecast forecastOf(java.util.function.Predicate<Opportunity> which) {
        Objects.requireNonNull(which, "which");
        return Forecast.of(deals.stream().filter(which).toList(), forecast.periodStart(), forecast.periodEnd(),
                forecast.madeAt(), lineProbability, ForecastRules.defaults(), forecast.slipRate());
    }

    /** The totals in one currency, when {@link Builder#rollUp} gave rates. */
    public Optional<RollUp> rollUp() {
        return Optional.ofNullable(rollUp);
    }

    /** The criteria a decision names, by id and stage: what it decides, not which file said so. */
    private static Set<List<Object>> criteria(GateDecision decision) {
        return decision.unmetCriteria().stream().map(unmet -> List.<Object>of(unmet.criterionId(), unmet.stage()))
                .collect(Collectors.toSet());
    }

    /** The pipelines the deals are in, in order of first appearance; the defaults when there is no deal. */
    private static List<PipelineDefinition> pipelinesOf(List<Opportunity> deals) {
        Map<Object, PipelineDefinition> seen = new LinkedHashMap<>();
        for (Opportunity deal : deals) {
            seen.putIfAbsent(deal.pipeline().id(), deal.pipeline());
        }
        return seen.isEmpty() ? List.of(DefaultPipelines.evidenceBased(), DefaultPipelines.classic())
                : List.copyOf(seen.values());
    }

    /** Starts a report on {@code deals}, evaluated by {@code rules}. */
    public static Builder builder(Collection<Opportunity> deals, PipelineRules rules) {
        return new Builder(deals, rules);
    }

    /** The report's heading, such as "Pipeline health report". */
    public String title() {
        return title;
    }

    /** What the deals are: "80 generated deals (seed 7)" or "6 deals from Opportunities.csv (…)". */
    public String source() {
        return source;
    }

    public Instant asOf() {
        return asOf;
    }

    public LocalDate asOfDate() {
        return LocalDate.ofInstant(asOf, ZoneOffset.UTC);
    }

    /** The import's report, when the deals were imported. */
    public Optional<ImportReport> importReport() {
        return importReport;
    }

    public String rulesVersion() {
        return rulesVersion;
    }

    public int ruleCount() {
        return ruleCount;
    }

    public int ruleFileCount() {
        return ruleFileCount;
    }

    public List<PipelineDefinition> pipelines() {
        return pipelines;
    }

    /** Every deal reported on, open and closed. */
    public List<Opportunity> deals() {
        return deals;
    }

    public PipelineMetrics metrics() {
        return metrics;
    }

    /** The metrics at the end of each of the last twelve months and now. */
    public List<PipelineMetrics> monthly() {
        return monthly;
    }

    /** Each stage's average time, from history where there is enough of it. */
    public StageAverages averages() {
        return averages;
    }

    /** Every alert, most severe first, then oldest first. */
    public List<Alert> alerts() {
        return alerts;
    }

    /** Every open deal's next gate. */
    public Map<OpportunityId, GateDecision> nextGates() {
        return nextGates;
    }

    /** Open deals whose next gate is blocked, largest value first (values of one currency compare). */
    public List<BlockedDeal> blockedDeals() {
        Map<OpportunityId, Opportunity> byId = new LinkedHashMap<>();
        deals.forEach(deal -> byId.put(deal.id(), deal));
        List<BlockedDeal> blocked = new ArrayList<>();
        nextGates.forEach((id, decision) -> {
            if (!decision.isAllowed()) {
                blocked.add(new BlockedDeal(byId.get(id), decision));
            }
        });
        blocked.sort(Comparator.comparing((BlockedDeal entry) -> entry.deal().details().value().amount().amount())
                .reversed().thenComparing(entry -> entry.deal().id().value()));
        return blocked;
    }

    /** The reviews that recommend something. */
    public List<DealReview> reviews() {
        return reviews;
    }

    /** What changed the report's rules from the baseline they were compared with, when they were. */
    public Optional<String> changedBy() {
        return changedBy;
    }

    /** The next gates the report's rules decide differently from the baseline; empty when not compared. */
    public List<ChangedDecision> changedDecisions() {
        return changedDecisions;
    }

    /**
     * The win score trained on the latest {@value #WIN_SCORE_TRAINING_DEALS} deals closed by the report's
     * instant, with its skill against the base rate ({@link WinScoring#report()}); empty when the deals
     * cannot train one (see {@link #winScoringNote()}).
     */
    public Optional<WinScoring> winScoring() {
        return winScoring;
    }

    /** Why there is no win score ("not trained: …"); empty when there is one. */
    public String winScoringNote() {
        return winScoringNote;
    }

    /** The probabilities the forecast used: the builder's choice, or calibrated when no win score could be trained. */
    /** The first month of the fiscal year whose quarters the forecast and backtest use. */
    public java.time.Month fiscalYearStart() {
        return fiscalYearStart;
    }

    /**
     * The fiscal quarter the forecast covers, as {@code FY2027 Q2}: the fiscal year named by the calendar year
     * it ends in (January starts give the calendar year itself).
     */
    public String fiscalQuarter() {
        LocalDate start = forecast.periodStart();
        int monthsIntoYear = Math.floorMod(start.getMonthValue() - fiscalYearStart.getValue(), 12);
        LocalDate yearStart = start.minusMonths(monthsIntoYear);
        int endsIn = yearStart.plusMonths(11).getYear();
        return "FY" + endsIn + " Q" + (monthsIntoYear / 3 + 1);
    }

    public Probabilities probabilities() {
        return probabilities;
    }

    public Calibration calibration() {
        return calibration;
    }

    /** The current quarter's forecast, with calibrated probabilities. */
    public Forecast forecast() {
        return forecast;
    }

    /** The forecast's simulated distribution, per currency. */
    public Map<Currency, RevenueDistribution> distribution() {
        return distribution;
    }

    /** The full forecast made at the start of each earlier quarter, against what was won. */
    public List<Backtest.PeriodResult> backtest() {
        return backtest;
    }

    /** Open deals per open stage, keyed {@code pipeline/stage}, in pipeline and track order. */
    public Map<String, Long> funnel() {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (PipelineDefinition pipeline : pipelines) {
            for (Stage stage : pipeline.openStages()) {
                counts.put(pipeline.id() + "/" + stage.id(), deals.stream().filter(deal ->
                        deal.pipeline().id().equals(pipeline.id()) && deal.stageId().equals(stage.id())).count());
            }
        }
        return counts;
    }

    /** The ids of the criteria that block a decision, comma-separated; "allowed" when none does. */
    static String describe(GateDecision decision) {
        return decision.isAllowed() ? "allowed" : "blocked by " + decision.unmetCriteria().stream()
                .map(UnmetCriterion::criterionId).collect(Collectors.joining(", "));
    }

    /**
     * Configures a {@link HealthReport}. Not thread-safe.
     */
    public static final class Builder {

        private final Collection<Opportunity> deals;
        private final PipelineRules rules;
        private Instant asOf;
        private String title = "Pipeline health report";
        private String source;
        private ImportReport importReport;
        private List<PipelineDefinition> pipelines;
        private PipelineRules compared;
        private String comparedLabel;
        private long seed = 42;
        private int trials = 10_000;
        private int backtestQuarters = 4;
        private java.time.Month fiscalYearStart = java.time.Month.JANUARY;
        private Currency rollUpInto;
        private dev.salespipeline.core.metrics.ExchangeRates rates;
        private int minimumVisitsForAverages = 20;
        private Probabilities probabilities = Probabilities.CALIBRATED;
        private WinScoring.Trainer scoreTrainer = WinScoring.trainer();

        private Builder(Collection<Opportunity> deals, PipelineRules rules) {
            this.deals = List.copyOf(Objects.requireNonNull(deals, "deals"));
            this.rules = Objects.requireNonNull(rules, "rules");
        }

        /** The instant the report is as of; required. */
        public Builder asOf(Instant asOf) {
            this.asOf = SupportedTime.require(asOf, "asOf");
            return this;
        }

        /** The report's heading; "Pipeline health report" unless set. */
        public Builder title(String title) {
            this.title = requireText(title, "title");
            return this;
        }

        /** What the deals are, for the heading; "N deals" unless set. */
        public Builder source(String source) {
            this.source = requireText(source, "source");
            return this;
        }

        /** The import the deals came from, whose counts and problems the report shows. */
        public Builder importReport(ImportReport importReport) {
            this.importReport = Objects.requireNonNull(importReport, "importReport");
            return this;
        }

        /** The pipelines to report on, in order; those the deals are in unless set. */
        public Builder pipelines(List<PipelineDefinition> pipelines) {
            this.pipelines = List.copyOf(Objects.requireNonNull(pipelines, "pipelines"));
            return this;
        }

        /**
         * Also lists the next gates the report's rules decide differently from {@code baseline}'s (by
         * criteria, not by the files they came from); {@code changedBy} names what changed them, such as
         * the rules directory loaded over the defaults.
         */
        public Builder compareWith(PipelineRules baseline, String changedBy) {
            this.compared = Objects.requireNonNull(baseline, "baseline");
            this.comparedLabel = requireText(changedBy, "changedBy");
            return this;
        }

        /** The seed of the forecast's simulation, so that a report can be reproduced; 42 unless set. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** The forecast simulation's trials; 10,000 unless set. */
        public Builder trials(int trials) {
            if (trials < 1 || trials > 1_000_000) {
                throw new InvalidValueException("trials", trials, "must be between 1 and 1000000");
            }
            this.trials = trials;
            return this;
        }

        /** Which probabilities the forecast uses; calibrated stage probabilities unless set. */
        public Builder probabilities(Probabilities probabilities) {
            this.probabilities = Objects.requireNonNull(probabilities, "probabilities");
            return this;
        }

        /** How the win score is trained: which attributes it learns from besides the built-in inputs. */
        public Builder winScore(WinScoring.Trainer trainer) {
            this.scoreTrainer = Objects.requireNonNull(trainer, "trainer");
            return this;
        }

        /**
         * The first month of the host's fiscal year (January unless set): the forecast's quarter and the
         * backtested ones are its quarters, as in a CRM configured with a fiscal year starting in April.
         */
        public Builder fiscalYearStart(java.time.Month month) {
            this.fiscalYearStart = Objects.requireNonNull(month, "month");
            return this;
        }

        /**
         * Adds the headline and forecast totals in {@code currency}, every other currency converted at
         * {@code rates} ({@link #rollUp()}). The library has no rates of its own.
         *
         * @throws dev.salespipeline.core.InvalidValueException from {@link #build()} if a currency of the deals has
         *                                                      no rate into {@code currency}, naming both
         */
        public Builder rollUp(Currency currency, dev.salespipeline.core.metrics.ExchangeRates rates) {
            this.rollUpInto = Objects.requireNonNull(currency, "currency");
            this.rates = Objects.requireNonNull(rates, "rates");
            return this;
        }

        /** How many quarters before the current one are backtested; 4 unless set. */
        public Builder backtestQuarters(int quarters) {
            if (quarters < 0 || quarters > 40) {
                throw new InvalidValueException("backtestQuarters", quarters, "must be between 0 and 40");
            }
            this.backtestQuarters = quarters;
            return this;
        }

        /**
         * Computes the report: one sweep of the rules over the open deals, then the metrics, calibration,
         * forecast and backtest.
         *
         * @throws IllegalStateException if {@link #asOf} was not set
         */
        public HealthReport build() {
            if (asOf == null) {
                throw new IllegalStateException("asOf must be set: a report is as of one instant");
            }
            return new HealthReport(this);
        }

        private static String requireText(String value, String field) {
            Objects.requireNonNull(value, field);
            if (value.isBlank() || value.length() > 500) {
                throw new InvalidValueException(field, value, "must be 1 to 500 characters, not blank");
            }
            return value;
        }
    }
}
