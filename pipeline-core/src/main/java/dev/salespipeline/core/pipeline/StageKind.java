package dev.salespipeline.core.pipeline;

/** What a stage means for the deal in it; the transition rules are written in terms of kinds. */
public enum StageKind {
    /** A step of the active pipeline; open stages are ordered and a deal advances through them. */
    OPEN,
    /** A parking stage for deals that are not ready yet; kept out of the active pipeline. */
    NURTURE,
    /** The deal was won. Terminal unless explicitly reopened. */
    WON,
    /** The deal was lost. Terminal unless explicitly reopened. */
    LOST,
    /** The deal was removed as not a real opportunity. Terminal unless explicitly reopened. */
    DISQUALIFIED;

    /** Whether a deal in a stage of this kind is closed (won, lost or disqualified). */
    public boolean isTerminal() {
        return this == WON || this == LOST || this == DISQUALIFIED;
    }
}
