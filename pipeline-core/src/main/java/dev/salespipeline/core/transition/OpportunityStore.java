package dev.salespipeline.core.transition;

import dev.salespipeline.core.InvalidValueException;
import dev.salespipeline.core.events.PipelineEvents;
import dev.salespipeline.core.opportunity.Opportunity;
import dev.salespipeline.core.opportunity.OpportunityId;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * A thread-safe, in-memory home for opportunities that never loses an update, for tests, demos and
 * small hosts, and as the model of what a host's own storage must do. Two ways to change a deal:
 * <ul>
 *   <li>{@link #save(Opportunity)} is optimistic: it stores a changed opportunity only if its history
 *       extends the stored one, and otherwise throws {@link VersionConflictException}. A host with a
 *       database does the same with {@code UPDATE … WHERE version = :readVersion}.</li>
 *   <li>{@link #update(OpportunityId, UnaryOperator)} serialises: concurrent changes to one deal run
 *       one after the other, each on the result of the one before. Changes to different deals run in
 *       parallel.</li>
 * </ul>
 * Either way, no change is lost and none is half-applied: an opportunity is an immutable value, and
 * the store swaps whole values. A store built with {@link PipelineEvents} reports every successful
 * add and change to it once stored, so listeners hear of committed changes only, and only after the
 * store's lock is released: what the change itself published (a refused advance, when the
 * {@link TransitionService} has the same bus) is delivered then too, before the change's own events. A
 * listener may therefore change any deal in the store, the one it hears about included.
 */
public final class OpportunityStore implements OpportunityStorage {

    private final ConcurrentHashMap<OpportunityId, Opportunity> opportunities = new ConcurrentHashMap<>();
    /**
     * The deals this thread is changing inside {@link #update}: a change that writes to its own deal again
     * would have its write overwritten by the outer one, so it is refused instead.
     */
    private final ThreadLocal<java.util.Set<OpportunityId>> changing = ThreadLocal.withInitial(java.util.HashSet::new);
    /** Told of every committed change; null when nobody listens. */
    private final PipelineEvents events;

    public OpportunityStore() {
        this.events = null;
    }

    /** A store that reports what it commits to {@code events}, after storing it and outside its lock. */
    public OpportunityStore(PipelineEvents events) {
        this.events = Objects.requireNonNull(events, "events");
    }

    private Opportunity committed(Opportunity stored) {
        if (events != null) {
            events.committed(stored);
        }
        return stored;
    }

    /**
     * Runs a store operation so that what it reports to the bus, from inside the change too (a refused
     * advance), reaches the listeners after the operation, outside the store's lock.
     */
    private Opportunity reporting(Supplier<Opportunity> operation) {
        return events == null ? operation.get() : events.deliverAfter(operation);
    }

    /** Adds a new opportunity; its id must not be in the store yet. */
    @Override
    public void add(Opportunity opportunity) {
        Objects.requireNonNull(opportunity, "opportunity");
        reporting(() -> {
            if (opportunities.putIfAbsent(opportunity.id(), opportunity) != null) {
                throw new InvalidValueException("opportunity", opportunity.id(), "must have an id not yet in the store");
            }
            return committed(opportunity);
        });
    }

    @Override
    public Optional<Opportunity> find(OpportunityId id) {
        return Optional.ofNullable(opportunities.get(Objects.requireNonNull(id, "id")));
    }


    /**
     * Stores {@code changed} if it builds on the stored version: its history starts with the stored
     * history and is longer.
     *
     * @throws VersionConflictException if another change was saved in between; nothing is stored
     */
    @Override
    public Opportunity save(Opportunity changed) {
        Objects.requireNonNull(changed, "changed");
        refuseReentrance(changed.id(), "save");
        return reporting(() -> committed(opportunities.compute(changed.id(), (id, stored) -> {
            if (stored == null) {
                throw new InvalidValueException("changed", id, "must be added before it is saved");
            }
            if (changed.version() <= stored.version() || !changed.buildsOn(stored)) {
                throw new VersionConflictException(id, stored.version(), changed.version());
            }
            return changed;
        })));
    }

    /**
     * Applies {@code change} to the stored opportunity and stores the result, one change at a time per
     * opportunity. The change should be quick (it holds that opportunity's lock) and must return an
     * opportunity built on the one it was given; if it throws, nothing is stored. It must not save or
     * update the same opportunity itself (its write would be lost under the outer one): that is refused
     * with an {@link IllegalStateException}, and nothing is stored.
     */
    @Override
    public Opportunity update(OpportunityId id, UnaryOperator<Opportunity> change) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(change, "change");
        refuseReentrance(id, "update");
        return reporting(() -> committed(opportunities.compute(id, (key, stored) -> {
            if (stored == null) {
                throw new InvalidValueException("id", key, "must name an opportunity in the store");
            }
            Opportunity changed;
            java.util.Set<OpportunityId> inChange = changing.get();
            inChange.add(key);
            try {
                changed = Objects.requireNonNull(change.apply(stored), "change returned null");
            } finally {
                inChange.remove(key);
            }
            if (changed != stored && !changed.buildsOn(stored)) {
                throw new VersionConflictException(key, stored.version(), changed.version());
            }
            return changed;
        })));
    }

    private void refuseReentrance(OpportunityId id, String operation) {
        if (changing.get().contains(id)) {
            throw new IllegalStateException(operation + " of opportunity '" + id + "' from inside a change to it"
                    + " passed to update: return the new opportunity from the change instead");
        }
    }

    /** A snapshot of every stored opportunity, in no particular order. */
    public List<Opportunity> all() {
        return List.copyOf(opportunities.values());
    }

    public int size() {
        return opportunities.size();
    }

    @Override
    public long count() {
        return opportunities.size();
    }

    /** The open opportunities of a snapshot taken now. */
    @Override
    public OpportunityCursor openDeals() {
        java.util.Iterator<Opportunity> open = opportunities.values().stream().filter(Opportunity::isOpen).toList()
                .iterator();
        return new OpportunityCursor() {
            @Override
            public boolean hasNext() {
                return open.hasNext();
            }

            @Override
            public Opportunity next() {
                return open.next();
            }

            @Override
            public void close() {
                // Nothing held: the snapshot is in memory.
            }
        };
    }
}
