package dev.salespipeline.benchmarks;

import dev.salespipeline.rules.RuleFile;
import dev.salespipeline.rules.RuleProblem;
import dev.salespipeline.rules.RuleSandbox;
import dev.salespipeline.rules.RuleSources;

import java.util.List;
import java.util.concurrent.TimeUnit;

import org.drools.drl.ast.descr.PackageDescr;
import org.drools.drl.parser.DrlParser;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Checking one rule file with the sandbox, against Drools' own parser reading the same file: the check
 * parses it with that parser, re-parses every expression and writes the canonical text, so the parser
 * alone is the floor. The files: the default gate rules repeated to about 1 MB (3,000 rules), and one rule
 * after 40,000 blank lines (the old check took 7 s on it, and 10 s on 700 KB of rules).
 *
 * <p>Run: {@code java -jar pipeline-benchmarks/target/benchmarks.jar SandboxCheckBenchmark -f 1 -wi 5 -w 2s -i 5
 * -r 2s}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class SandboxCheckBenchmark {

    @Param({"rules-1mb", "blank-lines-40k"})
    public String file;

    private RuleFile ruleFile;
    private final RuleSandbox sandbox = RuleSandbox.standard();

    @Setup
    public void setUp() {
        ruleFile = new RuleFile("large.drl", "large.drl", switch (file) {
            case "rules-1mb" -> repeatedGateRules(1 << 20);
            case "blank-lines-40k" -> "\n".repeat(40_000) + gateRules().get(0);
            default -> throw new IllegalArgumentException(file);
        });
        if (!sandbox.check(ruleFile).isEmpty()) {
            throw new IllegalStateException("the benchmark's file must pass: " + sandbox.check(ruleFile).get(0));
        }
    }

    /** The default gate files' rules, each with its own text. */
    private static List<String> gateRules() {
        return RuleSources.defaults().read().stream().filter(rule -> rule.name().startsWith("gate-"))
                .map(RuleFile::content).toList();
    }

    /** The default gate files, their rules renamed per copy, until the text reaches {@code size} characters. */
    static String repeatedGateRules(int size) {
        List<String> files = gateRules();
        StringBuilder drl = new StringBuilder("package host.rules;\n\n"
                + "import dev.salespipeline.rules.facts.GateCheck;\n"
                + "import dev.salespipeline.rules.facts.Evidence;\n"
                + "import dev.salespipeline.rules.facts.Deal;\n\n");
        for (int copy = 0; drl.length() < size; copy++) {
            for (String text : files) {
                String body = text.substring(text.indexOf("\n// ", text.lastIndexOf("import ")));
                drl.append(body.replace("rule \"", "rule \"copy " + copy + ": ")).append('\n');
            }
        }
        return drl.toString();
    }

    @Benchmark
    public List<RuleProblem> sandboxCheck() {
        return sandbox.check(ruleFile);
    }

    @Benchmark
    public PackageDescr droolsParserAlone() throws Exception {
        return new DrlParser().parse(false, ruleFile.content());
    }
}
