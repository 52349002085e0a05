package dev.salespipeline.core.transition;

import dev.salespipeline.core.opportunity.Opportunity;

import java.util.Iterator;

/**
 * Opportunities read from storage one at a time; it may hold a database cursor, so close it (it is
 * {@link AutoCloseable}: use try-with-resources). Used by one thread.
 */
public interface OpportunityCursor extends Iterator<Opportunity>, AutoCloseable {

    /** Releases what the cursor holds; it throws nothing checked. */
    @Override
    void close();
}
