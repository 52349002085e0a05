package dev.salespipeline.kafka.internal;

import dev.salespipeline.rules.PipelineRules;
import dev.salespipeline.rules.RuleSources;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;

/**
 * The rule set in force on one instance, from the rules topic: each file is written to a directory of the
 * instance's own and the whole set is built through the sandbox, as {@code PipelineRules} builds any
 * directory. A set that does not build is refused whole and the one before stays in force; the swap is
 * one reference, so a command is judged by the old set or the new one, never a mix.
 */
public final class RuleFiles {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}\\.(drl|dslr|dsl)");

    private final RuleSources base;
    private final Clock clock;
    private final Path directory;
    private final BiConsumer<String, String> onRefused;
    private final AtomicReference<PipelineRules> current = new AtomicReference<>();

    /**
     * @param onRefused told the file name and the reason when a change is refused
     */
    public RuleFiles(RuleSources base, Clock clock, BiConsumer<String, String> onRefused) {
        this.base = Objects.requireNonNull(base, "base");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.onRefused = Objects.requireNonNull(onRefused, "onRefused");
        try {
            this.directory = Files.createTempDirectory("sales-pipeline-rules");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a directory for the rules topic's files", e);
        }
        current.set(build());
    }

    public PipelineRules current() {
        return current.get();
    }

    /** Applies one record of the rules topic: {@code text} null removes the file. */
    public void apply(String name, String text) {
        if (name == null || !NAME.matcher(name).matches()) {
            onRefused.accept(String.valueOf(name), "a rule file's name must be letters, digits, '.', '_' or '-' ending"
                    + " in .drl, .dslr or .dsl");
            return;
        }
        Path file = directory.resolve(name);
        try {
            String before = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : null;
            write(file, text);
            try {
                current.set(build());
            } catch (RuntimeException refused) {
                write(file, before);
                onRefused.accept(name, refused.getMessage());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the rule file " + file, e);
        }
    }

    private static void write(Path file, String text) throws IOException {
        if (text == null) {
            Files.deleteIfExists(file);
        } else {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        }
    }

    private PipelineRules build() {
        return PipelineRules.builder(base.withDirectory(directory)).clock(clock).build();
    }
}
