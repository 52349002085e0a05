package dev.salespipeline.core.gate;

import dev.salespipeline.core.InvalidValueException;
import dev.salespipeline.core.evidence.EvidenceType;
import dev.salespipeline.core.internal.Checks;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * An exit criterion of the plain-Java evaluator: met when the deal has active evidence of any one of
 * the listed types.
 *
 * @param id          stable id reported when unmet
 * @param message     what the buyer still has to do
 * @param satisfiedBy the evidence types, any one of which meets the criterion
 */
public record ExitCriterion(String id, String message, Set<EvidenceType> satisfiedBy) {

    public ExitCriterion {
        id = Checks.requireName(id, "criterion id");
        message = Checks.requireName(message, "criterion message");
        satisfiedBy = java.util.Collections.unmodifiableSet(
                new LinkedHashSet<>(Checks.requireSize(satisfiedBy, "satisfiedBy")));
        if (satisfiedBy.isEmpty()) {
            throw new InvalidValueException("satisfiedBy of criterion " + id, satisfiedBy,
                    "must name at least one evidence type");
        }
    }

    /** A criterion met by evidence of any of these types. */
    public static ExitCriterion of(String id, String message, EvidenceType... satisfiedBy) {
        return new ExitCriterion(id, message, new LinkedHashSet<>(java.util.List.of(satisfiedBy)));
    }

    /** A criterion met by evidence of this type, with the type's id as criterion id. */
    public static ExitCriterion evidence(EvidenceType type, String message) {
        return of(type.id(), message, type);
    }
}
