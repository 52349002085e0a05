package dev.salespipeline.core.signals;

import java.util.Locale;

/** The progression signals of the domain brief; all positive but ghosting. */
public enum SignalKind {
    /** The buyer replies faster than before (48 hours down to the same day). */
    ENGAGEMENT_RISING(true),
    /** New stakeholders joined the deal recently (finance, legal, procurement weigh most). */
    NEW_STAKEHOLDERS(true),
    /** The buyer asked how implementation would work. */
    IMPLEMENTATION_QUESTIONS(true),
    /** The buyer narrowed the field of vendors, and we are still in it. */
    COMPETITIVE_NARROWING(true),
    /** The buyer spends more of their own time on the deal than before. */
    BUYER_TIME_INVESTED(true),
    /** The buyer stopped responding despite follow-ups. */
    GHOSTING(false);

    private final boolean positive;

    SignalKind(boolean positive) {
        this.positive = positive;
    }

    /** Whether the signal speaks for the deal (all but ghosting). */
    public boolean isPositive() {
        return positive;
    }

    /** The name rules use: lower case with hyphens ({@code engagement-rising}). */
    public String ruleName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
