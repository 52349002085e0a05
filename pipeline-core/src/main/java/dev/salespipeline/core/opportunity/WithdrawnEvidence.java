package dev.salespipeline.core.opportunity;

import java.time.Instant;
import java.util.Objects;

/**
 * Evidence that no longer counts, with when, by whom and why it was withdrawn. Kept for audit.
 *
 * @param evidence    the evidence as it was recorded
 * @param withdrawnAt when it was withdrawn
 * @param withdrawnBy who withdrew it
 * @param reason      why
 */
public record WithdrawnEvidence(Evidence evidence, Instant withdrawnAt, Actor withdrawnBy, String reason) {

    public WithdrawnEvidence {
        Objects.requireNonNull(evidence, "evidence");
        Objects.requireNonNull(withdrawnAt, "withdrawnAt");
        Objects.requireNonNull(withdrawnBy, "withdrawnBy");
        Objects.requireNonNull(reason, "reason");
    }
}
