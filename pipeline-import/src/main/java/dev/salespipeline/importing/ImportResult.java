package dev.salespipeline.importing;

import dev.salespipeline.core.opportunity.Opportunity;

import java.util.List;
import java.util.Objects;

/**
 * The imported opportunities, in the order of the file, and the report of what was read and rejected.
 * With {@link ImportMode#ALL_OR_NOTHING}, {@code opportunities} is empty whenever the report has a problem.
 */
public record ImportResult(List<Opportunity> opportunities, ImportReport report) {

    public ImportResult {
        opportunities = List.copyOf(Objects.requireNonNull(opportunities, "opportunities"));
        Objects.requireNonNull(report, "report");
    }
}
