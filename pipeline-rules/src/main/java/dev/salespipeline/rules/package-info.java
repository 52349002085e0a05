/**
 * Drools integration of sales-pipeline: exit criteria, regression, disqualification and alert rules
 * as DRL files that analysts own. The rule-backed {@link dev.salespipeline.core.gate.GateEvaluator}
 * arrives with the rules issue; this module holds the build wiring until then.
 */
package dev.salespipeline.rules;
