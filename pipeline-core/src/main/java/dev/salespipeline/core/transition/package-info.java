/**
 * Changing opportunities and keeping them: {@link dev.salespipeline.core.transition.TransitionService},
 * the business actions that consult the gates (advance, override, regress, win, lose…), and
 * {@link dev.salespipeline.core.transition.OpportunityStore}, an in-memory store that loses no update.
 * Depends on the model ({@code opportunity}), the gates and the events; nothing in the model depends
 * on it.
 */
package dev.salespipeline.core.transition;
