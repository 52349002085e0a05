package dev.salespipeline.importing;

/** What an import does when some rows are rejected. A deal is never imported in part, in either mode. */
public enum ImportMode {
    /** Import nothing unless every row of every file is accepted. */
    ALL_OR_NOTHING,
    /** Import every deal whose rows are all accepted; report the rest. */
    VALID_DEALS
}
