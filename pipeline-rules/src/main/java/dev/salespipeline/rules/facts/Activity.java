package dev.salespipeline.rules.facts;

import java.time.Duration;
import java.time.Instant;

/**
 * A touchpoint on a deal, as rules see it: {@code Activity( dealId == $r.dealId, direction ==
 * "FROM_BUYER", daysAgo < 7 )}. Immutable.
 */
public final class Activity {

    private final String dealId;
    private final String type;
    private final String direction;
    private final Instant occurredAt;
    private final long daysAgo;
    private final boolean inCurrentStage;

    public Activity(String dealId, String type, String direction, Instant occurredAt, Instant now,
                    boolean inCurrentStage) {
        this.dealId = dealId;
        this.type = type;
        this.direction = direction;
        this.occurredAt = occurredAt;
        this.daysAgo = Duration.between(occurredAt, now).toDays();
        this.inCurrentStage = inCurrentStage;
    }

    public String getDealId() {
        return dealId;
    }

    /** CALL, EMAIL, MEETING, DEMO, MESSAGE or OTHER. */
    public String getType() {
        return type;
    }

    /** FROM_BUYER, TO_BUYER or INTERNAL. */
    public String getDirection() {
        return direction;
    }

    public Instant getOccurredAt() {
        return occurredAt;
    }

    /** Whole days since it happened. */
    public long getDaysAgo() {
        return daysAgo;
    }

    /** Whether it happened after the deal entered its current stage. */
    public boolean isInCurrentStage() {
        return inCurrentStage;
    }

    @Override
    public String toString() {
        return "Activity[" + dealId + ", " + type + "]";
    }
}
