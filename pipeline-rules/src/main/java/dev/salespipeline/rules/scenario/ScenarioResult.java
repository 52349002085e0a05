package dev.salespipeline.rules.scenario;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * One scenario's outcome.
 *
 * @param file    the scenario file
 * @param line    the line of the failing step, or of the scenario's title when it passed
 * @param name    the scenario's title
 * @param failure what went wrong, empty when the scenario passed
 */
public record ScenarioResult(Path file, int line, String name, Optional<String> failure) {

    public ScenarioResult {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(failure, "failure");
    }

    public boolean passed() {
        return failure.isEmpty();
    }

    /** Throws an {@link AssertionError} with {@link #toString()} when the scenario failed: for JUnit's dynamic tests. */
    public void assertPassed() {
        if (!passed()) {
            throw new AssertionError(toString());
        }
    }

    /** {@code file:line: name: failure}, or {@code file:line: name: passed}. */
    @Override
    public String toString() {
        return file.getFileName() + ":" + line + ": " + name + ": " + failure.orElse("passed");
    }
}
