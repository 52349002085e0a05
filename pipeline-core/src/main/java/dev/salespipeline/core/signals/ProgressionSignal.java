package dev.salespipeline.core.signals;

import java.time.Instant;
import java.util.Objects;

/**
 * One signal found on a deal, with the figures behind it.
 *
 * @param kind        what was seen
 * @param since       the event that shows it (the latest reply, the stakeholder's addition…)
 * @param explanation the figures, in a sentence: "median reply time 4 h over the last 3 replies, was 46 h"
 */
public record ProgressionSignal(SignalKind kind, Instant since, String explanation) {

    public ProgressionSignal {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(since, "since");
        Objects.requireNonNull(explanation, "explanation");
    }
}
