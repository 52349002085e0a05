package dev.salespipeline.cli;

import dev.salespipeline.rules.RuleLoadException;
import dev.salespipeline.rules.RuleProblem;
import dev.salespipeline.rules.RuleSources;
import dev.salespipeline.rules.scenario.ScenarioReport;
import dev.salespipeline.rules.scenario.ScenarioResult;
import dev.salespipeline.rules.scenario.ScenarioRunner;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;

/**
 * {@code check DIR}: loads the defaults with DIR's rule files (compile and sandbox), then runs the
 * scenarios of {@code --scenarios DIR} (DIR itself by default). Exit 0 when everything loads and
 * passes, 1 otherwise.
 */
final class CheckCommand {

    static final String USAGE = """
            check DIR [--scenarios DIR] [--today YYYY-MM-DD] [--json]
                load the default rules with DIR's .drl files (compile + sandbox), then run the .scenario
                files of --scenarios (default: DIR); exit 0 if all load and pass, 1 if not""";

    private CheckCommand() {
    }

    static int run(List<String> args, PrintStream out, LocalDate today) {
        Arguments arguments = new Arguments(args, Set.of("--scenarios", "--today"), Set.of("--json"));
        Path rules = PipelineCli.directory(arguments.positional(1, "one rules directory").get(0));
        Path scenarios = arguments.option("--scenarios").map(PipelineCli::directory).orElse(rules);
        LocalDate day = arguments.option("--today").map(PipelineCli::date).orElse(today);
        boolean json = arguments.flag("--json");

        ScenarioRunner runner;
        try {
            runner = ScenarioRunner.builder(RuleSources.defaults().withDirectory(rules)).today(day).build();
        } catch (RuleLoadException e) {
            report(out, json, rules, null, e.problems(), null);
            return 1;
        }
        // A directory with no .scenario file gives an empty report: "none found".
        ScenarioReport report = runner.run(scenarios);
        report(out, json, rules, runner.rulesVersion(), List.of(), report);
        return report.allPassed() ? 0 : 1;
    }

    private static void report(PrintStream out, boolean json, Path rules, String version, List<RuleProblem> problems,
                               ScenarioReport scenarios) {
        boolean ok = problems.isEmpty() && scenarios != null && scenarios.allPassed();
        if (json) {
            try (JsonOut writer = new JsonOut(out)) {
                writer.write(generator -> {
                    generator.writeStartObject();
                    generator.writeStringField("command", "check");
                    generator.writeBooleanField("ok", ok);
                    generator.writeStringField("rules", rules.toString());
                    if (version != null) {
                        generator.writeStringField("version", version);
                    }
                    generator.writeArrayFieldStart("problems");
                    for (RuleProblem problem : problems) {
                        generator.writeStartObject();
                        generator.writeStringField("file", problem.file());
                        generator.writeNumberField("line", problem.line());
                        generator.writeStringField("message", problem.message());
                        generator.writeEndObject();
                    }
                    generator.writeEndArray();
                    generator.writeArrayFieldStart("scenarios");
                    for (ScenarioResult result : scenarios == null ? List.<ScenarioResult>of() : scenarios.results()) {
                        generator.writeStartObject();
                        generator.writeStringField("file", result.file().toString());
                        generator.writeNumberField("line", result.line());
                        generator.writeStringField("name", result.name());
                        generator.writeBooleanField("passed", result.passed());
                        if (!result.passed()) {
                            generator.writeStringField("failure", result.failure().orElseThrow());
                        }
                        generator.writeEndObject();
                    }
                    generator.writeEndArray();
                    generator.writeEndObject();
                });
            }
            return;
        }
        if (!problems.isEmpty()) {
            out.println("Rules in " + rules + " do not load (" + problems.size() + " problem"
                    + (problems.size() == 1 ? "" : "s") + "):");
            problems.forEach(problem -> out.println("  " + problem));
            out.println("FAILED");
            return;
        }
        out.println("Rules: defaults + " + rules + " load as " + version);
        if (scenarios.results().isEmpty()) {
            out.println("Scenarios: none found");
        } else {
            out.println("Scenarios: " + scenarios.summary());
            scenarios.failures().forEach(failure -> out.println("  " + failure));
        }
        out.println(ok ? "OK" : "FAILED");
    }
}
