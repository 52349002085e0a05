package dev.salespipeline.rules.facts;

import dev.salespipeline.core.opportunity.Opportunity;
import dev.salespipeline.core.opportunity.OpportunityDetails;
import dev.salespipeline.core.opportunity.Stakeholder;
import dev.salespipeline.core.pipeline.OpportunityField;
import dev.salespipeline.core.signals.ProgressionSignals;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The deal as rules see it: a read-only snapshot of an opportunity taken at the evaluation's "now".
 * Day counts are whole days in UTC.
 *
 * <p>Rule authors write {@code Deal( stage == "proposal", daysInStage > 30 )}; every getter below is
 * a property name ({@code getDaysInStage()} is {@code daysInStage}). Immutable and thread-safe.
 */
public final class Deal {

    private final Opportunity opportunity;
    private final Instant now;
    /** Read from the whole history, so computed only for rules that ask; one evaluation, one thread. */
    private Set<String> signals;

    public Deal(Opportunity opportunity, Instant now) {
        this.opportunity = opportunity;
        this.now = now;
    }

    private OpportunityDetails details() {
        return opportunity.details();
    }

    /** The opportunity id. */
    public String getId() {
        return opportunity.id().value();
    }

    public String getPipeline() {
        return opportunity.pipeline().id().value();
    }

    /** The current stage id, such as {@code "proposal"}. */
    public String getStage() {
        return opportunity.stageId().value();
    }

    /** OPEN, NURTURE, WON, LOST or DISQUALIFIED. */
    public String getStageKind() {
        return opportunity.stage().kind().name();
    }

    /** Position on the track: 0 for the first open stage; -1 for nurture, lost and disqualified. */
    public int getStagePosition() {
        return opportunity.pipeline().trackPosition(opportunity.stageId());
    }

    /** The deal's value amount, in {@link #getCurrency()}. */
    public BigDecimal getValue() {
        return details().value().amount().amount();
    }

    /** ISO 4217 code of the value, such as {@code "EUR"}. */
    public String getCurrency() {
        return details().value().amount().currency().getCurrencyCode();
    }

    /** TCV, ACV, FIRST_YEAR or LTV. */
    public String getValueKind() {
        return details().value().kind().name();
    }

    public String getAccount() {
        return details().account();
    }

    public String getOwner() {
        return details().owner();
    }

    /** Empty text when not filled; likewise region, channel and source. */
    public String getSegment() {
        return details().segment().orElse("");
    }

    public String getRegion() {
        return details().region().orElse("");
    }

    public String getChannel() {
        return details().channel().orElse("");
    }

    public String getSource() {
        return details().source().orElse("");
    }

    public LocalDate getExpectedCloseDate() {
        return details().expectedCloseDate();
    }

    /** Days from today to the expected close date; negative once it has passed. */
    public long getDaysToExpectedClose() {
        return ChronoUnit.DAYS.between(today(), details().expectedCloseDate());
    }

    /** Whole days since the deal entered its current stage. */
    public long getDaysInStage() {
        return Duration.between(opportunity.stageEnteredAt(), now).toDays();
    }

    /** The day (UTC) the deal entered its current stage. */
    public LocalDate getStageEnteredOn() {
        return LocalDate.ofInstant(opportunity.stageEnteredAt(), ZoneOffset.UTC);
    }

    /** The day (UTC) of the last activity, or of creation when none was logged. */
    public LocalDate getLastActivityOn() {
        return LocalDate.ofInstant(opportunity.lastActivityAt().orElse(opportunity.createdAt()), ZoneOffset.UTC);
    }

    /** Whole days since the buyer last reached out, or -1 when the buyer never did. */
    public long getDaysSinceLastBuyerActivity() {
        return lastBuyerActivity().map(at -> Duration.between(at, now).toDays()).orElse(-1L);
    }

    /** The day (UTC) the buyer last reached out, or the deal's creation day when the buyer never did. */
    public LocalDate getLastBuyerActivityOn() {
        return LocalDate.ofInstant(lastBuyerActivity().orElse(opportunity.createdAt()), ZoneOffset.UTC);
    }

    private java.util.Optional<Instant> lastBuyerActivity() {
        Instant last = null;
        for (dev.salespipeline.core.opportunity.Activity activity : opportunity.activities()) {
            if (activity.direction() == dev.salespipeline.core.opportunity.ActivityDirection.FROM_BUYER
                    && (last == null || activity.occurredAt().isAfter(last))) {
                last = activity.occurredAt();
            }
        }
        return java.util.Optional.ofNullable(last);
    }

    /** The next step's due date, or the expected close date when no next step is set. */
    public LocalDate getNextStepDue() {
        return details().nextStep().map(step -> step.dueDate()).orElse(details().expectedCloseDate());
    }

    /** Whole days since the deal was created. */
    public long getAgeDays() {
        return Duration.between(opportunity.createdAt(), now).toDays();
    }

    /** Whole days since the last activity, or since creation when none was logged. */
    public long getDaysSinceLastActivity() {
        return Duration.between(opportunity.lastActivityAt().orElse(opportunity.createdAt()), now).toDays();
    }

    /** The number of activities logged. */
    public int getActivityCount() {
        return opportunity.activities().size();
    }

    /** The number of active (not withdrawn) evidence items. */
    public int getEvidenceCount() {
        return opportunity.evidence().size();
    }

    /** Whether the next step is set and its due date has passed. */
    public boolean isNextStepOverdue() {
        return details().nextStep().map(step -> step.dueDate().isBefore(today())).orElse(false);
    }

    /** Whether active evidence of this type exists, such as {@code hasEvidence("legal-review-started")}. */
    public boolean hasEvidence(String type) {
        // A deal holds a handful of items: scanning them is cheaper than building a set per snapshot.
        for (dev.salespipeline.core.opportunity.Evidence item : opportunity.evidence()) {
            if (item.type().id().equals(type)) {
                return true;
            }
        }
        return false;
    }

    /** Whether a stakeholder has this role, such as {@code hasStakeholder("ECONOMIC_BUYER")}. */
    public boolean hasStakeholder(String role) {
        for (Stakeholder person : details().stakeholders()) {
            if (person.role().name().equals(role)) {
                return true;
            }
        }
        return false;
    }

    /** Whether a field is filled, by its name in the pipeline definition ({@code "nextStep"}, {@code "attribute:portal"}). */
    public boolean isFilled(String field) {
        return details().isFilled(OpportunityField.of(field));
    }

    public int getCompetitorCount() {
        return details().competitors().size();
    }

    public int getProductCount() {
        return details().products().size();
    }

    /**
     * The deal's progression signals now, by rule name: {@code engagement-rising},
     * {@code new-stakeholders}, {@code implementation-questions}, {@code competitive-narrowing},
     * {@code buyer-time-invested}, {@code ghosting}. Write {@code Deal( signals contains "ghosting" )}
     * or {@code Deal( signals.size() == 0 )}.
     */
    public Set<String> getSignals() {
        if (signals == null) {
            signals = ProgressionSignals.of(opportunity, now).stream().map(signal -> signal.kind().ruleName())
                    .collect(Collectors.toUnmodifiableSet());
        }
        return signals;
    }

    private LocalDate today() {
        return LocalDate.ofInstant(now, ZoneOffset.UTC);
    }

    @Override
    public String toString() {
        return "Deal[" + getId() + ", stage=" + getStage() + "]";
    }
}
