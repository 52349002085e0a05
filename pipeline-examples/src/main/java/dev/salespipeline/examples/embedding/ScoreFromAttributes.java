package dev.salespipeline.examples.embedding;

import dev.salespipeline.core.metrics.StageAverages;
import dev.salespipeline.core.opportunity.Opportunity;
import dev.salespipeline.core.pipeline.DefaultPipelines;
import dev.salespipeline.core.scoring.ModelReport;
import dev.salespipeline.core.scoring.WinScoring;
import dev.salespipeline.importing.CrmImport;
import dev.salespipeline.importing.ImportMapping;
import dev.salespipeline.importing.ImportMode;
import dev.salespipeline.importing.ImportResult;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * A win score learnt from closed deals that a file describes by their attributes alone (industry, size,
 * lead source, amount, outcome): no ids, no dates, no stage history. The mapping supplies ids, a created
 * date and close dates; the score learns from the attributes and is judged on the deals that closed
 * last, which it never saw, against always predicting the base rate and against a naive-Bayes baseline.
 */
public final class ScoreFromAttributes {

    private ScoreFromAttributes() {
    }

    /** Runs on the file shipped in {@code pipeline-examples/imports}, from the repository's root. */
    public static void main(String[] args) {
        Path imports = Path.of(args.length > 0 ? args[0] : "pipeline-examples/imports");
        run(System.out, imports.resolve("closed-deals-by-attributes.mapping"),
                imports.resolve("closed-deals-by-attributes.csv"));
    }

    /** Imports {@code file} with {@code mappingFile}, trains the score and prints its skill. */
    public static void run(PrintStream out, Path mappingFile, Path file) {
        // doc-region: score
        ImportMapping mapping = ImportMapping.parse(mappingFile);
        ImportResult result = CrmImport.builder(mapping, DefaultPipelines.catalog()).mode(ImportMode.VALID_DEALS)
                .build().read(file);
        List<Opportunity> deals = result.opportunities();
        Instant afterTheLastClose = deals.stream().map(Opportunity::stageEnteredAt).max(Instant::compareTo)
                .orElseThrow().plusSeconds(1);
        WinScoring score = WinScoring.trainer()
                .categoricalAttributes("industry", "region")
                .numericAttributes("employees")
                .train(deals, afterTheLastClose, StageAverages.configured());
        ModelReport skill = score.report();
        // doc-end
        out.println(result.report().summary());
        out.printf(Locale.ROOT, "held out: the %d deals that closed last (%d predictions)%n", skill.heldOutDeals(),
                skill.heldOutRows());
        print(out, skill);
        print(out, score.baselineReport());
        out.printf(Locale.ROOT, "%-22s Brier %.4f%n", "base rate", skill.baseRateBrier());
    }

    private static void print(PrintStream out, ModelReport report) {
        out.printf(Locale.ROOT, "%-22s Brier %.4f, skill %+.3f against the base rate, AUC %.3f, log loss %.4f%n",
                report.model(), report.brier(), report.brierSkillScore(), report.auc(), report.logLoss());
    }
}
