package dev.salespipeline.core.opportunity;

/** The part a person plays in the buyer's decision. */
public enum StakeholderRole {
    ECONOMIC_BUYER,
    DECISION_MAKER,
    CHAMPION,
    TECHNICAL_EVALUATOR,
    LEGAL,
    PROCUREMENT,
    INFLUENCER
}
