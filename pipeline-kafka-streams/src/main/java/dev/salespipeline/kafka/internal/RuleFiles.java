package dev.salespipeline.kafka.internal;

import dev.salespipeline.rules.PipelineRules;
import dev.salespipeline.rules.RuleSources;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;

/**
 * The rule set in force on one instance, as a function of the rules topic's content alone, so that every
 * instance — one running since the first record, one restored from the compacted topic — judges with the
 * same set. The files are taken in name order, each kept when the set with it builds through the sandbox
 * and left out otherwise; a left-out file counts as absent (a default file of the same name then applies).
 * Each build reads the files from a directory of its own, deleted after it. The swap is one reference: a
 * command is judged by one set or the next, never a mix.
 */
public final class RuleFiles {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}\\.(drl|dslr|dsl)");
    private static final System.Logger LOG = System.getLogger(RuleFiles.class.getName());

    private final RuleSources base;
    private final Clock clock;
    private final BiConsumer<String, String> onRefused;
    private final AtomicReference<PipelineRules> current = new AtomicReference<>();
    /** The files left out by the last build, with the reason: told to the listener once each. */
    private Map<String, String> refused = Map.of();

    /**
     * @param onRefused told the file name and the reason when a file is left out
     */
    public RuleFiles(RuleSources base, Clock clock, BiConsumer<String, String> onRefused) {
        this.base = Objects.requireNonNull(base, "base");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.onRefused = Objects.requireNonNull(onRefused, "onRefused");
        current.set(build(Map.of()));
    }

    public PipelineRules current() {
        return current.get();
    }

    /** Builds the rule set from {@code topic}, the rules topic's content: file name to text. */
    public void apply(Map<String, String> topic) {
        SortedMap<String, String> files = new TreeMap<>();
        Map<String, String> leftOut = new LinkedHashMap<>();
        topic.forEach((name, text) -> {
            if (name == null || !NAME.matcher(name).matches()) {
                leftOut.put(String.valueOf(name), "a rule file's name must be letters, digits, '.', '_' or '-' ending in"
                        + " .drl, .dslr or .dsl");
            } else if (text != null) {
                files.put(name, text);
            }
        });
        PipelineRules rules;
        try {
            rules = build(files);
        } catch (RuntimeException whole) {
            // Some file does not build: keep, in name order, each that builds with those kept before it.
            Map<String, String> kept = new TreeMap<>();
            for (Map.Entry<String, String> file : files.entrySet()) {
                Map<String, String> trial = new TreeMap<>(kept);
                trial.put(file.getKey(), file.getValue());
                try {
                    build(trial);
                    kept.put(file.getKey(), file.getValue());
                } catch (RuntimeException refusedFile) {
                    leftOut.put(file.getKey(), refusedFile.getMessage());
                }
            }
            rules = build(kept);
        }
        current.set(rules);
        Set<String> newlyRefused = new TreeSet<>(leftOut.keySet());
        newlyRefused.removeIf(name -> Objects.equals(refused.get(name), leftOut.get(name)));
        refused = Map.copyOf(leftOut);
        for (String name : newlyRefused) {
            try {
                onRefused.accept(name, leftOut.get(name));
            } catch (RuntimeException listenerFailed) {
                LOG.log(System.Logger.Level.WARNING, "The listener of refused rule files failed on " + name, listenerFailed);
            }
        }
    }

    private PipelineRules build(Map<String, String> files) {
        Path directory;
        try {
            directory = Files.createTempDirectory("sales-pipeline-rules");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a directory for the rules topic's files", e);
        }
        try {
            for (Map.Entry<String, String> file : files.entrySet()) {
                Files.writeString(directory.resolve(file.getKey()), file.getValue(), StandardCharsets.UTF_8);
            }
            return PipelineRules.builder(files.isEmpty() ? base : base.withDirectory(directory)).clock(clock).build();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the rules topic's files into " + directory, e);
        } finally {
            delete(directory);
        }
    }

    private static void delete(Path directory) {
        try (var paths = Files.walk(directory)) {
            List<Path> all = new ArrayList<>(paths.toList());
            all.sort(Comparator.reverseOrder());
            for (Path path : all) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "Cannot delete " + directory, e);
        }
    }
}
