/**
 * Opportunities and their history. An {@link dev.salespipeline.core.opportunity.Opportunity} is an
 * immutable fold of its {@link dev.salespipeline.core.opportunity.OpportunityEvent events}; the
 * {@link dev.salespipeline.core.opportunity.TransitionService} is the only way to add one, so every
 * stage change passes the {@link dev.salespipeline.core.opportunity.StageMove} rules and, going forward,
 * the gates.
 */
package dev.salespipeline.core.opportunity;
