package dev.salespipeline.rules;

import java.util.Objects;

/**
 * One problem found while loading rules: the file, the line (0 when the compiler gives none) and what
 * is wrong.
 *
 * @param file    the rule file's location
 * @param line    1-based line, or 0 when unknown
 * @param message the compiler's or the checker's message
 */
public record RuleProblem(String file, int line, String message) {

    public RuleProblem {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
        return file + (line > 0 ? ":" + line : "") + ": " + message;
    }
}
