package dev.salespipeline.importing;

import java.util.Locale;
import java.util.Optional;

/**
 * A field the import reads, and the name a mapping file gives it ({@code column close-date = Close Date}).
 * Which fields are required depends on the format and layout; see docs/importing.md.
 */
public enum ImportField {
    /** The deal's id in the CRM; becomes the opportunity id. */
    ID,
    /** The deal's name; kept as the attribute {@code name}. */
    NAME,
    ACCOUNT,
    OWNER,
    /** The deal's amount. */
    VALUE,
    /** The ISO 4217 code of the amount; the mapping's default currency when absent. */
    CURRENCY,
    /** When the deal was created (engaged). */
    CREATED,
    /** The expected close date, or for a closed deal the date it closed. */
    CLOSE_DATE,
    /** The stage, as the CRM names it; the mapping's stage table maps it to a stage of the pipeline. */
    STAGE,
    /** When the stage of this row was entered (one row per stage change). */
    CHANGED_AT,
    /** The rep's probability, kept beside the calibrated one. */
    PROBABILITY,
    SOURCE,
    SEGMENT,
    REGION,
    CHANNEL,
    PRIMARY_CONTACT,
    /** Why a lost deal was lost; the reason of its loss. */
    LOSS_REASON,
    /** Whether the CRM says the deal is closed (true/false); checked against the stage. */
    CLOSED,
    /** Whether the CRM says the deal is won (true/false); checked against the stage. */
    WON,
    /**
     * The CRM pipeline the row belongs to. An export whose rows name several pipelines is refused
     * unless the mapping's {@code source-pipeline} picks one; rows of the others are skipped.
     */
    PIPELINE;

    /** The field's name in a mapping file: lower case, words joined by hyphens ({@code close-date}). */
    public String mappingName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The field a mapping file names, if any. */
    public static Optional<ImportField> fromMappingName(String name) {
        for (ImportField field : values()) {
            if (field.mappingName().equals(name)) {
                return Optional.of(field);
            }
        }
        return Optional.empty();
    }
}
