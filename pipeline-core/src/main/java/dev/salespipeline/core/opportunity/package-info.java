/**
 * Opportunities and their history. An {@link dev.salespipeline.core.opportunity.Opportunity} is an
 * immutable fold of its {@link dev.salespipeline.core.opportunity.OpportunityEvent events}, each checked
 * as it is folded: every stage change passes the {@link dev.salespipeline.core.opportunity.StageMove}
 * rules. The gates are consulted by the business actions of
 * {@link dev.salespipeline.core.transition.TransitionService}; a recorded history (from storage or an
 * import) keeps its gate records as recorded.
 */
package dev.salespipeline.core.opportunity;

