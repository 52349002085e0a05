package dev.salespipeline.core.opportunity;

/** Where a piece of evidence is documented. */
public enum EvidenceSource {
    MEETING_NOTES,
    EMAIL,
    DOCUMENT,
    CALL,
    SYSTEM
}
