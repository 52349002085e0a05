/**
 * Evidence types: what a documented buyer action shows. {@link dev.salespipeline.core.evidence.EvidenceTypes}
 * is the default catalogue covering every default exit criterion.
 */
package dev.salespipeline.core.evidence;
