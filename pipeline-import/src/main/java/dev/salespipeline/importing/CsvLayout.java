package dev.salespipeline.importing;

/** How a generic CSV lays out its deals. */
public enum CsvLayout {
    /**
     * One row per deal: its creation (engage) date, its final stage and, for a closed deal, its close
     * date. The deal moves to its final stage when it was created, or closes on its close date.
     */
    DEAL_PER_ROW,
    /**
     * One row per stage change: the deal id, the stage entered and when, and the deal's fields as they
     * were then. The rows of one deal may be anywhere in the file; they are ordered by time.
     */
    CHANGE_PER_ROW
}
