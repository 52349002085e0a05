package dev.salespipeline.core.events;

import dev.salespipeline.core.opportunity.Opportunity;
import dev.salespipeline.core.opportunity.OpportunityEvent;
import dev.salespipeline.core.opportunity.OpportunityId;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;

/**
 * The event bus: listeners register, and the host reports what it committed.
 *
 * <p><b>Delivery.</b> {@link #committed(Opportunity)} is called after a change is stored (an
 * {@link dev.salespipeline.core.transition.OpportunityStore} built with this bus calls it after every
 * successful save). It delivers every event of the deal's history that was not delivered yet, in
 * history order, each as a {@link PipelineEvent.Changed}. History sequence numbers make the order
 * exact: when two threads commit changes to one deal, whichever reports first delivers both events, in
 * sequence, and the other finds nothing left to deliver. Other events ({@link #publish}) go through the
 * same per-opportunity delivery, so listeners of one deal are never called concurrently.
 *
 * <p><b>Errors.</b> A listener that throws does not stop the others, does not undo or block the
 * change (it is committed already), and is not retried; its exception goes to the error handler, which
 * by default logs it through {@link System.Logger} at WARNING with the listener and the event.
 *
 * <p>Thread-safe. Delivery state is kept per opportunity for the life of the bus.
 */
public final class PipelineEvents {

    private static final System.Logger LOG = System.getLogger(PipelineEvents.class.getName());

    private final List<PipelineListener> listeners = new CopyOnWriteArrayList<>();
    private final ConcurrentHashMap<OpportunityId, Delivery> deliveries = new ConcurrentHashMap<>();
    private final BiConsumer<PipelineEvent, RuntimeException> onListenerError;

    /** A bus whose listener failures are logged. */
    public PipelineEvents() {
        this((event, error) -> LOG.log(System.Logger.Level.WARNING,
                "A pipeline listener failed on " + event.type() + " of '" + event.opportunityId() + "'", error));
    }

    /** A bus whose listener failures go to {@code onListenerError} (which should not throw; if it does, it is ignored). */
    public PipelineEvents(BiConsumer<PipelineEvent, RuntimeException> onListenerError) {
        this.onListenerError = Objects.requireNonNull(onListenerError, "onListenerError");
    }

    /** Adds a listener; closing the returned handle removes it. */
    public AutoCloseable register(PipelineListener listener) {
        Objects.requireNonNull(listener, "listener");
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /**
     * Delivers the history events of {@code committed} not delivered yet. Call it after the change is
     * stored, never before: listeners must only hear of what happened.
     */
    public void committed(Opportunity committed) {
        Objects.requireNonNull(committed, "committed");
        Delivery delivery = deliveries.computeIfAbsent(committed.id(), id -> new Delivery());
        synchronized (delivery) {
            List<OpportunityEvent> history = committed.history();
            while (delivery.delivered < history.size()) {
                OpportunityEvent event = history.get((int) delivery.delivered);
                delivery.delivered++;
                // The deal as it stood right after this event: the whole value when it is the last one.
                Opportunity after = delivery.delivered == history.size() ? committed
                        : Opportunity.restore(committed.pipeline(), history.subList(0, (int) delivery.delivered));
                deliver(new PipelineEvent.Changed(event, after));
            }
        }
    }

    /**
     * Marks {@code existing}'s history as delivered without delivering it: for deals loaded from the
     * host's storage into a store with this bus, whose past the listeners must not hear again.
     */
    public void known(Opportunity existing) {
        Objects.requireNonNull(existing, "existing");
        Delivery delivery = deliveries.computeIfAbsent(existing.id(), id -> new Delivery());
        synchronized (delivery) {
            delivery.delivered = Math.max(delivery.delivered, existing.version());
        }
    }

    /** Publishes an event that is not part of a history: a blocked attempt, an alert, a probability. */
    public void publish(PipelineEvent event) {
        Objects.requireNonNull(event, "event");
        Delivery delivery = deliveries.computeIfAbsent(event.opportunityId(), id -> new Delivery());
        synchronized (delivery) {
            deliver(event);
        }
    }

    private void deliver(PipelineEvent event) {
        for (PipelineListener listener : listeners) {
            try {
                listener.on(event);
            } catch (RuntimeException e) {
                try {
                    onListenerError.accept(event, e);
                } catch (RuntimeException ignored) {
                    // The error handler failed too; delivery to the other listeners goes on regardless.
                }
            }
        }
    }

    /** What has been delivered of one opportunity's history. */
    private static final class Delivery {
        long delivered;
    }
}
