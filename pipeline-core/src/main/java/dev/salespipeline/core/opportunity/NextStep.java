package dev.salespipeline.core.opportunity;

import dev.salespipeline.core.internal.Checks;

import java.time.LocalDate;
import java.util.Objects;

/**
 * What should happen next on a deal, and by when.
 *
 * @param description non-blank
 * @param dueDate     the day it is due
 */
public record NextStep(String description, LocalDate dueDate) {

    public NextStep {
        description = Checks.requireName(description, "nextStep description");
        Objects.requireNonNull(dueDate, "dueDate");
    }

    public static NextStep of(String description, LocalDate dueDate) {
        return new NextStep(description, dueDate);
    }
}
