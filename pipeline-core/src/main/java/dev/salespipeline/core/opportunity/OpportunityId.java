package dev.salespipeline.core.opportunity;

import dev.salespipeline.core.internal.Checks;

import java.util.regex.Pattern;

/**
 * Identifies an opportunity; usually the host's or the CRM's id, such as {@code 0065g00000XyZ12AAB}.
 *
 * @param value 1 to 128 visible characters without spaces
 */
public record OpportunityId(String value) {

    private static final Pattern SHAPE = Pattern.compile("[\\p{Graph}&&[^\\s]]{1,128}");

    public OpportunityId {
        Checks.requireIdentifier(value, "opportunityId", SHAPE, "1 to 128 visible characters without spaces");
    }

    public static OpportunityId of(String value) {
        return new OpportunityId(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
