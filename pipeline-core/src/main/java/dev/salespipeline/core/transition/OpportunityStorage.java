package dev.salespipeline.core.transition;

import dev.salespipeline.core.InvalidValueException;
import dev.salespipeline.core.opportunity.Opportunity;
import dev.salespipeline.core.opportunity.OpportunityId;

import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Where a host keeps its opportunities: in memory ({@link OpportunityStore}) or in a database
 * ({@code JdbcOpportunityStore} in {@code pipeline-store-jdbc}); code written against this interface
 * switches between them with one line. Every implementation keeps the same promises:
 * <ul>
 *   <li>no change is lost and none is half-applied: a change is stored whole, or not at all;</li>
 *   <li>{@link #save} is optimistic and {@link #update} serialises, as {@link OpportunityStore} describes;</li>
 *   <li>a store with a {@link dev.salespipeline.core.events.PipelineEvents} bus reports each committed change
 *       to it once, after the commit and outside any lock.</li>
 * </ul>
 * Implementations are thread-safe.
 */
public interface OpportunityStorage {

    /**
     * Adds a new opportunity with its whole history.
     *
     * @throws InvalidValueException if its id is in the store already
     */
    void add(Opportunity opportunity);

    Optional<Opportunity> find(OpportunityId id);

    /** The stored opportunity; throws {@link InvalidValueException} naming the id when there is none. */
    default Opportunity get(OpportunityId id) {
        return find(id).orElseThrow(() -> new InvalidValueException("id", id, "must name an opportunity in the store"));
    }

    /**
     * Stores {@code changed} if its history extends the stored one; stores nothing otherwise.
     *
     * @throws VersionConflictException if another change was stored in between
     */
    Opportunity save(Opportunity changed);

    /**
     * Applies {@code change} to the stored opportunity and stores the result, one change at a time per
     * opportunity; if {@code change} throws, nothing is stored.
     */
    Opportunity update(OpportunityId id, UnaryOperator<Opportunity> change);

    /**
     * Every open opportunity, read as the cursor goes, in no particular order: for a sweep over more deals
     * than fit in memory ({@code PipelineRules.sweepPortfolio(cursor, averages, consumer)}). Close it.
     */
    OpportunityCursor openDeals();

    /** How many opportunities the store holds. */
    long count();
}
