package dev.salespipeline.rules.facts;

import java.time.LocalDate;
import java.util.List;

import dev.salespipeline.rules.outcome.Alert;

/**
 * The request alert rules answer: what needs attention on deal {@link #getDealId()} today? A rule
 * raises an alert with {@link #raise(String, String, LocalDate, String)}:
 *
 * <pre>
 * rule "Alert when a deal has stayed twice its stage's average"
 * when
 *     $sweep : AlertSweep( stageKind == "OPEN", daysInStage &gt;= averageDaysInStage * 2 )
 * then
 *     $sweep.raise( "stalled-in-stage", "ALERT", $sweep.afterStageEntry( $sweep.getAverageDaysInStage() * 2 ),
 *             "Twice the stage's average time: inspect the deal." );
 * end
 * </pre>
 *
 * Created by the library for one evaluation; not thread-safe.
 */
public final class AlertSweep {

    private final String dealId;
    private final String pipeline;
    private final String stage;
    private final String stageKind;
    private final long averageDaysInStage;
    private final long daysInStage;
    private final LocalDate stageEnteredOn;
    private final dev.salespipeline.core.metrics.DayCount dayCount;
    private final List<String> requiredFields;
    private final List<String> missingRequiredFields;
    private final LocalDate today;
    private final Findings findings;

    /** Created by the library; hosts do not build sweeps. */
    public AlertSweep(String dealId, String pipeline, String stage, String stageKind, long averageDaysInStage,
                      long daysInStage, LocalDate stageEnteredOn, dev.salespipeline.core.metrics.DayCount dayCount,
                      List<String> requiredFields, List<String> missingRequiredFields, LocalDate today,
                      Findings findings) {
        this.dealId = dealId;
        this.pipeline = pipeline;
        this.stage = stage;
        this.stageKind = stageKind;
        this.averageDaysInStage = averageDaysInStage;
        this.daysInStage = daysInStage;
        this.stageEnteredOn = stageEnteredOn;
        this.dayCount = dayCount;
        this.requiredFields = List.copyOf(requiredFields);
        this.missingRequiredFields = List.copyOf(missingRequiredFields);
        this.today = today;
        this.findings = findings;
    }

    public String getDealId() {
        return dealId;
    }

    public String getPipeline() {
        return pipeline;
    }

    /** The deal's current stage id. */
    public String getStage() {
        return stage;
    }

    /** OPEN, NURTURE, WON, LOST or DISQUALIFIED. */
    public String getStageKind() {
        return stageKind;
    }

    /**
     * The stage's average in whole days (at least 1), calendar or working as the host chose: the median
     * (or chosen percentile) from history when there is enough of it, else the configured duration.
     */
    public long getAverageDaysInStage() {
        return averageDaysInStage;
    }

    /** Days the deal has been in its stage, counted as the averages are (calendar or working days). */
    public long getDaysInStage() {
        return daysInStage;
    }

    /** The date {@code days} days after the deal entered its stage, counted as the averages are. */
    public LocalDate afterStageEntry(long days) {
        return dayCount.plus(stageEnteredOn, days);
    }

    /** The fields the deal's current stage requires, by name. */
    public List<String> getRequiredFields() {
        return requiredFields;
    }

    /**
     * The required fields the deal has not filled, in the order the stage lists them. Cheaper to
     * match than {@code requiredFields} filtered by {@code Deal.isFilled}: {@code from} over it makes
     * no fact for a field that is filled.
     */
    public List<String> getMissingRequiredFields() {
        return missingRequiredFields;
    }

    public LocalDate getToday() {
        return today;
    }

    /**
     * Raises an alert on the deal.
     *
     * @param kind     a stable id, such as {@code "no-activity"}
     * @param severity {@code ATTENTION}, {@code WARNING} or {@code ALERT}
     * @param since    the day the condition began, derived from the deal's data (so that re-sweeping an
     *                 unchanged deal raises the same alert)
     * @param message  what to do, for the rep and the manager
     */
    public void raise(String kind, String severity, LocalDate since, String message) {
        findings.raise(kind, severity, since, message);
    }

    @Override
    public String toString() {
        return "AlertSweep[" + dealId + ", " + stage + "]";
    }
}
