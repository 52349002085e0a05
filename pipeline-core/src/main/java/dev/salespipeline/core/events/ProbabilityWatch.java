package dev.salespipeline.core.events;

import dev.salespipeline.core.opportunity.Opportunity;
import dev.salespipeline.core.opportunity.OpportunityId;
import dev.salespipeline.core.pipeline.Probability;

import java.time.Instant;
import java.util.Collection;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Remembers each deal's last computed win probability and publishes
 * {@link PipelineEvent.ProbabilityRecalculated} when a recalculation changes it — after a
 * recalibration, or when the deal moved. The first calculation of a deal is remembered, not published:
 * there is no "before" yet. Thread-safe: concurrent recalculations of one deal publish an unbroken chain,
 * each event's {@code before} the {@code after} of the one delivered before it.
 */
public final class ProbabilityWatch {

    private final PipelineEvents events;
    private final ConcurrentHashMap<OpportunityId, Probability> last = new ConcurrentHashMap<>();

    public ProbabilityWatch(PipelineEvents events) {
        this.events = Objects.requireNonNull(events, "events");
    }

    /**
     * Computes {@code probability} for every deal and publishes the changes.
     *
     * @param probability for example {@code calibration::probabilityFor}
     * @param at          when the recalculation happened
     */
    public void recalculate(Collection<Opportunity> deals, Function<Opportunity, Probability> probability, Instant at) {
        Objects.requireNonNull(deals, "deals");
        Objects.requireNonNull(probability, "probability");
        Objects.requireNonNull(at, "at");
        events.deliverAfter(() -> {
            for (Opportunity deal : deals) {
                Probability now = Objects.requireNonNull(probability.apply(
                        Objects.requireNonNull(deal, "deals must not contain null")), "probability returned null");
                // Remembering and publishing in one step per deal keeps each deal's before/after chain unbroken
                // when two threads recalculate it; the bus delivers after the loop, outside the map's lock.
                last.compute(deal.id(), (id, before) -> {
                    // Compared by value: 0.6 and 0.60 are the same probability.
                    if (before != null && before.compareTo(now) != 0) {
                        events.publish(new PipelineEvent.ProbabilityRecalculated(id, deal.details().owner(),
                                deal.pipeline().id(), at, before, now));
                    }
                    return now;
                });
            }
            return null;
        });
    }
}
