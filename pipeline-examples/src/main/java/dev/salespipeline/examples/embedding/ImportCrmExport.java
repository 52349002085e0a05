package dev.salespipeline.examples.embedding;

import dev.salespipeline.core.gate.GateDecision;
import dev.salespipeline.core.gate.UnmetCriterion;
import dev.salespipeline.core.metrics.PipelineMetrics;
import dev.salespipeline.core.opportunity.Opportunity;
import dev.salespipeline.core.pipeline.DefaultPipelines;
import dev.salespipeline.importing.CrmImport;
import dev.salespipeline.importing.ImportMapping;
import dev.salespipeline.importing.ImportMode;
import dev.salespipeline.importing.ImportProblem;
import dev.salespipeline.importing.ImportResult;
import dev.salespipeline.rules.PipelineRules;
import dev.salespipeline.rules.RuleSources;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;

/**
 * A host adopting the library with its Salesforce history: map its stages onto the evidence-based
 * pipeline, import the opportunities and their OpportunityHistory export, report what was rejected,
 * compute metrics over the imported history, and see that an imported deal's next gate asks for
 * evidence — the CRM's stage moves are history, but progress from here on is earned.
 */
public final class ImportCrmExport {

    private ImportCrmExport() {
    }

    /** Runs the example on an export pair such as {@code pipeline-examples/imports}. */
    public static void run(PrintStream out, Clock clock, Path opportunitiesFile, Path historyFile) {
        // doc-region: import
        ImportMapping mapping = ImportMapping.salesforce().toBuilder()
                .pipeline("evidence-based").clearStages()
                .stage("Prospecting", "discovery")
                .stage("Qualification", "qualification")
                .stage("Proposal/Price Quote", "proposal")
                .stage("Negotiation/Review", "negotiation")
                .stage("Closed Won", "closed-won")
                .stage("Closed Lost", "closed-lost")
                .build();
        CrmImport crm = CrmImport.builder(mapping, DefaultPipelines.catalog()).mode(ImportMode.VALID_DEALS).build();
        ImportResult result = crm.read(opportunitiesFile, historyFile);
        out.println(result.report().summary());
        for (ImportProblem problem : result.report().problems()) {
            out.println("  " + problem);
        }
        // doc-end

        PipelineMetrics metrics = PipelineMetrics.of(result.opportunities(), clock.instant());
        out.printf("Won %s, open %s, win rate %s%n", metrics.wonValue(), metrics.openValue(),
                metrics.winRate().map(Object::toString).orElse("n/a"));

        PipelineRules rules = PipelineRules.builder(RuleSources.defaults()).clock(clock).build();
        for (Opportunity deal : result.opportunities()) {
            if (deal.isOpen()) {
                GateDecision next = rules.evaluateNextGates(java.util.List.of(deal)).get(deal.id());
                out.printf("%s in %s: next gate %s%n", deal.id(), deal.stageId(), next.isAllowed() ? "allowed" : "blocked");
                for (UnmetCriterion unmet : next.unmetCriteria()) {
                    out.printf("  - %s%n", unmet.criterionId());
                }
            }
        }
    }
}
