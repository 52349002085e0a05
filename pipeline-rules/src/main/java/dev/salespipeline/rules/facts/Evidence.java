package dev.salespipeline.rules.facts;

import java.time.Duration;
import java.time.Instant;

/**
 * One active piece of evidence on a deal, as rules see it: {@code Evidence( dealId == $gate.dealId,
 * type == "legal-review-started" )}. Withdrawn evidence is never a fact. Immutable.
 */
public final class Evidence {

    private final String dealId;
    private final String type;
    private final String source;
    private final Instant recordedAt;
    private final String recordedBy;
    private final boolean recordedInCurrentStage;
    private final long ageDays;

    public Evidence(String dealId, String type, String source, Instant recordedAt, String recordedBy,
                    boolean recordedInCurrentStage, Instant now) {
        this.dealId = dealId;
        this.type = type;
        this.source = source;
        this.recordedAt = recordedAt;
        this.recordedBy = recordedBy;
        this.recordedInCurrentStage = recordedInCurrentStage;
        this.ageDays = Duration.between(recordedAt, now).toDays();
    }

    public String getDealId() {
        return dealId;
    }

    /** The evidence type id, such as {@code "budget-range-confirmed"}. */
    public String getType() {
        return type;
    }

    /** MEETING_NOTES, EMAIL, DOCUMENT, CALL or SYSTEM. */
    public String getSource() {
        return source;
    }

    public Instant getRecordedAt() {
        return recordedAt;
    }

    public String getRecordedBy() {
        return recordedBy;
    }

    /** Whether it was recorded after the deal's last stage change; old setbacks do not count twice. */
    public boolean isRecordedInCurrentStage() {
        return recordedInCurrentStage;
    }

    /** Whole days since it was recorded. */
    public long getAgeDays() {
        return ageDays;
    }

    @Override
    public String toString() {
        return "Evidence[" + dealId + ", " + type + "]";
    }
}
