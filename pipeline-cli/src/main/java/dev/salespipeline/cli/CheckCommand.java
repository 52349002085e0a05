package dev.salespipeline.cli;

import dev.salespipeline.rules.RuleLoadException;
import dev.salespipeline.rules.RuleProblem;
import dev.salespipeline.rules.RuleSources;
import dev.salespipeline.rules.scenario.ScenarioReport;
import dev.salespipeline.rules.scenario.ScenarioResult;
import dev.salespipeline.rules.scenario.ScenarioRunner;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code check DIR}: loads the defaults with DIR's rule files (compile and sandbox), then runs the
 * scenarios of {@code --scenarios DIR} (DIR itself by default). Exit 0 when everything loads and
 * passes, 1 otherwise.
 */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = "Load the default rules with DIR's rule files (compile and sandbox), then run the .scenario"
                + " files of --scenarios (DIR itself by default). DIR may be the word 'defaults'.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the rules load and every scenario passes", "1:the rules do not load, or a scenario fails",
                "2:bad usage or unreadable input"})
final class CheckCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "a rules directory, or 'defaults'")
    private String rules;

    @Option(names = "--scenarios", paramLabel = "DIR", description = "where the .scenario files are (default: DIR)")
    private Path scenarios;

    @Option(names = "--today", paramLabel = "YYYY-MM-DD", description = "the day scenarios run on (default: today, UTC)")
    private LocalDate today;

    @Option(names = "--json", description = "write one JSON document instead of text")
    private boolean json;

    private final PrintStream out;
    private final Clock clock;

    CheckCommand(PrintStream out, Clock clock) {
        this.out = out;
        this.clock = clock;
    }

    @Override
    public Integer call() {
        RuleSources sources = Inputs.rules(spec.commandLine(), rules);
        Optional<Path> scenarioDirectory = Optional.ofNullable(scenarios)
                .or(() -> rules.equals("defaults") ? Optional.empty() : Optional.of(Path.of(rules)));
        scenarioDirectory.filter(directory -> !Files.isDirectory(directory)).ifPresent(directory -> {
            throw new ParameterException(spec.commandLine(), "--scenarios " + directory.toAbsolutePath()
                    + " is not a directory");
        });
        LocalDate day = today != null ? today : LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        ScenarioRunner runner;
        try {
            runner = ScenarioRunner.builder(sources).today(day).build();
        } catch (RuleLoadException e) {
            report(out, json, rules, null, e.problems(), null);
            return PipelineCli.FINDINGS;
        }
        // A directory with no .scenario file gives an empty report: "none found".
        ScenarioReport report = scenarioDirectory.map(runner::run).orElseGet(() -> new ScenarioReport(List.of()));
        report(out, json, rules, runner.rulesVersion(), List.of(), report);
        return report.allPassed() ? PipelineCli.OK : PipelineCli.FINDINGS;
    }

    private static void report(PrintStream out, boolean json, String rules, String version, List<RuleProblem> problems,
                               ScenarioReport scenarios) {
        boolean ok = problems.isEmpty() && scenarios != null && scenarios.allPassed();
        if (json) {
            try (JsonOut writer = new JsonOut(out)) {
                writer.write(generator -> {
                    generator.writeStartObject();
                    generator.writeStringField("command", "check");
                    generator.writeBooleanField("ok", ok);
                    generator.writeStringField("rules", rules);
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
        out.println("Rules: " + (rules.equals("defaults") ? "defaults" : "defaults + " + rules) + " load as " + version);
        if (scenarios.results().isEmpty()) {
            out.println("Scenarios: none found");
        } else {
            out.println("Scenarios: " + scenarios.summary());
            scenarios.failures().forEach(failure -> out.println("  " + failure));
        }
        out.println(ok ? "OK" : "FAILED");
    }
}
