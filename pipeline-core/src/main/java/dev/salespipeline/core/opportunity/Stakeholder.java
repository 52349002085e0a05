package dev.salespipeline.core.opportunity;

import dev.salespipeline.core.internal.Checks;

import java.util.Objects;

/**
 * A person on the buyer's side and their role in the decision.
 *
 * @param name non-blank
 * @param role their part in the decision
 */
public record Stakeholder(String name, StakeholderRole role) {

    public Stakeholder {
        name = Checks.requireName(name, "stakeholder name");
        Objects.requireNonNull(role, "role");
    }

    public static Stakeholder of(String name, StakeholderRole role) {
        return new Stakeholder(name, role);
    }
}
