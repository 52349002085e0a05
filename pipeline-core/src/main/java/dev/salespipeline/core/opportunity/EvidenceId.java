package dev.salespipeline.core.opportunity;

import dev.salespipeline.core.internal.Checks;

import java.util.regex.Pattern;

/**
 * Identifies one piece of evidence within its opportunity. Assigned by the library from the position
 * of the recording event in the history ({@code ev-7}), so that replaying a history yields the same
 * ids.
 *
 * @param value {@code ev-} followed by a positive number
 */
public record EvidenceId(String value) {

    private static final Pattern SHAPE = Pattern.compile("ev-[1-9][0-9]{0,18}");

    public EvidenceId {
        Checks.requireIdentifier(value, "evidenceId", SHAPE, "'ev-' followed by a positive number");
    }

    public static EvidenceId of(String value) {
        return new EvidenceId(value);
    }

    /** The id of the evidence recorded by the event with this sequence number: {@code ev-<sequence>}. */
    public static EvidenceId forEvent(long sequence) {
        return new EvidenceId("ev-" + sequence);
    }

    @Override
    public String toString() {
        return value;
    }
}
