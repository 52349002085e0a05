/**
 * Imports CRM exports as opportunities with their stage histories: a Salesforce opportunities export
 * (optionally with its OpportunityHistory export), a HubSpot deals export with its "Date entered"
 * columns, or any CSV described by an {@link dev.salespipeline.importing.ImportMapping}.
 *
 * <p>Start at {@link dev.salespipeline.importing.CrmImport}. Every rejected row is reported as an
 * {@link dev.salespipeline.importing.ImportProblem} with file, line, column and reason; a deal is
 * imported whole or not at all. Stage moves made in the CRM are recorded with
 * {@link dev.salespipeline.core.opportunity.GateRecord#imported}, since no gate of this library
 * judged them. docs/importing.md describes the formats, the mapping file and the report.
 */
package dev.salespipeline.importing;
