package dev.salespipeline.rules.facts;


import java.time.LocalDate;
import java.util.List;

/**
 * The request a gate rule answers: may deal {@link #getDealId()} leave stage {@link #getExiting()}
 * for {@link #getEntering()}? One gate per check; when a deal skips stages, each skipped gate is its
 * own check. A rule that finds a criterion unmet calls {@link #unmet(String, String)}:
 *
 * <pre>
 * rule "Discovery exit: budget range confirmed"
 * when
 *     $gate : GateCheck( pipeline == "evidence-based", exiting == "discovery" )
 *     not Evidence( dealId == $gate.dealId, type == "budget-range-confirmed" )
 * then
 *     $gate.unmet( "budget-range-confirmed", "Confirm the buyer's budget range." );
 * end
 * </pre>
 *
 * Created by the library for one evaluation; not thread-safe.
 */
public final class GateCheck {

    private final String dealId;
    private final String pipeline;
    private final String exiting;
    private final String entering;
    private final String enteringName;
    private final List<String> enteringRequiredFields;
    private final List<String> enteringMissingFields;
    private final LocalDate today;
    private final Findings findings;

    /** Created by the library; hosts do not build checks. */
    public GateCheck(String dealId, String pipeline, String exiting, String entering, String enteringName,
                     List<String> enteringRequiredFields, List<String> enteringMissingFields, LocalDate today,
                     Findings findings) {
        this.dealId = dealId;
        this.pipeline = pipeline;
        this.exiting = exiting;
        this.entering = entering;
        this.enteringName = enteringName;
        this.enteringRequiredFields = List.copyOf(enteringRequiredFields);
        this.enteringMissingFields = List.copyOf(enteringMissingFields);
        this.today = today;
        this.findings = findings;
    }

    public String getDealId() {
        return dealId;
    }

    /** The pipeline id, such as {@code "evidence-based"}. */
    public String getPipeline() {
        return pipeline;
    }

    /** The id of the stage being left, whose exit criteria apply. */
    public String getExiting() {
        return exiting;
    }

    /** The id of the stage being entered, whose required fields apply. */
    public String getEntering() {
        return entering;
    }

    /** The display name of the stage being entered, for messages. */
    public String getEnteringName() {
        return enteringName;
    }

    /** The fields the entered stage requires, by name. */
    public List<String> getEnteringRequiredFields() {
        return enteringRequiredFields;
    }

    /**
     * The entered stage's required fields that the deal has not filled, in the order the stage lists
     * them. Cheaper to match than {@code enteringRequiredFields} filtered by {@code Deal.isFilled}:
     * {@code from} over it makes no fact for a field that is filled.
     */
    public List<String> getEnteringMissingFields() {
        return enteringMissingFields;
    }

    /** The evaluation's date (UTC). */
    public LocalDate getToday() {
        return today;
    }

    /**
     * Reports a criterion this deal has not met.
     *
     * @param criterionId a stable id, such as {@code "budget-range-confirmed"}
     * @param message     what the buyer still has to do, in words the rep acts on
     */
    public void unmet(String criterionId, String message) {
        findings.unmet(criterionId, message, exiting);
    }

    @Override
    public String toString() {
        return "GateCheck[" + dealId + ", " + exiting + " -> " + entering + "]";
    }
}
