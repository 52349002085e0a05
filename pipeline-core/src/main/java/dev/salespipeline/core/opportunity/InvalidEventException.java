package dev.salespipeline.core.opportunity;

/**
 * Thrown when an event does not fit the history it is applied to: out of sequence, earlier than the
 * event before it, for another opportunity, or inconsistent with the state it would change. Raised
 * both for live changes (the clock went backwards, an activity dated before the deal existed) and
 * when a stored history is restored.
 */
public final class InvalidEventException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final OpportunityId opportunityId;
    private final long sequence;

    public InvalidEventException(OpportunityEvent event, String problem) {
        super("Event #" + event.sequence() + " (" + event.getClass().getSimpleName() + ") of opportunity '"
                + event.opportunityId() + "' is invalid: " + problem);
        this.opportunityId = event.opportunityId();
        this.sequence = event.sequence();
    }

    public OpportunityId opportunityId() {
        return opportunityId;
    }

    /** The position in the history of the offending event. */
    public long sequence() {
        return sequence;
    }
}
