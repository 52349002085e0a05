package dev.salespipeline.core.events;

import dev.salespipeline.core.opportunity.Opportunity;
import dev.salespipeline.core.opportunity.OpportunityEvent;
import dev.salespipeline.core.opportunity.OpportunityId;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * The event bus: listeners register, and the host reports what it committed.
 *
 * <p><b>Delivery.</b> {@link #committed(Opportunity)} is called after a change is stored (an
 * {@link dev.salespipeline.core.transition.OpportunityStore} built with this bus calls it after every
 * successful save). It delivers every event of the deal's history that was not delivered yet, in
 * history order, each as a {@link PipelineEvent.Changed}. History sequence numbers make the order
 * exact: when two threads commit changes to one deal, whichever reports first delivers both events, in
 * sequence, and the other finds nothing left to deliver. Other events ({@link #publish}) join the same
 * per-deal order.
 *
 * <p><b>Per-deal queues, no lock held while a listener runs.</b> Each deal has a queue. A thread that
 * reports an event puts it on the deal's queue and, unless another thread is already delivering that
 * deal's events, delivers the queue itself; otherwise it returns at once, and the delivering thread
 * delivers its event after the ones before it. So listeners of one deal are called one event at a time,
 * in order, never concurrently; a listener that is slow holds up only the events of its deal, never a
 * writer of another deal; and a listener may change any deal, the one it is told about included,
 * without a deadlock: its change is delivered after the event it is handling, to every listener.
 *
 * <p><b>Changes made inside a lock.</b> Storage that reports to the bus while holding a lock (a refused
 * advance is published inside the change passed to {@code OpportunityStore.update}) runs its work in
 * {@link #deliverAfter(Supplier)}: what is reported inside is delivered when the work is done, outside
 * the lock.
 *
 * <p><b>Listeners that loop.</b> A listener that changes a deal in answer to every event of it would
 * change it forever. After a chain of {@value #MAX_CASCADE} changes, each made by a listener in answer to
 * the one before, the next change is refused before anything is stored: storage that runs its writes in
 * {@link #deliverAfter} (an {@code OpportunityStore} does) throws an {@link IllegalStateException} that
 * names the deal and the event, which reaches the listener and, through it, the error handler.
 *
 * <p><b>Errors.</b> Anything a listener throws, {@link Error}s included, goes to the error handler;
 * it does not stop the other listeners, does not undo or block the change (it is committed already),
 * does not reach the writer, and is not retried. The default handler logs it through
 * {@link System.Logger} at WARNING with the listener and the event.
 *
 * <p>Thread-safe. Delivery state is kept per opportunity for the life of the bus. A deal created again
 * under an id the bus has seen (a different first event) is delivered from its beginning.
 */
public final class PipelineEvents {

    /** The longest chain of listener-made changes before the writer is told that a listener loops. */
    public static final int MAX_CASCADE = 100;

    private static final System.Logger LOG = System.getLogger(PipelineEvents.class.getName());

    private final List<PipelineListener> listeners = new CopyOnWriteArrayList<>();
    private final ConcurrentHashMap<OpportunityId, DealQueue> queues = new ConcurrentHashMap<>();
    private final BiConsumer<PipelineEvent, Throwable> onListenerError;
    /** The deals whose queues this thread will deliver when its outermost {@link #deliverAfter} ends. */
    private final ThreadLocal<Set<DealQueue>> deferred = new ThreadLocal<>();
    /** The event this thread is delivering; absent when not delivering. */
    private final ThreadLocal<Delivering> delivering = new ThreadLocal<>();

    /** A bus whose listener failures are logged. */
    public PipelineEvents() {
        this((event, error) -> LOG.log(System.Logger.Level.WARNING,
                "A pipeline listener failed on " + event.type() + " of '" + event.opportunityId() + "'", error));
    }

    /**
     * A bus whose listener failures go to {@code onListenerError}. It should not throw; if it does, what it
     * throws is ignored and delivery goes on.
     */
    public PipelineEvents(BiConsumer<PipelineEvent, Throwable> onListenerError) {
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
        int depth = depthOfNewEvents();
        DealQueue queue = queues.computeIfAbsent(committed.id(), id -> new DealQueue());
        synchronized (queue) {
            List<OpportunityEvent> history = committed.history();
            int from = queue.firstUnqueued(history);
            for (int index = from; index < history.size(); index++) {
                // The deal as it stood right after this event: the whole value when it is the last one.
                Opportunity after = index == history.size() - 1 ? committed
                        : Opportunity.restore(committed.pipeline(), history.subList(0, index + 1));
                queue.add(new PipelineEvent.Changed(history.get(index), after), depth);
            }
            if (from < history.size()) {
                queue.queuedUpTo(history);
            }
        }
        schedule(queue);
    }

    /**
     * Marks {@code existing}'s history as delivered without delivering it: for deals loaded from the
     * host's storage into a store with this bus, whose past the listeners must not hear again.
     */
    public void known(Opportunity existing) {
        Objects.requireNonNull(existing, "existing");
        DealQueue queue = queues.computeIfAbsent(existing.id(), id -> new DealQueue());
        synchronized (queue) {
            if (queue.firstUnqueued(existing.history()) < existing.history().size()) {
                queue.queuedUpTo(existing.history());
            }
        }
    }

    /** Publishes an event that is not part of a history: a blocked attempt, an alert, a probability. */
    public void publish(PipelineEvent event) {
        Objects.requireNonNull(event, "event");
        int depth = depthOfNewEvents();
        DealQueue queue = queues.computeIfAbsent(event.opportunityId(), id -> new DealQueue());
        synchronized (queue) {
            queue.add(event, depth);
        }
        schedule(queue);
    }

    /**
     * Runs {@code work} and delivers what it reported to this bus ({@link #committed}, {@link #publish})
     * once it is done, whether it returned or threw. For storage that reports while holding a lock: the
     * listeners then run after the lock is released. Nested calls deliver when the outermost ends.
     *
     * @return what {@code work} returned
     * @throws IllegalStateException before running {@code work}, when it would be the change after a chain of
     *                               {@value #MAX_CASCADE} changes made by listeners in answer to each other
     */
    public <T> T deliverAfter(Supplier<T> work) {
        Objects.requireNonNull(work, "work");
        Delivering current = delivering.get();
        if (current != null && current.depth() >= MAX_CASCADE) {
            throw new IllegalStateException("a listener handling '" + current.event().type() + "' of opportunity '"
                    + current.event().opportunityId() + "' made a change after a chain of " + MAX_CASCADE
                    + " changes made by listeners in answer to each other: a listener loops; change a deal in answer"
                    + " to the events that call for it, not to every event");
        }
        if (deferred.get() != null) {
            return work.get();
        }
        Set<DealQueue> mine = new LinkedHashSet<>();
        deferred.set(mine);
        try {
            return work.get();
        } finally {
            deferred.remove();
            for (DealQueue queue : mine) {
                drain(queue);
            }
        }
    }

    private int depthOfNewEvents() {
        Delivering current = delivering.get();
        return current == null ? 0 : current.depth() + 1;
    }

    private void schedule(DealQueue queue) {
        Set<DealQueue> later = deferred.get();
        if (later != null) {
            later.add(queue);
        } else {
            drain(queue);
        }
    }

    /** Delivers the deal's queue on this thread, unless a thread (this one, further up) already does. */
    private void drain(DealQueue queue) {
        synchronized (queue) {
            if (queue.draining) {
                return;
            }
            queue.draining = true;
        }
        Delivering outer = delivering.get();
        boolean emptied = false;
        try {
            while (!emptied) {
                Pending next;
                synchronized (queue) {
                    next = queue.pending.poll();
                    if (next == null) {
                        queue.draining = false;
                        emptied = true;
                        continue;
                    }
                }
                delivering.set(new Delivering(next.event(), next.depth()));
                deliver(next.event());
            }
        } finally {
            if (outer == null) {
                delivering.remove();
            } else {
                delivering.set(outer);
            }
            if (!emptied) {
                // Delivery itself failed (deliver catches what listeners throw): let the next report resume.
                synchronized (queue) {
                    queue.draining = false;
                }
            }
        }
    }

    private void deliver(PipelineEvent event) {
        for (PipelineListener listener : listeners) {
            try {
                listener.on(event);
            } catch (Throwable e) {
                try {
                    onListenerError.accept(event, e);
                } catch (Throwable ignored) {
                    // The error handler failed too; delivery to the other listeners goes on regardless.
                }
            }
        }
    }

    /** An event waiting for delivery, and how many listener-made changes led to it. */
    private record Pending(PipelineEvent event, int depth) {
    }

    /** The event a thread is delivering, and how many listener-made changes led to it. */
    private record Delivering(PipelineEvent event, int depth) {
    }

    /** One deal's undelivered events and how far its history has been queued. Guarded by itself. */
    private static final class DealQueue {
        final ArrayDeque<Pending> pending = new ArrayDeque<>();
        boolean draining;
        /** How many history events have been queued, and the first and last of them. */
        int queued;
        OpportunityEvent first;
        OpportunityEvent last;
        /** The first events of earlier deals under this id, whose late reports are old news. */
        List<OpportunityEvent> earlierFirsts = List.of();

        void add(PipelineEvent event, int depth) {
            pending.add(new Pending(event, depth));
        }

        /**
         * Where the not yet queued part of {@code history} starts: after what was queued when it extends
         * that; nowhere when it is an older report of this deal or of an earlier one under its id; at its
         * beginning when it is a deal created again under the same id.
         */
        int firstUnqueued(List<OpportunityEvent> history) {
            if (queued == 0) {
                return 0;
            }
            if (history.size() >= queued && history.get(queued - 1).equals(last)) {
                return queued;
            }
            OpportunityEvent created = history.get(0);
            return created.equals(first) || earlierFirsts.contains(created) ? history.size() : 0;
        }

        void queuedUpTo(List<OpportunityEvent> history) {
            if (first != null && !first.equals(history.get(0))) {
                List<OpportunityEvent> earlier = new ArrayList<>(earlierFirsts);
                earlier.add(first);
                earlierFirsts = List.copyOf(earlier);
            }
            queued = history.size();
            first = history.get(0);
            last = history.get(history.size() - 1);
        }
    }
}
