package dev.salespipeline.rules.outcome;

import dev.salespipeline.core.events.PipelineEvent;
import dev.salespipeline.core.events.PipelineEvents;
import dev.salespipeline.core.opportunity.Opportunity;
import dev.salespipeline.core.opportunity.OpportunityId;

import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns successive alert sweeps into events: an alert a sweep raises that the deal's previous sweep
 * did not (or at another severity) is published as {@link PipelineEvent.AlertRaised}; one the
 * previous sweep raised and this one does not, as {@link PipelineEvent.AlertCleared}. Sweeping an
 * unchanged deal again publishes nothing. The first sweep of a deal raises all its alerts.
 *
 * <pre>{@code
 * List<Opportunity> open = …;
 * tracker.track(open, rules.sweep(open, averages), clock.instant());
 * }</pre>
 *
 * <p>Each event carries the deal's owner and pipeline as they were at the sweep, so a consumer can scope
 * the stream by viewer ({@link dev.salespipeline.core.view.Scope}).
 *
 * <p>Thread-safe; sweeps of the same deal should not run concurrently, or their order decides which
 * alerts count as the previous ones.
 */
public final class AlertTracker {

    private final PipelineEvents events;
    /** Per deal, the kinds its last sweep raised and at which severity. */
    private final ConcurrentHashMap<OpportunityId, Map<String, Alert>> previous = new ConcurrentHashMap<>();

    public AlertTracker(PipelineEvents events) {
        this.events = Objects.requireNonNull(events, "events");
    }

    /**
     * Compares {@code alerts}, the result of sweeping the deals {@code swept}, with their previous
     * sweeps and publishes the differences, deal by deal.
     *
     * @param swept  every deal the sweep covered, with or without alerts (a deal left out keeps its alerts)
     * @param alerts what the sweep raised
     * @param at     when the sweep ran
     * @throws IllegalArgumentException if an alert is on a deal not among {@code swept}, or a deal is swept twice
     */
    public void track(Collection<Opportunity> swept, Collection<Alert> alerts, Instant at) {
        Objects.requireNonNull(swept, "swept");
        Objects.requireNonNull(alerts, "alerts");
        Objects.requireNonNull(at, "at");
        Map<OpportunityId, Opportunity> deals = new LinkedHashMap<>();
        Map<OpportunityId, Map<String, Alert>> current = new LinkedHashMap<>();
        for (Opportunity deal : swept) {
            Objects.requireNonNull(deal, "swept must not contain null");
            if (deals.put(deal.id(), deal) != null) {
                throw new IllegalArgumentException("swept holds opportunity '" + deal.id() + "' twice");
            }
            current.put(deal.id(), new LinkedHashMap<>());
        }
        for (Alert alert : alerts) {
            Map<String, Alert> ofDeal = current.get(alert.opportunityId());
            if (ofDeal == null) {
                throw new IllegalArgumentException("alert " + alert.kind() + " is on '" + alert.opportunityId()
                        + "', which is not among the swept deals");
            }
            ofDeal.put(alert.kind(), alert);
        }
        current.forEach((id, now) -> {
            Opportunity deal = deals.get(id);
            String owner = deal.details().owner();
            Map<String, Alert> before = previous.getOrDefault(id, Map.of());
            now.forEach((kind, alert) -> {
                Alert earlier = before.get(kind);
                if (earlier == null || earlier.severity() != alert.severity()) {
                    events.publish(new PipelineEvent.AlertRaised(id, owner, deal.pipeline().id(), at, kind,
                            alert.severity().name(), alert.since(), alert.message()));
                }
            });
            before.keySet().stream().filter(kind -> !now.containsKey(kind))
                    .forEach(kind -> events.publish(new PipelineEvent.AlertCleared(id, owner, deal.pipeline().id(), at,
                            kind)));
            previous.put(id, Map.copyOf(now));
        });
    }
}
