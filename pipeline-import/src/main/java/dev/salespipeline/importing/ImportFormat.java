package dev.salespipeline.importing;

/** The kind of export a mapping reads, which decides the default columns and how stage history is read. */
public enum ImportFormat {
    /**
     * A Salesforce opportunities export (report or data export, API names or labels), optionally with
     * the OpportunityHistory export that holds every stage, amount and close-date change.
     */
    SALESFORCE,
    /** A HubSpot deals export; its "Date entered &lt;stage&gt;" columns give the stage history. */
    HUBSPOT,
    /** Any CSV, one row per deal or one row per stage change, described by the mapping. */
    CSV
}
