package dev.salespipeline.core.opportunity;

import dev.salespipeline.core.evidence.EvidenceType;
import dev.salespipeline.core.internal.Checks;

import java.util.Objects;

/**
 * What a caller supplies to record evidence; the library adds the id, the time and the actor.
 *
 * @param type      what it documents
 * @param source    where it is documented
 * @param reference where to find it; may be empty
 * @param note      free text; may be empty
 */
public record NewEvidence(EvidenceType type, EvidenceSource source, String reference, String note) {

    public NewEvidence {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(source, "source");
        reference = Checks.requireText(reference, "reference");
        note = Checks.requireText(note, "note");
    }

    /** Evidence of this type from this source, with no reference or note. */
    public static NewEvidence of(EvidenceType type, EvidenceSource source) {
        return new NewEvidence(type, source, "", "");
    }
}
