package dev.salespipeline.core.opportunity;

/** Who reached out; buyer-initiated touchpoints are what engagement and ghosting signals read. */
public enum ActivityDirection {
    FROM_BUYER,
    TO_BUYER,
    INTERNAL
}
