package dev.salespipeline.examples.demo;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;

/**
 * The demo behind the README's first command: a generated portfolio, evaluated by the default rules
 * (and, with {@code --rules DIR}, an analyst's directory), reported as a pipeline health report in the
 * terminal and as a self-contained HTML dashboard. {@code --help} lists the options.
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

    /** Runs the demo; returns the exit status (0 done, 1 nothing imported, 2 bad options or input files). */
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
        DemoRun run;
        try {
            run = DemoRun.compute(options, out);
        } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
            // A mapping file or an export the import cannot use: say why, as for a bad option.
            err.println(e.getMessage());
            return 2;
        }
        if (run.deals.isEmpty()) {
            run.importReport.ifPresent(report -> TerminalReport.printProblems(report, err));
            err.println("Nothing to report: no deal was imported.");
            return 1;
        }
        TerminalReport.print(run, out);
        Path dashboard = HtmlDashboard.write(run);
        out.println();
        out.println("Dashboard: " + dashboard);
        return 0;
    }
}
