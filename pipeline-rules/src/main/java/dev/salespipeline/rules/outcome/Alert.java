package dev.salespipeline.rules.outcome;

import dev.salespipeline.core.opportunity.OpportunityId;

import java.time.LocalDate;
import java.util.Objects;

/**
 * Something on a deal that needs attention, raised by an alert rule. Equal alerts are the same
 * alert: re-sweeping an unchanged deal raises equal values, so hosts can diff sweeps.
 *
 * @param opportunityId the deal
 * @param kind          a stable id, such as {@code stalled-in-stage}
 * @param severity      how urgent
 * @param since         the day the condition began
 * @param message       what to do
 * @param origin        the rule and file that raised it
 */
public record Alert(OpportunityId opportunityId, String kind, Severity severity, LocalDate since, String message,
                    String origin) {

    /** How urgent an alert is. */
    public enum Severity {
        ATTENTION,
        WARNING,
        ALERT
    }

    public Alert {
        Objects.requireNonNull(opportunityId, "opportunityId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(since, "since");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(origin, "origin");
    }
}
