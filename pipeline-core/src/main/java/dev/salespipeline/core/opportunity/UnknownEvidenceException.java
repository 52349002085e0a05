package dev.salespipeline.core.opportunity;

/** Thrown when evidence to withdraw is not active on the opportunity: unknown, or already withdrawn. */
public final class UnknownEvidenceException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final OpportunityId opportunityId;
    private final EvidenceId evidenceId;

    public UnknownEvidenceException(OpportunityId opportunityId, EvidenceId evidenceId, boolean alreadyWithdrawn) {
        super("Opportunity '" + opportunityId + "' has no active evidence '" + evidenceId + "'"
                + (alreadyWithdrawn ? ": it was already withdrawn" : ""));
        this.opportunityId = opportunityId;
        this.evidenceId = evidenceId;
    }

    public OpportunityId opportunityId() {
        return opportunityId;
    }

    public EvidenceId evidenceId() {
        return evidenceId;
    }
}
