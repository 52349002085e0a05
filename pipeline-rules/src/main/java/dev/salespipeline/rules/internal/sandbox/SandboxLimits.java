package dev.salespipeline.rules.internal.sandbox;

/**
 * The sizes a rule file may have. Each one keeps loading fast and bounded whatever a file holds: the
 * parser recurses per bracket, literals are copied into compiled code, and a long expression is work
 * on every evaluation.
 */
public final class SandboxLimits {

    /** Far more than a rule file of a thousand rules needs. */
    public static final int MAX_FILE_CHARACTERS = 2 * 1024 * 1024;
    public static final int MAX_LINE_LENGTH = 10_000;
    /** Text literals: as long as the longest free text the core accepts. */
    public static final int MAX_LITERAL_LENGTH = 10_000;
    /** Brackets of any kind open at once; the parsers recurse once or more per level. */
    public static final int MAX_NESTING_DEPTH = 64;
    public static final int MAX_TOKENS_PER_EXPRESSION = 2_000;
    /** Operators and calls nested in one expression. */
    public static final int MAX_EXPRESSION_DEPTH = 48;
    public static final int MAX_NUMBER_DIGITS = 30;
    /** Steps a regular expression unrolls to: far more than any pattern of words and counts needs. */
    public static final int MAX_PATTERN_SIZE = 10_000;
    /** Text a rule computes (joins with +): ten times the longest free text the core accepts. */
    public static final int MAX_COMPUTED_TEXT = 100_000;
    /** Digits, and decimal places, of a number a rule computes; money needs about twenty. */
    public static final int MAX_COMPUTED_DIGITS = 1_000;

    private SandboxLimits() {
    }

    /**
     * Refuses control characters, invisible formatting characters (bidirectional overrides can make code
     * read differently from how it runs), line and paragraph separators and unpaired surrogates.
     */
    static void requirePrintable(char c, int line, String where) {
        int type = Character.getType(c);
        boolean refused = type == Character.CONTROL && c != '\t' && c != '\n' && c != '\r'
                || type == Character.FORMAT || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR || type == Character.UNASSIGNED;
        if (refused) {
            throw SandboxFailure.refused(line, String.format("the invisible or control character U+%04X in %s", (int) c,
                    where));
        }
    }
}
