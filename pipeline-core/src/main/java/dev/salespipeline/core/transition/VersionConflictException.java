package dev.salespipeline.core.transition;

import dev.salespipeline.core.opportunity.Opportunity;
import dev.salespipeline.core.opportunity.OpportunityId;

/**
 * Thrown when a changed opportunity is saved over a version it was not built on: someone else saved
 * a change in between. Nothing is saved; read the opportunity again, re-apply the change, save again.
 */
public final class VersionConflictException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    private final OpportunityId opportunityId;
    private final long storedVersion;
    private final long attemptedVersion;

    public VersionConflictException(OpportunityId opportunityId, long storedVersion, long attemptedVersion) {
        super("Opportunity '" + opportunityId + "' was changed concurrently: the store holds version " + storedVersion
                + ", and the change to save (version " + attemptedVersion + ") does not build on it."
                + "\nMaybe read it again and re-apply the change, or use OpportunityStore.update to serialise changes.");
        this.opportunityId = opportunityId;
        this.storedVersion = storedVersion;
        this.attemptedVersion = attemptedVersion;
    }

    public OpportunityId opportunityId() {
        return opportunityId;
    }

    /** The version in the store when the save was attempted. */
    public long storedVersion() {
        return storedVersion;
    }

    /** The version of the opportunity that was to be saved. */
    public long attemptedVersion() {
        return attemptedVersion;
    }
}
