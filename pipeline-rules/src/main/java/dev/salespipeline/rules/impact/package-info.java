/**
 * Impact analysis: what a candidate rule set would change on a portfolio, before it is deployed —
 * gate decisions that flip, alerts and recommendations added or removed, and the effect on the
 * weighted pipeline and the period forecast if the recommendations were followed. Start at {@link
 * dev.salespipeline.rules.impact.RuleImpact}.
 */
package dev.salespipeline.rules.impact;
