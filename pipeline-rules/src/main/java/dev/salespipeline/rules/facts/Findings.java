package dev.salespipeline.rules.facts;

import java.time.LocalDate;

/**
 * Where the reporting methods of the requests deliver what the rules report: the reporting contract of
 * the facts. The library supplies the implementation for every evaluation, attributes each report to
 * the rule that was firing, and checks it (a regression must point backwards, a severity must be one of
 * ATTENTION, WARNING and ALERT); a host never implements it to use the library.
 *
 * <p>Called on the evaluating thread only.
 */
public interface Findings {

    /** {@link GateCheck#unmet}: a criterion of the gate out of {@code exitingStage} is unmet. */
    void unmet(String criterionId, String message, String exitingStage);

    /** {@link Review#recommendRegression}. */
    void recommendRegression(String targetStage, String trigger, String reason);

    /** {@link Review#recommendDisqualification}. */
    void recommendDisqualification(String ground, String reason);

    /** {@link AlertSweep#raise}. */
    void raise(String kind, String severity, LocalDate since, String message);

    /** {@link StageEntry#suggestNextStep}, with the due date already counted from today. */
    void suggestNextStep(String description, LocalDate dueDate);

    /** {@link StageEntry#askForStakeholderMapUpdate}. */
    void askForStakeholderMapUpdate(String message);

    /** {@link StageEntry#notifyManager}. */
    void notifyManager(String message);
}
