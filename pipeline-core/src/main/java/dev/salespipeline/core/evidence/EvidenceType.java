package dev.salespipeline.core.evidence;

import dev.salespipeline.core.internal.Checks;

import java.util.regex.Pattern;

/**
 * What a piece of evidence documents, such as {@code budget-range-confirmed}. An open identifier:
 * {@link EvidenceTypes} lists the default catalogue, and hosts and rule authors may use their own.
 *
 * @param id lower-case letters, digits, {@code . _ -}; starts with a letter; at most 80 characters
 */
public record EvidenceType(String id) {

    private static final Pattern SHAPE = Pattern.compile("[a-z][a-z0-9._-]{0,79}");

    public EvidenceType {
        Checks.requireIdentifier(id, "evidenceType", SHAPE,
                "1 to 80 lower-case letters, digits, '.', '_' or '-', starting with a letter");
    }

    public static EvidenceType of(String id) {
        return new EvidenceType(id);
    }

    @Override
    public String toString() {
        return id;
    }
}
