package dev.salespipeline.core.opportunity;

/** The kind of touchpoint an activity was. */
public enum ActivityType {
    CALL,
    EMAIL,
    MEETING,
    DEMO,
    MESSAGE,
    OTHER
}
