package dev.salespipeline.rules.scenario;

import java.util.List;
import java.util.Objects;

/** The outcome of every scenario run, in file and line order. */
public record ScenarioReport(List<ScenarioResult> results) {

    public ScenarioReport {
        results = List.copyOf(Objects.requireNonNull(results, "results"));
    }

    public List<ScenarioResult> failures() {
        return results.stream().filter(result -> !result.passed()).toList();
    }

    public boolean allPassed() {
        return failures().isEmpty();
    }

    /** Such as {@code 12 scenarios: 11 passed, 1 failed}. */
    public String summary() {
        int failed = failures().size();
        return results.size() + (results.size() == 1 ? " scenario: " : " scenarios: ") + (results.size() - failed)
                + " passed, " + failed + " failed";
    }
}
