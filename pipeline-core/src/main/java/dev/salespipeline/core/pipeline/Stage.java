package dev.salespipeline.core.pipeline;

import dev.salespipeline.core.InvalidValueException;
import dev.salespipeline.core.internal.Checks;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A stage of a pipeline: a buyer milestone with a default win probability, an expected duration, the
 * fields a deal must have filled to be in it, and guidance for the rep on what the buyer must have
 * done to leave it.
 *
 * <p>Kind-specific rules: a WON stage has probability 1, LOST and DISQUALIFIED stages probability 0;
 * OPEN and NURTURE stages have a positive expected duration, terminal stages a zero one.
 *
 * <p>Immutable and thread-safe. Build one with {@link #builder(String, String, StageKind)} or through
 * {@link PipelineDefinition.Builder}.
 *
 * @param id                     unique within the pipeline
 * @param displayName            what people see
 * @param kind                   what the stage means
 * @param defaultWinProbability  the configured probability before calibration from history
 * @param expectedDuration       how long a deal normally stays (the average that alerts compare to)
 * @param requiredFields         fields that must be filled while a deal is in this stage
 * @param guidance               what the buyer must have done to leave this stage; may be empty
 */
public record Stage(
        StageId id,
        String displayName,
        StageKind kind,
        Probability defaultWinProbability,
        Duration expectedDuration,
        Set<OpportunityField> requiredFields,
        String guidance) {

    public Stage {
        Objects.requireNonNull(id, "id");
        displayName = Checks.requireName(displayName, "displayName");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(defaultWinProbability, "defaultWinProbability");
        Objects.requireNonNull(expectedDuration, "expectedDuration");
        // Declaration order is kept: it is the order in which unmet fields are reported, on every JVM.
        requiredFields = java.util.Collections.unmodifiableSet(
                new LinkedHashSet<>(Checks.requireSize(requiredFields, "requiredFields")));
        guidance = Checks.requireText(guidance, "guidance");
        switch (kind) {
            case WON -> requireProbability(id, defaultWinProbability, Probability.ONE);
            case LOST, DISQUALIFIED -> requireProbability(id, defaultWinProbability, Probability.ZERO);
            default -> { }
        }
        if (kind.isTerminal()) {
            if (!expectedDuration.isZero()) {
                throw new InvalidValueException("expectedDuration of stage " + id, expectedDuration,
                        "must be zero for a " + kind + " stage, which a deal never leaves on its own");
            }
        } else if (expectedDuration.isZero() || expectedDuration.isNegative()) {
            throw new InvalidValueException("expectedDuration of stage " + id, expectedDuration, "must be positive");
        }
    }

    private static void requireProbability(StageId id, Probability actual, Probability expected) {
        if (actual.compareTo(expected) != 0) {
            throw new InvalidValueException("defaultWinProbability of stage " + id, actual, "must be " + expected);
        }
    }

    public static Builder builder(String id, String displayName, StageKind kind) {
        return new Builder(id, displayName, kind);
    }

    /** Whether a deal in this stage counts as open pipeline. */
    public boolean isOpen() {
        return kind == StageKind.OPEN;
    }

    /** Whether this stage closes a deal (won, lost or disqualified). */
    public boolean isTerminal() {
        return kind.isTerminal();
    }

    @Override
    public String toString() {
        return displayName + " (" + id + ", " + kind + ")";
    }

    /**
     * Builds a {@link Stage}. Defaults: probability 1 for WON, 0 otherwise; expected duration 14 days
     * for OPEN and NURTURE stages, zero for terminal ones; no required fields; empty guidance.
     * Not thread-safe; use one builder per thread.
     */
    public static final class Builder {

        private final StageId id;
        private final String displayName;
        private final StageKind kind;
        private Probability winProbability;
        private Duration expectedDuration;
        private final Set<OpportunityField> requiredFields = new LinkedHashSet<>();
        private String guidance = "";

        Builder(String id, String displayName, StageKind kind) {
            this.id = StageId.of(id);
            this.displayName = Checks.requireName(displayName, "displayName");
            this.kind = Objects.requireNonNull(kind, "kind");
            this.winProbability = kind == StageKind.WON ? Probability.ONE : Probability.ZERO;
            this.expectedDuration = kind.isTerminal() ? Duration.ZERO : Duration.ofDays(14);
        }

        public Builder winProbability(String probability) {
            return winProbability(Probability.of(probability));
        }

        public Builder winProbability(Probability probability) {
            this.winProbability = Objects.requireNonNull(probability, "probability");
            return this;
        }

        public Builder expectedDuration(Duration duration) {
            this.expectedDuration = Objects.requireNonNull(duration, "duration");
            return this;
        }

        public Builder expectedDays(long days) {
            return expectedDuration(Duration.ofDays(days));
        }

        public Builder requiredFields(OpportunityField... fields) {
            requiredFields.addAll(List.of(fields));
            return this;
        }

        public Builder guidance(String guidance) {
            this.guidance = Objects.requireNonNull(guidance, "guidance");
            return this;
        }

        public Stage build() {
            return new Stage(id, displayName, kind, winProbability, expectedDuration, requiredFields, guidance);
        }
    }
}
