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
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
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
 * <p><b>Today or as of a date.</b> {@link #of} scopes by today's owners and today's org.
 * {@link #asOf} shows the pipeline as it stood at an instant: each deal as it was then, scoped by who
 * owned it then and by the org on that day ({@link OrgStructure#team(String, LocalDate)}), so a
 * reassigned deal's past stays with its past owner and a rep's past figures stay with the manager he had
 * then. Figures of a past date come from an {@code asOf} view.
 *
 * <p><b>A snapshot.</b> A view is made once from the deals it was given; after a deal is reassigned,
 * make a new view. To filter a stream (events, alerts as they come), use {@link Scope}, which judges
 * each item by the owner at its time.
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

    /**
     * What {@code viewer} may see of {@code portfolio} today, according to {@code org}.
     *
     * @throws IllegalArgumentException if the org says the viewer does not hold their role, or two deals
     *                                  of the portfolio have the same id
     */
    public static PipelineView of(Viewer viewer, OrgStructure org, Collection<Opportunity> portfolio) {
        Scope scope = Scope.of(viewer, org);
        Objects.requireNonNull(portfolio, "portfolio");
        Set<String> owners = scope.ownersToday();
        List<Opportunity> seen = distinct(portfolio).stream()
                .filter(deal -> viewer.role() == Viewer.Role.EXECUTIVE || viewer.id().equals(deal.details().owner())
                        || owners.contains(deal.details().owner()))
                .toList();
        return new PipelineView(viewer, seen);
    }

    /**
     * What {@code viewer} could see of {@code portfolio} at {@code instant}: every deal that existed then,
     * as it stood then, if its owner then was in the viewer's scope on that day (UTC).
     *
     * @throws IllegalArgumentException if the org says the viewer does not hold their role, or two deals
     *                                  of the portfolio have the same id
     */
    public static PipelineView asOf(Viewer viewer, OrgStructure org, Collection<Opportunity> portfolio,
                                    Instant instant) {
        Scope scope = Scope.of(viewer, org);
        Objects.requireNonNull(portfolio, "portfolio");
        Objects.requireNonNull(instant, "instant");
        LocalDate on = LocalDate.ofInstant(instant, ZoneOffset.UTC);
        Set<String> owners = scope.owners(on);
        List<Opportunity> seen = new ArrayList<>();
        for (Opportunity deal : distinct(portfolio)) {
            deal.asOf(instant)
                    .filter(then -> viewer.role() == Viewer.Role.EXECUTIVE
                            || viewer.id().equals(then.details().owner()) || owners.contains(then.details().owner()))
                    .ifPresent(seen::add);
        }
        return new PipelineView(viewer, seen);
    }

    private static Collection<Opportunity> distinct(Collection<Opportunity> portfolio) {
        Set<OpportunityId> ids = new HashSet<>();
        for (Opportunity deal : portfolio) {
            Objects.requireNonNull(deal, "portfolio must not contain null");
            if (!ids.add(deal.id())) {
                throw new IllegalArgumentException("portfolio holds opportunity '" + deal.id() + "' twice; a view"
                        + " needs each deal once");
            }
        }
        return portfolio;
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
