package dev.salespipeline.rules;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Where rule files come from: the library's defaults on the classpath, then host directories in the
 * order added. Rules are DRL ({@code *.drl}) or sentences in a business vocabulary ({@code *.dslr}),
 * whose phrases {@code *.dsl} files define; the defaults include the pipeline's vocabulary
 * ({@code pipeline.dsl}). A host file replaces an earlier file of the same name — and a rule file
 * replaces one of the same name in the other form, so {@code gate-proposal-exit.dslr} replaces the
 * default {@code gate-proposal-exit.drl}; other host files add rules. Only those three kinds of file
 * directly in a directory are read, in name order.
 *
 * <p>Immutable and thread-safe; {@link #read()} reads the files anew on every call, which is what a
 * reload wants.
 */
public final class RuleSources {

    /** The classpath folder of the default rules, and the index that lists them. */
    static final String DEFAULTS_FOLDER = "dev/salespipeline/rules/defaults/";
    private static final String DEFAULTS_INDEX = DEFAULTS_FOLDER + "index.txt";
    /** Four bytes a character at most: a file the sandbox would refuse for its length is not even read. */
    private static final long MAX_FILE_BYTES = 4L * dev.salespipeline.rules.internal.sandbox.SandboxLimits.MAX_FILE_CHARACTERS;

    private final boolean includeDefaults;
    private final List<Path> directories;

    private RuleSources(boolean includeDefaults, List<Path> directories) {
        this.includeDefaults = includeDefaults;
        this.directories = List.copyOf(directories);
    }

    /** The library's default rules only. */
    public static RuleSources defaults() {
        return new RuleSources(true, List.of());
    }

    /** No rules at all; add directories with {@link #withDirectory(Path)}. */
    public static RuleSources none() {
        return new RuleSources(false, List.of());
    }

    /** These sources plus the rule and vocabulary files of {@code directory}, read after the ones before. */
    public RuleSources withDirectory(Path directory) {
        Objects.requireNonNull(directory, "directory");
        List<Path> more = new ArrayList<>(directories);
        more.add(directory);
        return new RuleSources(includeDefaults, more);
    }

    /** The host directories, in the order added. */
    public List<Path> directories() {
        return directories;
    }

    /**
     * Reads every file now, applying replacements by name.
     *
     * @throws RuleLoadException if a directory or file cannot be read
     */
    public List<RuleFile> read() {
        Map<String, RuleFile> byName = new LinkedHashMap<>();
        if (includeDefaults) {
            for (RuleFile file : readDefaults()) {
                byName.put(replacementKey(file.name()), file);
            }
        }
        for (Path directory : directories) {
            for (RuleFile file : readDirectory(directory)) {
                // A replacement keeps the replaced file's place, so findings keep their order.
                byName.put(replacementKey(file.name()), file);
            }
        }
        return List.copyOf(byName.values());
    }

    /** A rule file in DRL and one in the vocabulary are the same file to replace; a vocabulary is its own. */
    private static String replacementKey(String name) {
        return name.endsWith(".drl") ? name.substring(0, name.length() - 4) + " (rules)"
                : name.endsWith(".dslr") ? name.substring(0, name.length() - 5) + " (rules)" : name;
    }

    /** Whether a file of this name is read from a directory: DRL, rules in the vocabulary, or a vocabulary. */
    static boolean isRuleOrVocabulary(String name) {
        return name.endsWith(".drl") || name.endsWith(".dslr") || name.endsWith(".dsl");
    }

    /** The names of the default rule files, in load order. */
    public static List<String> defaultFileNames() {
        String index = readClasspath(DEFAULTS_INDEX);
        return index.lines().map(String::strip).filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
    }

    private static List<RuleFile> readDefaults() {
        return defaultFileNames().stream()
                .map(name -> new RuleFile(name, "classpath:" + DEFAULTS_FOLDER + name,
                        readClasspath(DEFAULTS_FOLDER + name)))
                .toList();
    }

    private static String readClasspath(String resource) {
        try (InputStream in = RuleSources.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new RuleLoadException(List.of(new RuleProblem("classpath:" + resource, 0,
                        "not found on the classpath; is pipeline-rules packaged with its resources?")));
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new RuleLoadException(List.of(new RuleProblem("classpath:" + resource, 0, e.toString())), e);
        }
    }

    private static List<RuleFile> readDirectory(Path directory) {
        if (!Files.isDirectory(directory)) {
            throw new RuleLoadException(List.of(new RuleProblem(directory.toString(), 0,
                    "is not a readable directory")));
        }
        List<Path> files;
        try (Stream<Path> listing = Files.list(directory)) {
            files = listing.filter(path -> isRuleOrVocabulary(path.getFileName().toString()))
                    .filter(Files::isRegularFile).sorted().toList();
        } catch (IOException | UncheckedIOException e) {
            throw new RuleLoadException(List.of(new RuleProblem(directory.toString(), 0, "cannot be read: " + e)), e);
        }
        List<RuleFile> read = new ArrayList<>();
        List<RuleProblem> problems = new ArrayList<>();
        for (Path file : files) {
            try {
                read.add(new RuleFile(file.getFileName().toString(), file.toString(), readRuleFile(file)));
            } catch (RuleLoadException e) {
                problems.addAll(e.problems());
            }
        }
        if (!problems.isEmpty()) {
            throw new RuleLoadException(problems);
        }
        return read;
    }

    /** A rule file's text: strict UTF-8, a leading byte-order mark dropped, its size bounded before reading. */
    private static String readRuleFile(Path file) {
        try {
            long size = Files.size(file);
            if (size > MAX_FILE_BYTES) {
                throw new RuleLoadException(List.of(new RuleProblem(file.toString(), 0, "is " + size
                        + " bytes; a rule file may have at most " + MAX_FILE_BYTES)));
            }
            byte[] bytes = Files.readAllBytes(file);
            String text;
            try {
                text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
            } catch (CharacterCodingException e) {
                throw new RuleLoadException(List.of(new RuleProblem(file.toString(), 0, "is not UTF-8 text: save it as"
                        + " UTF-8 (rule files may hold any character, written as itself)")), e);
            }
            return text.startsWith("\uFEFF") ? text.substring(1) : text;
        } catch (IOException | UncheckedIOException e) {
            throw new RuleLoadException(List.of(new RuleProblem(file.toString(), 0, "cannot be read: " + e)), e);
        }
    }

    @Override
    public String toString() {
        return "RuleSources[defaults=" + includeDefaults + ", directories=" + directories + "]";
    }
}
