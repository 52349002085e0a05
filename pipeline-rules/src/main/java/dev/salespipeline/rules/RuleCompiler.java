package dev.salespipeline.rules;

import org.kie.api.KieServices;
import org.kie.api.builder.KieBuilder;
import org.kie.api.builder.KieFileSystem;
import org.kie.api.builder.Message;
import org.kie.api.builder.ReleaseId;
import org.kie.api.runtime.KieContainer;

import dev.salespipeline.rules.internal.DslExpansion;
import dev.salespipeline.rules.internal.sandbox.DrlCheck;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Compiles rule files into a {@link RuleSet} through the public KieFileSystem/KieBuilder path with the
 * classic compiler, whose messages carry the DRL file and line. Each build has its own ReleaseId and
 * is removed from the global KIE repository once its container exists, so concurrent builds never
 * see each other's rules and reloads do not pile up modules in memory.
 */
final class RuleCompiler {

    private static final String GROUP = "dev.salespipeline.rules.generated";
    private static final AtomicLong BUILDS = new AtomicLong();
    private static final Pattern PACKAGE = Pattern.compile("^\\s*package\\s+([\\w.]+)\\s*;?", Pattern.MULTILINE);
    /** Far more than any pipeline needs; 27,000 tiny rules took 30 s and 2.5 GB to build. */
    static final int MAX_RULES = 5_000;

    private RuleCompiler() {
    }

    static RuleSet compile(List<RuleFile> files, RuleSandbox sandbox) {
        if (files.isEmpty()) {
            throw new RuleLoadException(List.of(new RuleProblem("(rule sources)", 0,
                    "no rule files were found; a rule set needs at least one .drl or .dslr file")));
        }
        // Files in the business vocabulary become DRL first, so that the sandbox checks what will run.
        DslExpansion.Result expansion = DslExpansion.expand(files.stream()
                .map(file -> new DslExpansion.Input(file.name(), file.location(), file.content())).toList());
        if (!expansion.problems().isEmpty()) {
            throw new RuleLoadException(expansion.problems().stream()
                    .map(problem -> new RuleProblem(problem.location(), problem.line(), problem.message())).toList());
        }
        List<RuleFile> expanded = expansion.sources().stream()
                .map(source -> new RuleFile(source.name(), source.location(), source.drl())).toList();
        // Nothing is compiled until every file passes the sandbox, and what is compiled is the canonical
        // text written from the checked form, never the file as written: DRL is code.
        List<RuleProblem> refused = new ArrayList<>();
        List<RuleFile> compiled = new ArrayList<>();
        Map<String, String> declaredAt = new HashMap<>();
        int rules = 0;
        for (RuleFile file : expanded) {
            RuleSandbox.Checked checked = sandbox.checked(file);
            refused.addAll(checked.problems());
            compiled.add(new RuleFile(file.name(), file.location(), checked.canonical()));
            for (DrlCheck.Declared rule : checked.rules()) {
                // The engine would blame the first file of a duplicate pair, often a default one; name both.
                String key = rule.packageName() + "\u0000" + rule.ruleName();
                String first = declaredAt.putIfAbsent(key, file.location() + ":" + rule.line());
                if (first != null) {
                    refused.add(new RuleProblem(file.location(), rule.line(), "the rule name '" + rule.ruleName()
                            + "' is taken in package '" + rule.packageName() + "' by " + first + "; give this rule"
                            + " another name, or replace that file by giving yours its name"));
                }
            }
            rules += checked.rules().size();
        }
        if (rules > MAX_RULES) {
            refused.add(new RuleProblem("(rule set)", 0, rules + " rules; a rule set holds at most " + MAX_RULES
                    + " (each costs memory and build time)"));
        }
        if (!refused.isEmpty()) {
            throw new RuleLoadException(refused);
        }
        String version = version(files);
        KieServices services = KieServices.Factory.get();
        ReleaseId releaseId = services.newReleaseId(GROUP, "rules", "1.0." + BUILDS.incrementAndGet());
        KieFileSystem fileSystem = services.newKieFileSystem();
        fileSystem.generateAndWritePomXML(releaseId);
        Map<String, String> locations = new LinkedHashMap<>();
        for (RuleFile file : compiled) {
            // Folder and package agree, as Drools expects; files without a package go to the root.
            Matcher matcher = PACKAGE.matcher(file.content());
            String folder = matcher.find() ? matcher.group(1).replace('.', '/') + "/" : "";
            // Expanded vocabulary files are DRL now: named so, or the builder would expand them again.
            String path = "src/main/resources/" + folder + file.name() + (file.name().endsWith(".drl") ? "" : ".drl");
            locations.put(path, file.location());
            fileSystem.write(path, file.content());
        }
        KieBuilder builder;
        try {
            builder = services.newKieBuilder(fileSystem).buildAll();
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
            // The checked text should always build or fail with messages; if the engine fails otherwise, the
            // caller still gets a RuleLoadException and the rules in force stay.
            services.getRepository().removeKieModule(releaseId);
            throw new RuleLoadException(List.of(new RuleProblem("(rule set)", 0, "the engine failed to build the"
                    + " checked rules: " + e)), e);
        }
        List<Message> errors = builder.getResults().getMessages(Message.Level.ERROR);
        if (!errors.isEmpty()) {
            List<RuleProblem> problems = new ArrayList<>();
            for (Message error : errors) {
                String location = error.getPath() == null ? "(rule set)" : locations.getOrDefault(error.getPath(),
                        locations.getOrDefault("src/main/resources/" + error.getPath(), error.getPath()));
                problems.add(new RuleProblem(location, Math.max(error.getLine(), 0), clean(error.getText())));
            }
            // The parser adds this after every syntax error it has already reported with a line.
            problems.removeIf(problem -> problem.message().equals("Parser returned a null Package")
                    && problems.stream().anyMatch(other -> other != problem && other.file().equals(problem.file())));
            problems.sort(Comparator.comparing(RuleProblem::file).thenComparingInt(RuleProblem::line));
            services.getRepository().removeKieModule(releaseId);
            throw new RuleLoadException(problems);
        }
        KieContainer container = services.newKieContainer(releaseId);
        try {
            return new RuleSet(version, files, container.getKieBase(), locations);
        } finally {
            services.getRepository().removeKieModule(releaseId);
        }
    }

    /** Compiler messages repeat the rule text and carry stray whitespace; keep the first meaningful lines. */
    private static String clean(String text) {
        String oneLine = text.strip().replaceAll("\\s*\\n\\s*", " | ");
        return oneLine.length() > 500 ? oneLine.substring(0, 497) + "..." : oneLine;
    }

    private static String version(List<RuleFile> files) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (RuleFile file : files) {
                digest.update(file.name().getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
                digest.update(file.content().getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
            }
            return "rules@" + HexFormat.of().formatHex(digest.digest()).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JDK", e);
        }
    }
}
