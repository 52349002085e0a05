package dev.salespipeline.rules.facts;


import java.time.LocalDate;

/**
 * The request regression and disqualification rules answer: should deal {@link #getDealId()} move
 * back, or leave the pipeline? Rules recommend; people decide, through the transition service.
 *
 * <pre>
 * rule "Regress when the champion left"
 * when
 *     $review : Review( stageKind == "OPEN", stagePosition &gt; 0 )
 *     Evidence( dealId == $review.dealId, type == "champion-left", recordedInCurrentStage )
 * then
 *     $review.recommendRegression( "discovery", "champion-left", "The champion left: rebuild the relationship." );
 * end
 * </pre>
 *
 * Created by the library for one evaluation; not thread-safe.
 */
public final class Review {

    private final String dealId;
    private final String pipeline;
    private final String stage;
    private final String stageKind;
    private final int stagePosition;
    private final LocalDate today;
    private final Findings findings;

    /** Created by the library; hosts do not build reviews. */
    public Review(String dealId, String pipeline, String stage, String stageKind, int stagePosition, LocalDate today,
                  Findings findings) {
        this.dealId = dealId;
        this.pipeline = pipeline;
        this.stage = stage;
        this.stageKind = stageKind;
        this.stagePosition = stagePosition;
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

    /** Position on the track: 0 for the first open stage; -1 off the track. */
    public int getStagePosition() {
        return stagePosition;
    }

    public LocalDate getToday() {
        return today;
    }

    /**
     * Recommends moving the deal back. The target must be an open stage before the current one, or
     * the pipeline's nurture stage; anything else fails the evaluation with an error naming the rule.
     *
     * @param targetStage the stage id to move back to
     * @param trigger     a stable id of what happened, such as {@code "champion-left"}
     * @param reason      the explanation for the rep and the manager
     */
    public void recommendRegression(String targetStage, String trigger, String reason) {
        findings.recommendRegression(targetStage, trigger, reason);
    }

    /**
     * Recommends disqualifying the deal.
     *
     * @param ground a stable id of the ground, such as {@code "chose-competitor"}
     * @param reason the explanation for the rep and the manager
     */
    public void recommendDisqualification(String ground, String reason) {
        findings.recommendDisqualification(ground, reason);
    }

    @Override
    public String toString() {
        return "Review[" + dealId + ", " + stage + "]";
    }
}
