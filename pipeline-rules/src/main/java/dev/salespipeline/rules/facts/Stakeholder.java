package dev.salespipeline.rules.facts;

/**
 * A person on the buyer's side, as rules see it: {@code Stakeholder( dealId == $gate.dealId,
 * role == "LEGAL" )}. Immutable.
 */
public final class Stakeholder {

    private final String dealId;
    private final String name;
    private final String role;

    public Stakeholder(String dealId, String name, String role) {
        this.dealId = dealId;
        this.name = name;
        this.role = role;
    }

    public String getDealId() {
        return dealId;
    }

    public String getName() {
        return name;
    }

    /** ECONOMIC_BUYER, DECISION_MAKER, CHAMPION, TECHNICAL_EVALUATOR, LEGAL, PROCUREMENT or INFLUENCER. */
    public String getRole() {
        return role;
    }

    @Override
    public String toString() {
        return "Stakeholder[" + dealId + ", " + role + "]";
    }
}
