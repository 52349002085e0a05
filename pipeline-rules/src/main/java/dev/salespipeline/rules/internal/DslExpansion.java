package dev.salespipeline.rules.internal;

import org.drools.drl.parser.ParserError;
import org.drools.drl.parser.lang.ExpanderException;
import org.drools.drl.parser.lang.dsl.DSLMapping;
import org.drools.drl.parser.lang.dsl.DSLTokenizedMappingFile;
import org.drools.drl.parser.lang.dsl.DefaultExpander;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns rule files written in the business vocabulary ({@code .dslr}) into DRL with the vocabulary
 * of every {@code .dsl} file of the rule set, before the sandbox and the compiler see them: so what is
 * checked is what runs, and a problem keeps its {@code .dslr} file and line (Drools' expander keeps
 * one line for each line).
 */
public final class DslExpansion {

    /** A file to check and compile: its name, the DRL text, and where to report problems. */
    public record Source(String name, String location, String drl) {
    }

    /** A problem with a vocabulary or with a sentence that it cannot expand. */
    public record Problem(String location, int line, String message) {
    }

    /** The files to compile, or the problems that stop them. */
    public record Result(List<Source> sources, List<Problem> problems) {
    }

    /** One input file: a name ending in .drl, .dslr or .dsl, its location and its text. */
    public record Input(String name, String location, String content) {
    }

    private DslExpansion() {
    }

    public static boolean isVocabulary(String name) {
        return name.endsWith(".dsl");
    }

    public static boolean isVocabularyRules(String name) {
        return name.endsWith(".dslr");
    }

    public static Result expand(List<Input> files) {
        List<Problem> problems = new ArrayList<>();
        List<DSLMapping> vocabularies = new ArrayList<>();
        boolean anyVocabulary = false;
        for (Input file : files) {
            if (isVocabulary(file.name())) {
                anyVocabulary = true;
                DSLTokenizedMappingFile vocabulary = new DSLTokenizedMappingFile();
                try {
                    if (vocabulary.parseAndLoad(new StringReader(file.content()))) {
                        vocabularies.add(vocabulary.getMapping());
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                for (Object error : vocabulary.getErrors()) {
                    // Drools reports only "DSL parser error" here; the row says where to look.
                    problems.add(new Problem(file.location(), error instanceof ParserError parserError
                            ? parserError.getRow() : 0, "this line of the vocabulary cannot be read: write "
                            + "'[when]phrase with {placeholders}=DRL' or '[then]phrase=DRL'"));
                }
            }
        }
        List<Source> sources = new ArrayList<>();
        for (Input file : files) {
            if (isVocabulary(file.name())) {
                continue;
            }
            if (!isVocabularyRules(file.name())) {
                sources.add(new Source(file.name(), file.location(), file.content()));
                continue;
            }
            if (!anyVocabulary) {
                problems.add(new Problem(file.location(), 0, "is written in a business vocabulary, but the rule set "
                        + "has no .dsl file to expand it with"));
                continue;
            }
            // A fresh expander per file, so that each file's errors are its own.
            DefaultExpander expander = new DefaultExpander();
            vocabularies.forEach(expander::addDSLMapping);
            String drl;
            try {
                drl = expander.expand(new StringReader(file.content()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            for (Object error : expander.getErrors()) {
                int line = error instanceof ExpanderException expanderError ? expanderError.getLine() : 0;
                String text = String.valueOf(error instanceof ExpanderException expanderError
                        ? expanderError.getMessage() : error).replaceFirst("^\\[\\d+\\]\\s*", "");
                problems.add(new Problem(file.location(), line, text.replace("Unable to expand:",
                        "no phrase of the vocabulary matches:")
                        + "\nMaybe a word is misspelt; the phrases are in the .dsl files of the rule set."));
            }
            sources.add(new Source(file.name(), file.location(), drl));
        }
        return new Result(sources, problems);
    }
}
