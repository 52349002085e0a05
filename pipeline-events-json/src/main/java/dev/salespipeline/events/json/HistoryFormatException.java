package dev.salespipeline.events.json;

import dev.salespipeline.core.opportunity.OpportunityId;

/**
 * A stored event that cannot be read: corrupt JSON, an unknown type or field, a missing field, a version
 * newer than this library knows, or values that do not make an event. Names the deal and the sequence
 * number of the event, so that the row can be found.
 */
public final class HistoryFormatException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient OpportunityId opportunityId;
    private final long sequence;

    public HistoryFormatException(OpportunityId opportunityId, long sequence, String problem) {
        super("Event " + sequence + " of opportunity '" + opportunityId + "' cannot be read: " + problem);
        this.opportunityId = opportunityId;
        this.sequence = sequence;
    }

    public OpportunityId opportunityId() {
        return opportunityId;
    }

    public long sequence() {
        return sequence;
    }
}
