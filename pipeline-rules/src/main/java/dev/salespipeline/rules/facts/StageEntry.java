package dev.salespipeline.rules.facts;


import java.time.LocalDate;

/**
 * The request workflow hooks answer: deal {@link #getDealId()} just entered stage {@link #getStage()}
 * (from {@link #getFrom()}, by {@link #getMove()}); what should happen now?
 *
 * <pre>
 * rule "Entering Proposal: tell the manager"
 * when
 *     $entry : StageEntry( pipeline == "evidence-based", stage == "proposal" )
 * then
 *     $entry.notifyManager( "A deal reached Proposal: join the review." );
 * end
 * </pre>
 *
 * Created by the library for one evaluation; not thread-safe.
 */
public final class StageEntry {

    private final String dealId;
    private final String pipeline;
    private final String stage;
    private final String stageKind;
    private final String from;
    private final String move;
    private final String owner;
    private final LocalDate today;
    private final LocalDate enteredOn;
    private final Findings findings;

    /** Created by the library; hosts do not build stage entries. */
    public StageEntry(String dealId, String pipeline, String stage, String stageKind, String from, String move,
                      String owner, LocalDate today, LocalDate enteredOn, Findings findings) {
        this.dealId = dealId;
        this.pipeline = pipeline;
        this.stage = stage;
        this.stageKind = stageKind;
        this.from = from;
        this.move = move;
        this.owner = owner;
        this.today = today;
        this.enteredOn = enteredOn;
        this.findings = findings;
    }

    public String getDealId() {
        return dealId;
    }

    public String getPipeline() {
        return pipeline;
    }

    /** The stage id just entered. */
    public String getStage() {
        return stage;
    }

    /** OPEN, NURTURE, WON, LOST or DISQUALIFIED. */
    public String getStageKind() {
        return stageKind;
    }

    /** The stage id the deal left. */
    public String getFrom() {
        return from;
    }

    /** How it moved: ADVANCE, WIN, REGRESS, NURTURE, REACTIVATE, LOSE, DISQUALIFY or REOPEN. */
    public String getMove() {
        return move;
    }

    /** The deal's owner, whose manager a notification goes to. */
    public String getOwner() {
        return owner;
    }

    /** The day the hooks run, which may be later than the entry when the host reports it late. */
    public LocalDate getToday() {
        return today;
    }

    /** The day (UTC) the deal entered the stage. */
    public LocalDate getEnteredOn() {
        return enteredOn;
    }

    /**
     * Proposes the next step {@code description}, due {@code dueInDays} days after the deal entered the
     * stage: the clock starts at the move, not at whenever the hooks happen to run.
     */
    public void suggestNextStep(String description, int dueInDays) {
        findings.suggestNextStep(description, enteredOn.plusDays(dueInDays));
    }

    /** Prompts the rep to update the stakeholder map, saying why. */
    public void askForStakeholderMapUpdate(String message) {
        findings.askForStakeholderMapUpdate(message);
    }

    /** Notifies the owner's manager. */
    public void notifyManager(String message) {
        findings.notifyManager(message);
    }
}
