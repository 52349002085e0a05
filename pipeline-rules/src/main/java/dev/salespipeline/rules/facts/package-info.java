/**
 * The facts rules are written against: the stable, documented rule-facing types of sales-pipeline.
 * {@link dev.salespipeline.rules.facts.Deal}, {@link dev.salespipeline.rules.facts.Evidence},
 * {@link dev.salespipeline.rules.facts.Stakeholder} and {@link dev.salespipeline.rules.facts.Activity}
 * describe one deal; {@link dev.salespipeline.rules.facts.GateCheck} and
 * {@link dev.salespipeline.rules.facts.Review} are the requests rules answer, through their
 * reporting methods. docs/rules-guide.md is the reference for analysts.
 */
package dev.salespipeline.rules.facts;
