package dev.salespipeline.core.view;

import dev.salespipeline.core.forecast.Forecast;
import dev.salespipeline.core.forecast.ForecastRules;
import dev.salespipeline.core.metrics.PipelineMetrics;
import dev.salespipeline.core.opportunity.Opportunity;
import dev.salespipeline.core.opportunity.OpportunityId;
import dev.salespipeline.core.pipeline.Probability;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * The pipeline as one viewer may see it. Made from the whole portfolio, it keeps only the deals the
 * viewer may see — a rep's own, a manager's team's, a leader's organisation's (by each deal's
 * {@code owner}), or all for an executive — and answers every query from those alone, so no report
 * of a view can carry a deal from outside it: not a deal, not an alert, not a figure.
 *
 * <p>Immutable and thread-safe; the org structure is read once, when the view is made.
 */
public final class PipelineView {

    private final Viewer viewer;
    private final List<Opportunity> deals;
    private final Set<OpportunityId> visible;

    private PipelineView(Viewer viewer, List<Opportunity> deals) {
        this.viewer = viewer;
        this.deals = List.copyOf(deals);
        Set<OpportunityId> ids = new LinkedHashSet<>();
        deals.forEach(deal -> ids.add(deal.id()));
        this.visible = Set.copyOf(ids);
    }

    /** What {@code viewer} may see of {@code portfolio}, according to {@code org}. */
    public static PipelineView of(Viewer viewer, OrgStructure org, Collection<Opportunity> portfolio) {
        Objects.requireNonNull(viewer, "viewer");
        Objects.requireNonNull(org, "org");
        Objects.requireNonNull(portfolio, "portfolio");
        Set<String> owners = new LinkedHashSet<>();
        owners.add(viewer.id());
        switch (viewer.role()) {
            case REP -> { }
            case MANAGER -> owners.addAll(Objects.requireNonNull(org.team(viewer.id()),
                    "org.team returned null for '" + viewer.id() + "'"));
            case LEADER -> owners.addAll(Objects.requireNonNull(org.organisation(viewer.id()),
                    "org.organisation returned null for '" + viewer.id() + "'"));
            case EXECUTIVE -> owners = null;
        }
        Set<String> allowed = owners;
        List<Opportunity> seen = portfolio.stream()
                .filter(deal -> allowed == null || allowed.contains(Objects.requireNonNull(deal,
                        "portfolio must not contain null").details().owner()))
                .toList();
        return new PipelineView(viewer, seen);
    }

    public Viewer viewer() {
        return viewer;
    }

    /** The deals the viewer may see, in portfolio order. */
    public List<Opportunity> deals() {
        return deals;
    }

    public boolean canSee(OpportunityId deal) {
        return visible.contains(Objects.requireNonNull(deal, "deal"));
    }

    /**
     * The items about visible deals only, in their order: alerts ({@code view.only(alerts,
     * Alert::opportunityId)}), reviews, gate decisions.
     */
    public <T> List<T> only(Collection<T> items, Function<T, OpportunityId> dealOf) {
        Objects.requireNonNull(items, "items");
        Objects.requireNonNull(dealOf, "dealOf");
        return items.stream().filter(item -> visible.contains(dealOf.apply(item))).toList();
    }

    /** The metrics of the visible deals, all pipelines together. */
    public PipelineMetrics metrics(Instant asOf) {
        return PipelineMetrics.of(deals, asOf);
    }

    /** The metrics of the visible deals per pipeline id, for consolidated reporting across pipelines. */
    public Map<String, PipelineMetrics> metricsByPipeline(Instant asOf) {
        Map<String, List<Opportunity>> byPipeline = new LinkedHashMap<>();
        deals.forEach(deal -> byPipeline.computeIfAbsent(deal.pipeline().id().value(), key -> new java.util.ArrayList<>())
                .add(deal));
        Map<String, PipelineMetrics> metrics = new LinkedHashMap<>();
        byPipeline.forEach((pipeline, ofPipeline) -> metrics.put(pipeline, PipelineMetrics.of(ofPipeline, asOf)));
        return metrics;
    }

    /** The forecast of the visible deals; the arguments are those of {@link Forecast#of}. */
    public Forecast forecast(LocalDate periodStart, LocalDate periodEnd, Instant madeAt,
                             Function<Opportunity, Probability> probability, ForecastRules rules, BigDecimal slipRate) {
        return Forecast.of(deals, periodStart, periodEnd, madeAt, probability, rules, slipRate);
    }
}
