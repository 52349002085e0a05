package dev.salespipeline.core.metrics;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Objects;
import java.util.Optional;

/**
 * How deals left one open stage: forward (advanced or won), backward (regressed) or out of the
 * active pipeline (nurtured, lost, disqualified). Shares are of all exits, to four decimal places.
 *
 * @param stage    the stage
 * @param forward  exits forward
 * @param backward exits backward
 * @param out      exits out of the active pipeline
 */
public record StageConversion(StageKey stage, int forward, int backward, int out) {

    public StageConversion {
        Objects.requireNonNull(stage, "stage");
    }

    public int exits() {
        return forward + backward + out;
    }

    /** Share of exits that moved forward; empty when no deal has left the stage. */
    public Optional<BigDecimal> forwardShare() {
        return share(forward);
    }

    public Optional<BigDecimal> backwardShare() {
        return share(backward);
    }

    public Optional<BigDecimal> outShare() {
        return share(out);
    }

    private Optional<BigDecimal> share(int part) {
        return exits() == 0 ? Optional.empty()
                : Optional.of(BigDecimal.valueOf(part).divide(BigDecimal.valueOf(exits()), 4, RoundingMode.HALF_EVEN));
    }
}
