package dev.salespipeline.rules.internal;

import dev.salespipeline.rules.internal.sandbox.SandboxLimits;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns rule files written in the business vocabulary ({@code .dslr}) into DRL with the vocabulary of
 * every {@code .dsl} file of the rule set, before the sandbox and the compiler see them: so what is
 * checked is what runs, and a problem keeps its {@code .dslr} file and line (one line out for each line in).
 *
 * <p>The vocabulary is Drools' DSL format, in the subset the rules guide documents: {@code [when]phrase=DRL}
 * and {@code [then]phrase=DRL} lines, phrases of words and {@code {placeholders}} (with {@code !lc},
 * {@code !uc} or {@code !ucfirst} in the DRL to change a value's case), {@code #} comments. A sentence
 * matches a phrase as Drools matches it (words separated by any whitespace, a placeholder taking the
 * fewest characters it can, the last one the rest of the line), with two differences that make expansion
 * safe for any input: phrases are matched literally, never as regular expressions, and matching runs on
 * a linear-time engine (RE2/J). Drools' own expander compiles each phrase into a backtracking Java regular
 * expression, and three placeholders on a line of 400 characters took it 16 seconds; a phrase that repeats
 * a placeholder, applied after another that does, doubled a sentence forty times over. Here an expansion
 * longer than a line may be is refused instead.
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

    /** Phrases in all the vocabularies of a rule set: far more than a business vocabulary holds. */
    static final int MAX_PHRASES = 1_000;
    private static final int MAX_PHRASE_LENGTH = 500;

    private static final Pattern ENTRY = Pattern.compile("^\\[(when|then)\\](.*)$");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z_][A-Za-z0-9_]*)\\}");
    private static final Pattern SUBSTITUTION = Pattern.compile("\\{([A-Za-z_][A-Za-z0-9_]*)(?:!(lc|uc|ucfirst))?\\}");
    private static final Pattern EXPANDER = Pattern.compile("^\\s*expander\\s+[\\w.-]+\\s*;?\\s*$");

    /** A phrase of a vocabulary, compiled for the linear-time engine. */
    private record Phrase(boolean condition, Pattern pattern, List<String> placeholders, String drl,
                          boolean keepsTrailingCharacter) {
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
        List<Phrase> phrases = new ArrayList<>();
        boolean anyVocabulary = false;
        for (Input file : files) {
            if (isVocabulary(file.name())) {
                anyVocabulary = true;
                readVocabulary(file, phrases, problems);
            }
        }
        if (phrases.size() > MAX_PHRASES) {
            problems.add(new Problem("(rule set)", 0, "the vocabularies hold " + phrases.size() + " phrases; at most "
                    + MAX_PHRASES));
        }
        // A sentence that a refused phrase would have matched is not a problem of its own.
        boolean vocabularyRefused = !problems.isEmpty();
        List<Source> sources = new ArrayList<>();
        for (Input file : files) {
            if (isVocabulary(file.name()) || vocabularyRefused && isVocabularyRules(file.name())) {
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
            sources.add(new Source(file.name(), file.location(), expandFile(file, phrases, problems)));
        }
        return new Result(sources, problems);
    }

    private static void readVocabulary(Input file, List<Phrase> phrases, List<Problem> problems) {
        String[] lines = file.content().split("\r?\n", -1);
        for (int index = 0; index < lines.length; index++) {
            String line = lines[index].strip();
            int number = index + 1;
            if (line.isEmpty() || line.startsWith("#") || line.startsWith("//")) {
                continue;
            }
            Matcher entry = ENTRY.matcher(line);
            if (line.startsWith("[keyword]") || line.startsWith("[*]") || line.startsWith("[any]")) {
                problems.add(new Problem(file.location(), number, "only [when] and [then] phrases are supported: a"
                        + " keyword or any-section phrase rewrites text outside the rules' conditions and actions"));
                continue;
            }
            if (!entry.matches()) {
                problems.add(new Problem(file.location(), number, "this line of the vocabulary cannot be read: write "
                        + "'[when]phrase with {placeholders}=DRL' or '[then]phrase=DRL'"));
                continue;
            }
            String rest = entry.group(2);
            int equals = rest.indexOf('=');
            if (equals <= 0) {
                problems.add(new Problem(file.location(), number, "this line of the vocabulary has no '=': write "
                        + "'[when]phrase with {placeholders}=DRL' or '[then]phrase=DRL'"));
                continue;
            }
            String phrase = rest.substring(0, equals).strip();
            String drl = rest.substring(equals + 1).strip();
            try {
                phrases.add(compile(entry.group(1).equals("when"), phrase, drl));
            } catch (IllegalArgumentException refused) {
                problems.add(new Problem(file.location(), number, refused.getMessage()));
            }
        }
    }

    /** The phrase as Drools reads it, quoted word by word for the linear-time engine. */
    private static Phrase compile(boolean condition, String phrase, String drl) {
        if (phrase.length() > MAX_PHRASE_LENGTH) {
            throw new IllegalArgumentException("a phrase of " + phrase.length() + " characters; at most "
                    + MAX_PHRASE_LENGTH);
        }
        if (phrase.startsWith("[") || phrase.startsWith("-")) {
            throw new IllegalArgumentException("the phrase '" + phrase + "': object-scoped phrases ([when][Type]) and"
                    + " constraint phrases (-) are not supported; write a phrase that expands to a whole pattern");
        }
        if (phrase.indexOf('\\') >= 0) {
            throw new IllegalArgumentException("a backslash in the phrase '" + phrase + "': phrases are words and"
                    + " {placeholders}, matched as written");
        }
        List<String> placeholders = new ArrayList<>();
        StringBuilder regex = new StringBuilder("(^|\\W)");
        Matcher placeholder = PLACEHOLDER.matcher(phrase);
        int literalFrom = 0;
        boolean endsWithPlaceholder = false;
        while (placeholder.find()) {
            appendWords(regex, phrase.substring(literalFrom, placeholder.start()));
            regex.append("(.*?)");
            placeholders.add(placeholder.group(1));
            literalFrom = placeholder.end();
            endsWithPlaceholder = placeholder.end() == phrase.length();
        }
        String tail = phrase.substring(literalFrom);
        String words = PLACEHOLDER.matcher(phrase).replaceAll(" ");
        if (words.indexOf('{') >= 0 || words.indexOf('}') >= 0) {
            throw new IllegalArgumentException("the phrase '" + phrase + "': placeholders are {names} of letters and"
                    + " digits, without a pattern ({name:regex} is not supported)");
        }
        if (words.chars().noneMatch(Character::isLetterOrDigit)) {
            throw new IllegalArgumentException("the phrase '" + phrase + "' has no words, so it would match any"
                    + " sentence");
        }
        appendWords(regex, tail);
        boolean keepsTrailingCharacter = false;
        if (endsWithPlaceholder) {
            regex.append("$");
        } else if (Character.isLetterOrDigit(phrase.charAt(phrase.length() - 1))
                || phrase.charAt(phrase.length() - 1) == '_') {
            regex.append("\\b");
        } else {
            regex.append("(\\W|$)");
            keepsTrailingCharacter = true;
        }
        Matcher used = SUBSTITUTION.matcher(drl);
        while (used.find()) {
            if (!placeholders.contains(used.group(1))) {
                throw new IllegalArgumentException("the DRL of the phrase '" + phrase + "' uses {" + used.group(1)
                        + "}, which the phrase does not have");
            }
        }
        return new Phrase(condition, Pattern.compile(regex.toString()), List.copyOf(placeholders), drl,
                keepsTrailingCharacter);
    }

    /** Literal words, any run of whitespace in the phrase matching any run in the sentence. */
    private static void appendWords(StringBuilder regex, String words) {
        String[] parts = words.split("\\s+", -1);
        for (int index = 0; index < parts.length; index++) {
            if (index > 0) {
                regex.append("\\s+");
            }
            if (!parts[index].isEmpty()) {
                regex.append(Pattern.quote(parts[index]));
            }
        }
    }

    /** The file with every sentence of its rules expanded, line for line. */
    private static String expandFile(Input file, List<Phrase> phrases, List<Problem> problems) {
        String[] lines = file.content().split("\n", -1);
        StringBuilder out = new StringBuilder(file.content().length());
        Boolean inCondition = null;
        for (int index = 0; index < lines.length; index++) {
            String line = lines[index];
            String bare = line.strip();
            String expanded = line;
            if (bare.equals("when")) {
                inCondition = true;
            } else if (bare.equals("then")) {
                inCondition = false;
            } else if (bare.equals("end")) {
                inCondition = null;
            } else if (inCondition == null && EXPANDER.matcher(line).matches()) {
                // Every .dsl file of the rule set applies; Drools' "expander" line names one, and goes.
                expanded = "";
            } else if (inCondition != null && !bare.isEmpty() && !bare.startsWith("//") && !bare.startsWith("#")) {
                if (bare.startsWith(">")) {
                    expanded = line.replaceFirst(">", " ");
                } else {
                    try {
                        expanded = expandSentence(line, phrases, inCondition);
                    } catch (IllegalArgumentException problem) {
                        problems.add(new Problem(file.location(), index + 1, problem.getMessage()));
                    }
                }
            }
            if (index > 0) {
                out.append('\n');
            }
            out.append(expanded);
        }
        return out.toString();
    }

    /** One sentence, every phrase of its section applied in turn, as Drools applies them. */
    private static String expandSentence(String line, List<Phrase> phrases, boolean condition) {
        if (line.length() > SandboxLimits.MAX_LINE_LENGTH) {
            throw new IllegalArgumentException("a sentence of " + line.length() + " characters; at most "
                    + SandboxLimits.MAX_LINE_LENGTH);
        }
        String text = line;
        boolean matched = false;
        for (Phrase phrase : phrases) {
            if (phrase.condition() != condition) {
                continue;
            }
            Matcher matcher = phrase.pattern().matcher(text);
            if (!matcher.find()) {
                continue;
            }
            matched = true;
            StringBuilder replaced = new StringBuilder();
            int from = 0;
            do {
                replaced.append(text, from, matcher.start()).append(matcher.group(1));
                Map<String, String> values = new LinkedHashMap<>();
                for (int index = 0; index < phrase.placeholders().size(); index++) {
                    values.put(phrase.placeholders().get(index), matcher.group(index + 2));
                }
                substitute(replaced, phrase.drl(), values);
                if (phrase.keepsTrailingCharacter()) {
                    replaced.append(matcher.group(phrase.placeholders().size() + 2));
                }
                if (replaced.length() > SandboxLimits.MAX_LINE_LENGTH) {
                    throw new IllegalArgumentException("the sentence expands to more than "
                            + SandboxLimits.MAX_LINE_LENGTH + " characters (phrases that repeat a placeholder, applied"
                            + " one after another, multiply its length)");
                }
                from = matcher.end();
            } while (from <= text.length() && matcher.find());
            replaced.append(text, Math.min(from, text.length()), text.length());
            text = replaced.toString();
        }
        if (!matched) {
            throw new IllegalArgumentException("no phrase of the vocabulary matches: " + line.strip()
                    + "\nMaybe a word is misspelt; the phrases are in the .dsl files of the rule set.");
        }
        return text;
    }

    private static void substitute(StringBuilder out, String drl, Map<String, String> values) {
        Matcher use = SUBSTITUTION.matcher(drl);
        int from = 0;
        while (use.find()) {
            out.append(drl, from, use.start());
            String value = values.get(use.group(1));
            String transform = use.group(2);
            if ("lc".equals(transform)) {
                value = value.toLowerCase(Locale.ROOT);
            } else if ("uc".equals(transform)) {
                value = value.toUpperCase(Locale.ROOT);
            } else if ("ucfirst".equals(transform) && !value.isEmpty()) {
                value = value.substring(0, 1).toUpperCase(Locale.ROOT) + value.substring(1);
            }
            out.append(value);
            from = use.end();
        }
        out.append(drl, from, drl.length());
    }
}
