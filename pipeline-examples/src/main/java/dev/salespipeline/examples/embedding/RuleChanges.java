package dev.salespipeline.examples.embedding;

import dev.salespipeline.core.metrics.StageAverages;
import dev.salespipeline.core.opportunity.Opportunity;
import dev.salespipeline.rules.PipelineRules;
import dev.salespipeline.rules.RuleSandbox;
import dev.salespipeline.rules.RuleSources;
import dev.salespipeline.rules.impact.ImpactReport;
import dev.salespipeline.rules.impact.RuleImpact;
import dev.salespipeline.testkit.SamplePortfolio;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/**
 * What a host does with its analysts' rule directories: load them over the defaults, see what a candidate
 * would change before it goes live, and widen the sandbox where the host decides to. docs/rules-guide.md
 * and docs/security.md show the marked regions.
 */
public final class RuleChanges {

    private RuleChanges() {
    }

    public static void main(String[] args) {
        run(System.out, Clock.systemUTC(), Path.of(args.length > 0 ? args[0] : "pipeline-examples/rules"));
    }

    /** Runs the example with {@code candidate} as the analysts' candidate directory. */
    public static void run(PrintStream out, Clock clock, Path candidate) {
        // doc-region: load
        PipelineRules rules = PipelineRules.load(RuleSources.defaults().withDirectory(candidate));
        // doc-end
        out.println("Loaded " + rules.version() + " from the defaults and " + candidate);

        List<Opportunity> portfolio = SamplePortfolio.generate(200, 42, clock.instant());
        RuleSources live = RuleSources.defaults();
        // doc-region: impact
        ImpactReport impact = RuleImpact.builder(live, RuleSources.defaults().withDirectory(candidate))
                .clock(clock).build()
                .on(portfolio, StageAverages.fromHistory(portfolio, clock.instant(), 20));
        // doc-end
        out.println("The candidate changes " + impact.decisionChanges().size() + " next gates");

        RuleSources sources = RuleSources.defaults().withDirectory(candidate);
        // doc-region: widen
        RuleSandbox sandbox = RuleSandbox.standard()
                .allowingMethods(String.class, "replace");   // text.replace( "-", "" ) in conditions and reports
        PipelineRules widened = PipelineRules.builder(sources).sandbox(sandbox).build();
        // doc-end
        out.println("With String.replace allowed: " + widened.version());
    }
}
