package dev.salespipeline.rules.impact;

import dev.salespipeline.core.forecast.Forecast;
import dev.salespipeline.core.forecast.ForecastRules;
import dev.salespipeline.core.gate.GateDecision;
import dev.salespipeline.core.metrics.MoneyTotals;
import dev.salespipeline.core.metrics.StageAverages;
import dev.salespipeline.core.money.Money;
import dev.salespipeline.core.opportunity.Opportunity;
import dev.salespipeline.core.opportunity.OpportunityId;
import dev.salespipeline.core.pipeline.Probability;
import dev.salespipeline.rules.PipelineRules;
import dev.salespipeline.rules.RuleSandbox;
import dev.salespipeline.rules.RuleSources;
import dev.salespipeline.rules.outcome.Alert;
import dev.salespipeline.rules.outcome.DealReview;
import dev.salespipeline.rules.outcome.DisqualificationRecommendation;
import dev.salespipeline.rules.outcome.RegressionRecommendation;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * Compares a candidate rule set with the rules in force on a portfolio, before the candidate is
 * deployed. Both rule sets are built from their sources with the same clock and sandbox, so both
 * judge the same "now".
 *
 * <pre>{@code
 * ImpactReport impact = RuleImpact.builder(RuleSources.defaults(), RuleSources.defaults().withDirectory(candidate))
 *         .clock(clock).build()
 *         .on(portfolio, StageAverages.fromHistory(portfolio, clock.instant(), 20));
 * }</pre>
 *
 * <p>Immutable and thread-safe once built; {@link #on} may run concurrently.
 */
public final class RuleImpact {

    private final PipelineRules current;
    private final PipelineRules candidate;
    private final Clock clock;
    private final Function<Opportunity, Probability> probability;

    private RuleImpact(Builder builder) {
        this.clock = builder.clock;
        this.current = PipelineRules.builder(builder.current).sandbox(builder.sandbox).clock(clock).build();
        this.candidate = PipelineRules.builder(builder.candidate).sandbox(builder.sandbox).clock(clock).build();
        this.probability = builder.probability;
    }

    /**
     * Compares the rules of {@code candidate} with those of {@code current}.
     *
     * @throws dev.salespipeline.rules.RuleLoadException (from {@link Builder#build()}) if either does not load
     */
    public static Builder builder(RuleSources current, RuleSources candidate) {
        return new Builder(current, candidate);
    }

    /** The impact on {@code portfolio}, with the forecast period the quarter that holds today. */
    public ImpactReport on(Collection<Opportunity> portfolio, StageAverages averages) {
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        LocalDate quarterStart = today.withDayOfMonth(1).withMonth((today.getMonthValue() - 1) / 3 * 3 + 1);
        return on(portfolio, averages, quarterStart, quarterStart.plusMonths(3).minusDays(1));
    }

    /** The impact on {@code portfolio}, forecasting the period from {@code periodStart} to {@code periodEnd}. */
    public ImpactReport on(Collection<Opportunity> portfolio, StageAverages averages, LocalDate periodStart,
                           LocalDate periodEnd) {
        Objects.requireNonNull(portfolio, "portfolio");
        Objects.requireNonNull(averages, "averages");
        List<Opportunity> open = portfolio.stream().filter(deal -> Objects.requireNonNull(deal,
                "portfolio must not contain null").isOpen()).toList();

        Map<OpportunityId, GateDecision> before = current.evaluateNextGates(open);
        Map<OpportunityId, GateDecision> after = candidate.evaluateNextGates(open);
        List<DecisionChange> changes = new ArrayList<>();
        Map<String, int[]> byCriterion = new HashMap<>();
        before.forEach((deal, decision) -> {
            DecisionChange change = new DecisionChange(deal, decision, after.get(deal));
            if (!DecisionChange.criteria(decision).equals(DecisionChange.criteria(change.after()))) {
                changes.add(change);
                change.criteriaAdded().forEach(id -> byCriterion.computeIfAbsent(id, key -> new int[2])[0]++);
                change.criteriaRemoved().forEach(id -> byCriterion.computeIfAbsent(id, key -> new int[2])[1]++);
            }
        });
        List<CriterionChange> criteria = byCriterion.entrySet().stream()
                .map(entry -> new CriterionChange(entry.getKey(), entry.getValue()[0], entry.getValue()[1]))
                .sorted(Comparator.comparingInt((CriterionChange change) -> change.addedOn() + change.removedFrom())
                        .reversed().thenComparing(CriterionChange::criterionId))
                .toList();

        List<Alert> alertsBefore = current.sweep(open, averages);
        List<Alert> alertsAfter = candidate.sweep(open, averages);
        Function<Alert, List<Object>> alertKey = alert -> List.of(alert.opportunityId(), alert.kind(), alert.severity());

        // The slip rate is the portfolio's, whichever rules review it.
        BigDecimal slipRate = Forecast.slipRate(portfolio, clock.instant());
        List<DealReview> reviewsBefore = current.reviewAll(open);
        List<DealReview> reviewsAfter = candidate.reviewAll(open);
        List<RegressionRecommendation> regressionsBefore = regressions(reviewsBefore);
        List<RegressionRecommendation> regressionsAfter = regressions(reviewsAfter);
        Function<RegressionRecommendation, List<Object>> regressionKey = regression ->
                List.of(regression.opportunityId(), regression.target(), regression.trigger());
        List<DisqualificationRecommendation> disqualificationsBefore = disqualifications(reviewsBefore);
        List<DisqualificationRecommendation> disqualificationsAfter = disqualifications(reviewsAfter);
        Function<DisqualificationRecommendation, List<Object>> disqualificationKey = disqualification ->
                List.of(disqualification.opportunityId(), disqualification.ground());

        return new ImpactReport(current.version(), candidate.version(), open.size(), changes, criteria,
                onlyIn(alertsAfter, alertsBefore, alertKey), onlyIn(alertsBefore, alertsAfter, alertKey),
                onlyIn(regressionsAfter, regressionsBefore, regressionKey),
                onlyIn(regressionsBefore, regressionsAfter, regressionKey),
                onlyIn(disqualificationsAfter, disqualificationsBefore, disqualificationKey),
                onlyIn(disqualificationsBefore, disqualificationsAfter, disqualificationKey),
                effect(portfolio, open, reviewsBefore, periodStart, periodEnd, slipRate),
                effect(portfolio, open, reviewsAfter, periodStart, periodEnd, slipRate));
    }

    private static List<RegressionRecommendation> regressions(List<DealReview> reviews) {
        return reviews.stream().flatMap(review -> review.regressions().stream()).toList();
    }

    private static List<DisqualificationRecommendation> disqualifications(List<DealReview> reviews) {
        return reviews.stream().flatMap(review -> review.disqualifications().stream()).toList();
    }

    /** The items of {@code these} whose key none of {@code those} has, in their order. */
    private static <T> List<T> onlyIn(List<T> these, List<T> those, Function<T, List<Object>> key) {
        Set<List<Object>> known = new LinkedHashSet<>();
        those.forEach(item -> known.add(key.apply(item)));
        return these.stream().filter(item -> !known.contains(key.apply(item))).toList();
    }

    private PipelineEffect effect(Collection<Opportunity> portfolio, List<Opportunity> open, List<DealReview> reviews,
                                  LocalDate periodStart, LocalDate periodEnd, BigDecimal slipRate) {
        Map<OpportunityId, DealReview> reviewOf = new LinkedHashMap<>();
        reviews.forEach(review -> reviewOf.put(review.opportunityId(), review));
        Function<Opportunity, Probability> followed = deal -> {
            DealReview review = reviewOf.get(deal.id());
            if (review == null) {
                return probability.apply(deal);
            }
            if (!review.disqualifications().isEmpty()) {
                return Probability.ZERO;
            }
            // Nurture is off the track (position -1), so it counts as the earliest: it leaves the active pipeline.
            return review.regressions().stream().map(RegressionRecommendation::target)
                    .min(Comparator.comparingInt(target -> deal.pipeline().trackPosition(target)))
                    .map(target -> deal.pipeline().stage(target).defaultWinProbability())
                    .orElseGet(() -> probability.apply(deal));
        };
        List<Money> weighted = open.stream().map(deal -> deal.details().value().amount()
                .multipliedBy(followed.apply(deal).value(), RoundingMode.HALF_EVEN)).toList();
        Instant now = clock.instant();
        Forecast forecast = Forecast.of(portfolio, periodStart, periodEnd, now, followed, ForecastRules.defaults(),
                slipRate);
        return new PipelineEffect(MoneyTotals.sum(weighted), forecast.full(), periodStart, periodEnd);
    }

    /** Builds a {@link RuleImpact}. */
    public static final class Builder {
        private final RuleSources current;
        private final RuleSources candidate;
        private Clock clock = Clock.systemUTC();
        private RuleSandbox sandbox = RuleSandbox.standard();
        private Function<Opportunity, Probability> probability = deal -> deal.stage().defaultWinProbability();

        private Builder(RuleSources current, RuleSources candidate) {
            this.current = Objects.requireNonNull(current, "current");
            this.candidate = Objects.requireNonNull(candidate, "candidate");
        }

        /** The clock both rule sets read; the system clock by default. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public Builder sandbox(RuleSandbox sandbox) {
            this.sandbox = Objects.requireNonNull(sandbox, "sandbox");
            return this;
        }

        /**
         * The probability of a deal no recommendation moves, such as {@code calibration::probabilityFor};
         * the stage's configured probability by default.
         */
        public Builder probability(Function<Opportunity, Probability> probability) {
            this.probability = Objects.requireNonNull(probability, "probability");
            return this;
        }

        public RuleImpact build() {
            return new RuleImpact(this);
        }
    }
}
