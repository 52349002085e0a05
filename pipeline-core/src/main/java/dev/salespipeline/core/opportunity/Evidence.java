package dev.salespipeline.core.opportunity;

import dev.salespipeline.core.evidence.EvidenceType;
import dev.salespipeline.core.internal.Checks;

import java.time.Instant;
import java.util.Objects;

/**
 * A documented buyer action or commitment attached to an opportunity: meeting notes confirming a
 * budget discussion, an email from the economic buyer, a purchase order number. Evidence is what
 * satisfies exit criteria; it can be withdrawn with a reason but is never deleted.
 *
 * @param id         assigned by the library
 * @param type       what it documents
 * @param recordedAt when it was recorded (the time of its history event)
 * @param recordedBy who recorded it
 * @param source     where it is documented
 * @param reference  where to find it (a document link, a message id, a PO number); may be empty
 * @param note       free text; may be empty
 */
public record Evidence(EvidenceId id, EvidenceType type, Instant recordedAt, Actor recordedBy,
                       EvidenceSource source, String reference, String note) {

    public Evidence {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(recordedAt, "recordedAt");
        Objects.requireNonNull(recordedBy, "recordedBy");
        Objects.requireNonNull(source, "source");
        reference = Checks.requireText(reference, "reference");
        note = Checks.requireText(note, "note");
    }
}
