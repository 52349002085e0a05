package dev.salespipeline.rules.internal.sandbox;

import java.util.Arrays;

/**
 * One linear pass over a whole rule file before any parser sees it: the file's size, line lengths,
 * nesting depth and literal lengths within {@link SandboxLimits}, no control or invisible character
 * anywhere, no unicode escape anywhere. Drools' parser recurses once per bracket and would
 * otherwise fail with a {@link StackOverflowError}; the checks after it assume a file of bounded size.
 *
 * <p>Also records where each line starts, so that a character offset becomes a line in O(log n).
 */
final class FileScan {

    private final String text;
    private final int[] lineStarts;

    private FileScan(String text, int[] lineStarts) {
        this.text = text;
        this.lineStarts = lineStarts;
    }

    /**
     * Scans {@code text}.
     *
     * @throws SandboxFailure at the first limit exceeded or character refused
     */
    static FileScan of(String text) {
        if (text.length() > SandboxLimits.MAX_FILE_CHARACTERS) {
            throw SandboxFailure.limit(0, "a file of " + text.length() + " characters; at most "
                    + SandboxLimits.MAX_FILE_CHARACTERS + " are read");
        }
        for (int cr = text.indexOf('\r'); cr >= 0; cr = text.indexOf('\r', cr + 1)) {
            if (cr + 1 >= text.length() || text.charAt(cr + 1) != '\n') {
                // A carriage return alone ends a line (and a line comment) for some readers and not for others.
                int crLine = 1 + (int) text.substring(0, cr).chars().filter(ch -> ch == '\n').count();
                throw SandboxFailure.refused(crLine, "a carriage return without a line feed (old Mac line endings?):"
                        + " save the file with LF or CRLF line endings");
            }
        }
        int[] starts = new int[64];
        int lines = 1;
        int line = 1;
        int lineStart = 0;
        int depth = 0;
        int length = text.length();
        int i = 0;
        while (i < length) {
            char c = text.charAt(i);
            if (c == '\n') {
                if (i - lineStart > SandboxLimits.MAX_LINE_LENGTH) {
                    throw SandboxFailure.limit(line, "a line of " + (i - lineStart) + " characters; at most "
                            + SandboxLimits.MAX_LINE_LENGTH);
                }
                if (lines == starts.length) {
                    starts = Arrays.copyOf(starts, lines * 2);
                }
                starts[lines++] = i + 1;
                line++;
                lineStart = i + 1;
                i++;
                continue;
            }
            checkCharacter(text, i, line);
            if (c == '\\' && i + 1 < length && text.charAt(i + 1) == 'u') {
                // Java translates unicode escapes before anything else, in comments too (an escaped line feed
                // ends a line comment). Refused wherever they stand, so no reader of the file can disagree about them.
                throw SandboxFailure.refused(line, "a unicode escape (\\u…): write the character itself, rule files"
                        + " are UTF-8");
            }
            if (c == '/' && i + 1 < length && text.charAt(i + 1) == '/') {
                while (i < length && text.charAt(i) != '\n') {
                    checkEscapeFree(text, i, line);
                    i++;
                }
                continue;
            }
            if (c == '/' && i + 1 < length && text.charAt(i + 1) == '*') {
                int close = text.indexOf("*/", i + 2);
                int stop = close < 0 ? length : close + 2;
                for (int j = i; j < stop; j++) {
                    char inComment = text.charAt(j);
                    if (inComment == '\\') {
                        checkEscapeFree(text, j, line);
                    }
                    if (inComment == '\n') {
                        if (lines == starts.length) {
                            starts = Arrays.copyOf(starts, lines * 2);
                        }
                        starts[lines++] = j + 1;
                        line++;
                        lineStart = j + 1;
                    } else {
                        checkCharacter(text, j, line);
                    }
                }
                i = stop;
                continue;
            }
            if (c == '"' || c == '\'') {
                int start = i;
                i++;
                while (i < length && text.charAt(i) != c && text.charAt(i) != '\n') {
                    checkEscapeFree(text, i, line);
                    i += text.charAt(i) == '\\' && i + 1 < length && text.charAt(i + 1) != '\n' ? 2 : 1;
                }
                if (i - start > SandboxLimits.MAX_LITERAL_LENGTH) {
                    throw SandboxFailure.limit(line, "text of " + (i - start - 1) + " characters; at most "
                            + SandboxLimits.MAX_LITERAL_LENGTH);
                }
                if (i >= length || text.charAt(i) != c) {
                    // The parser's own report of this is an internal error with a stack trace.
                    throw SandboxFailure.syntax(line, "text opened with " + c + " is not closed on its line");
                }
                i++;
                continue;
            }
            if (c == '(' || c == '[' || c == '{') {
                if (++depth > SandboxLimits.MAX_NESTING_DEPTH) {
                    throw SandboxFailure.limit(line, "brackets nested more than " + SandboxLimits.MAX_NESTING_DEPTH
                            + " deep");
                }
            } else if ((c == ')' || c == ']' || c == '}') && depth > 0) {
                depth--;
            }
            i++;
        }
        if (length - lineStart > SandboxLimits.MAX_LINE_LENGTH) {
            throw SandboxFailure.limit(line, "a line of " + (length - lineStart) + " characters; at most "
                    + SandboxLimits.MAX_LINE_LENGTH);
        }
        return new FileScan(text, Arrays.copyOf(starts, lines));
    }

    /** A character, which also must not start a unicode escape. */
    private static void checkEscapeFree(String text, int index, int line) {
        checkCharacter(text, index, line);
        if (text.charAt(index) == '\\' && index + 1 < text.length() && text.charAt(index + 1) == 'u') {
            throw SandboxFailure.refused(line, "a unicode escape (\\u…): write the character itself, rule files are"
                    + " UTF-8");
        }
    }

    private static void checkCharacter(String text, int index, int line) {
        char c = text.charAt(index);
        if (Character.isHighSurrogate(c)) {
            if (index + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(index + 1))) {
                throw SandboxFailure.refused(line, String.format("an unpaired surrogate U+%04X", (int) c));
            }
        } else if (Character.isLowSurrogate(c)) {
            if (index == 0 || !Character.isHighSurrogate(text.charAt(index - 1))) {
                throw SandboxFailure.refused(line, String.format("an unpaired surrogate U+%04X", (int) c));
            }
        } else if (!(c == '\uFEFF' && index == 0)) {
            SandboxLimits.requirePrintable(c, line, "the file");
        }
    }

    String text() {
        return text;
    }

    /** The 1-based line of a character offset. */
    int lineOf(int offset) {
        int index = Arrays.binarySearch(lineStarts, offset);
        return index >= 0 ? index + 1 : -index - 1;
    }
}
