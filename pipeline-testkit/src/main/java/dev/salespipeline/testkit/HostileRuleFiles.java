package dev.salespipeline.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A catalogue of rule files written to escape the rule sandbox, organised by technique: quote and
 * char-literal desynchronisation, unicode escapes, comment tricks, every DRL construct that carries an
 * expression, business-vocabulary expansion, regular-expression blow-up, memory growth, deep nesting,
 * long literals, timers and threads, reflection through allowed types, and the platform itself.
 *
 * <p>Each payload, if it ever ran, would leave a marker: a file at the path a test chooses, or the system
 * property {@value #MARKER_PROPERTY}. Most files must be refused when loaded, at a stated line; a few
 * ({@link HostileRuleFile#refused()} false) are accepted by design and must stay harmless and finish
 * within the evaluation's limits. A host that widens its sandbox runs the catalogue against its own
 * sandbox to see what the widening opened. pipeline-rules' {@code HostileRuleFilesTest} shows how.
 *
 * <p>Immutable and thread-safe.
 */
public final class HostileRuleFiles {

    /** The system property a payload would set. */
    public static final String MARKER_PROPERTY = "sandbox.marker";

    private static final String FOLDER = "dev/salespipeline/testkit/hostile/";
    private static final String PLACEHOLDER = "@MARKER@";
    private static final Pattern REFUSED = Pattern.compile("^// refused at line (\\d+): ?(.*)$");
    private static final Pattern BOUNDED = Pattern.compile("^// bounded: (.*)$");

    private HostileRuleFiles() {
    }

    /**
     * One hostile case: one rule file, or a rule file in a business vocabulary with the vocabulary it
     * brings.
     *
     * @param technique the technique, such as {@code unicode-escapes}
     * @param name      the case's name, such as {@code escape-ends-line-comment}
     * @param mainFile  the file a refusal names
     * @param files     every file of the case by name, with the placeholder of the marker path
     * @param line      the line a refusal names, when the case must be refused
     * @param reason    a part of the refusal's message (may be empty), or why an accepted case is harmless
     */
    public record HostileRuleFile(String technique, String name, String mainFile, Map<String, String> files,
                                  OptionalInt line, String reason) {

        public HostileRuleFile {
            Objects.requireNonNull(technique, "technique");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(mainFile, "mainFile");
            files = Map.copyOf(files);
            Objects.requireNonNull(line, "line");
            Objects.requireNonNull(reason, "reason");
        }

        /** Whether loading must refuse it; otherwise it loads and must stay harmless and bounded. */
        public boolean refused() {
            return line.isPresent();
        }

        /**
         * Writes the case's files into {@code directory}, every payload pointing at {@code marker}.
         *
         * @return the path of the main file
         */
        public Path writeTo(Path directory, Path marker) throws IOException {
            for (Map.Entry<String, String> file : files.entrySet()) {
                Files.writeString(directory.resolve(file.getKey()),
                        file.getValue().replace(PLACEHOLDER, marker.toAbsolutePath().toString()), StandardCharsets.UTF_8);
            }
            return directory.resolve(mainFile);
        }

        @Override
        public String toString() {
            return technique + "/" + name;
        }
    }

    /** Every case, in catalogue order. */
    public static List<HostileRuleFile> all() {
        List<HostileRuleFile> cases = new ArrayList<>();
        for (String entry : read("index.txt").lines().map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("#")).toList()) {
            cases.add(load(entry));
        }
        return List.copyOf(cases);
    }

    private static HostileRuleFile load(String entry) {
        int slash = entry.indexOf('/');
        String technique = entry.substring(0, slash);
        String mainFile = entry.substring(slash + 1);
        String name = mainFile.substring(0, mainFile.lastIndexOf('.'));
        Map<String, String> files = new LinkedHashMap<>();
        String content = read(entry);
        files.put(mainFile, content);
        if (mainFile.endsWith(".dslr")) {
            files.put(name + ".dsl", read(technique + "/" + name + ".dsl"));
        }
        String header = content.lines().findFirst().orElse("");
        Matcher refused = REFUSED.matcher(header);
        if (refused.matches()) {
            return new HostileRuleFile(technique, name, mainFile, files, OptionalInt.of(Integer.parseInt(refused.group(1))),
                    refused.group(2));
        }
        Matcher bounded = BOUNDED.matcher(header);
        if (bounded.matches()) {
            return new HostileRuleFile(technique, name, mainFile, files, OptionalInt.empty(), bounded.group(1));
        }
        throw new IllegalStateException(entry + " starts with neither '// refused at line N:' nor '// bounded:'");
    }

    private static String read(String resource) {
        try (InputStream in = HostileRuleFiles.class.getClassLoader().getResourceAsStream(FOLDER + resource)) {
            if (in == null) {
                throw new IllegalStateException("classpath:" + FOLDER + resource + " is missing from the test kit");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
