/**
 * Events for a team working on one pipeline: every committed change of a deal, every blocked advance
 * attempt, alerts raised and cleared, and probabilities recalculated, published to registered
 * listeners synchronously and in order per opportunity. Start at {@link
 * dev.salespipeline.core.events.PipelineEvents}; docs/integration.md describes the error policy.
 */
package dev.salespipeline.core.events;
