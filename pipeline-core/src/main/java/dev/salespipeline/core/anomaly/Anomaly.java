package dev.salespipeline.core.anomaly;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Objects;

/**
 * One week's figure outside its normal band, with the figures that say so.
 *
 * @param kind      what was measured
 * @param subject   what it was measured on: {@code evidence-based/proposal}, a rep and a currency
 *                  ({@code rep-ana EUR}), or {@code all deals}
 * @param weekStart the Monday of the week judged (UTC)
 * @param value     the week's figure
 * @param median    the median of the same figure over the baseline weeks
 * @param deviation the spread the value was judged against: the baseline's robust standard deviation
 *                  raised to the figure's noise floor; for a conversion, the binomial spread of the week's share
 * @param score     signed: (value − median) ÷ deviation; for a conversion, the z-score with the same tail
 *                  probability as the week's share under the baseline's
 * @param weeks     how many baseline weeks had the figure
 */
public record Anomaly(Kind kind, String subject, LocalDate weekStart, BigDecimal value, BigDecimal median,
                      BigDecimal deviation, BigDecimal score, int weeks) {

    /** What an anomaly measures. */
    public enum Kind {
        /** Deals entering the stage in the week. */
        STAGE_INFLOW,
        /** Of the deals leaving the stage in the week, the share that moved forward. */
        STAGE_CONVERSION,
        /** Median days in the stage of the deals leaving it in the week. */
        TIME_IN_STAGE,
        /** Growth of a rep's open pipeline over the week, per currency: only growth is flagged. */
        REP_PIPELINE_GROWTH,
        /** Expected close dates moved later during the week. */
        CLOSE_DATES_PUSHED
    }

    public Anomaly {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(weekStart, "weekStart");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(median, "median");
        Objects.requireNonNull(deviation, "deviation");
        Objects.requireNonNull(score, "score");
    }

    /** Such as {@code STAGE_INFLOW on evidence-based/discovery, week of 2026-03-30: 12 against a median of 2 (score 6.7 over 12 weeks)}. */
    @Override
    public String toString() {
        return kind + " on " + subject + ", week of " + weekStart + ": " + value.toPlainString() + " against a median of "
                + median.toPlainString() + " (score " + score.toPlainString() + " over " + weeks + " weeks)";
    }
}
