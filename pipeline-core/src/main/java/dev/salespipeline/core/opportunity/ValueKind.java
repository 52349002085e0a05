package dev.salespipeline.core.opportunity;

/** What a deal's value measures; figures of different kinds should not be added up blindly. */
public enum ValueKind {
    /** Total contract value of a one-off deal. */
    TCV,
    /** Annual contract value of a subscription. */
    ACV,
    /** First-year value of a multi-year deal. */
    FIRST_YEAR,
    /** Expected lifetime value of a usage-based deal. */
    LTV
}
