package dev.salespipeline.examples.demo;

import dev.salespipeline.core.pipeline.DefaultPipelines;
import dev.salespipeline.core.transition.OpportunityCursor;
import dev.salespipeline.importing.ImportResult;
import dev.salespipeline.report.HealthReport;
import dev.salespipeline.report.HtmlReport;
import dev.salespipeline.report.TextReport;
import dev.salespipeline.rules.PipelineRules;
import dev.salespipeline.rules.RuleLoadException;
import dev.salespipeline.rules.RuleSources;
import dev.salespipeline.store.jdbc.JdbcOpportunityStore;
import dev.salespipeline.testkit.SamplePortfolio;

import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;

import javax.sql.DataSource;

/**
 * The demo behind the README's first command: a generated portfolio (or a CRM export), evaluated by the
 * default rules (and, with {@code --rules DIR}, an analyst's directory), reported as the pipeline health
 * report in the terminal and as a self-contained HTML dashboard. {@code --help} lists the options.
 */
public final class PipelineDemo {

    private PipelineDemo() {
    }

    public static void main(String[] args) {
        int status = run(args, System.out, System.err, Clock.systemUTC());
        if (status != 0) {
            System.exit(status);
        }
    }

    /**
     * Runs the demo; returns the exit status (0 done, 1 nothing imported or rules that do not load, 2 bad
     * options or input files).
     */
    public static int run(String[] args, PrintStream out, PrintStream err, Clock clock) {
        DemoOptions options;
        try {
            options = DemoOptions.parse(args, clock.instant());
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            err.print(DemoOptions.USAGE);
            return 2;
        }
        if (options.help()) {
            out.print(DemoOptions.USAGE);
            return 0;
        }
        try {
            return report(options, out, err);
        } catch (RuleLoadException e) {
            // An analyst's rules that do not load: the problems with file and line, not a stack trace.
            err.println(e.getMessage());
            return 1;
        }
    }

    private static int report(DemoOptions options, PrintStream out, PrintStream err) {
        long started = System.nanoTime();
        HealthReport.Builder report;
        if (options.input().isPresent()) {
            out.printf("Importing %s...", options.input().get().file());
            ImportResult imported;
            try {
                imported = options.input().get().read(DefaultPipelines.catalog());
            } catch (IllegalArgumentException | UncheckedIOException e) {
                // A mapping file or an export the import cannot use: say why, as for a bad option.
                out.println();
                err.println(e.getMessage());
                return 2;
            }
            out.printf(" done in %.1f s%n", (System.nanoTime() - started) / 1e9);
            if (imported.opportunities().isEmpty()) {
                TextReport.writeProblems(imported.report(), err);
                err.println("Nothing to report: no deal was imported.");
                return 1;
            }
            report = HealthReport.builder(imported.opportunities(), rules(options, true)).importReport(imported.report())
                    .source(TextReport.count(imported.opportunities().size(), "deal") + " from " + options.input().get().file().getFileName()
                            + " (" + imported.report().summary() + ")");
        } else if (options.database().isPresent()) {
            Path kept = options.database().get();
            out.printf("Reading the portfolio kept in %s.mv.db...", kept.toAbsolutePath());
            List<dev.salespipeline.core.opportunity.Opportunity> deals = new java.util.ArrayList<>();
            DataSource database = JdbcOpportunityStore.h2(kept);
            try (OpportunityCursor cursor = JdbcOpportunityStore.builder(database).migrate(false).build().allDeals()) {
                cursor.forEachRemaining(deals::add);
            } finally {
                ((org.h2.jdbcx.JdbcConnectionPool) database).dispose();
            }
            out.printf(" %s in %.1f s%n", TextReport.count(deals.size(), "deal"), (System.nanoTime() - started) / 1e9);
            report = HealthReport.builder(deals, rules(options, true))
                    .source(TextReport.count(deals.size(), "deal") + " kept in " + kept.getFileName())
                    .pipelines(List.of(DefaultPipelines.evidenceBased(), DefaultPipelines.classic()));
        } else {
            out.printf("Generating %d deals (seed %d)...", options.deals(), options.seed());
            List<dev.salespipeline.core.opportunity.Opportunity> deals =
                    SamplePortfolio.generate(options.deals(), options.seed(), options.asOf());
            out.printf(" done in %.1f s%n", (System.nanoTime() - started) / 1e9);
            Path kept = keep(deals, options.out());
            out.printf("Portfolio kept in %s.mv.db; report on it again with --db %s%n", kept, kept);
            report = HealthReport.builder(deals, rules(options, true))
                    .source(TextReport.count(deals.size(), "generated deal") + " (seed " + options.seed() + ")")
                    .pipelines(List.of(DefaultPipelines.evidenceBased(), DefaultPipelines.classic()));
        }
        started = System.nanoTime();
        out.print("Evaluating the rules and computing the report...");
        report.title("sales-pipeline demo").asOf(options.asOf()).seed(options.seed());
        options.rules().ifPresent(directory -> report.compareWith(rules(options, false), directory.toString()));
        HealthReport computed = report.build();
        out.printf(" done in %.1f s%n", (System.nanoTime() - started) / 1e9);
        TextReport.write(computed, out);
        Path dashboard = HtmlReport.write(computed, options.out());
        out.println();
        out.println("Dashboard: " + dashboard);
        return 0;
    }

    /** Keeps the generated deals in a new H2 store in {@code out}, replacing the last run's; returns where. */
    private static Path keep(List<dev.salespipeline.core.opportunity.Opportunity> deals, Path out) {
        Path kept = out.resolve("portfolio").toAbsolutePath();
        try {
            java.nio.file.Files.createDirectories(out);
            java.nio.file.Files.deleteIfExists(kept.resolveSibling("portfolio.mv.db"));
        } catch (java.io.IOException e) {
            throw new UncheckedIOException("Cannot write the portfolio to " + kept, e);
        }
        DataSource database = JdbcOpportunityStore.h2(kept);
        try {
            JdbcOpportunityStore.builder(database).build().addAll(deals);
        } finally {
            ((org.h2.jdbcx.JdbcConnectionPool) database).dispose();
        }
        return kept;
    }

    /** The rules the demo reports with: the defaults and the host directory, or the defaults alone. */
    private static PipelineRules rules(DemoOptions options, boolean withHostDirectory) {
        RuleSources sources = RuleSources.defaults();
        if (withHostDirectory && options.rules().isPresent()) {
            sources = sources.withDirectory(options.rules().get());
        }
        return PipelineRules.builder(sources).clock(Clock.fixed(options.asOf(), ZoneOffset.UTC)).build();
    }
}
