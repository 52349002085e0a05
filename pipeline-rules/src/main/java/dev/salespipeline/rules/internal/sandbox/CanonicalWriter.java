package dev.salespipeline.rules.internal.sandbox;

/**
 * Writes the canonical rule file, the only text the engine compiles. Every token goes on the line it
 * stood on in the original (blank lines make up the difference), so that the compiler's messages name
 * the analyst's lines. Text literals are written in double quotes with only {@code \"}, {@code \\},
 * {@code \n} and {@code \t} escaped: no unicode escape, single quote or comment ever reaches the engine.
 */
final class CanonicalWriter {

    private final StringBuilder out = new StringBuilder();
    private int line = 1;

    /** Moves to {@code target} if it is below the current line; text never moves up. */
    CanonicalWriter at(int target) {
        while (line < target) {
            out.append('\n');
            line++;
        }
        return this;
    }

    /** Appends code as it is: names, operators and keywords the checker produced. */
    CanonicalWriter code(String code) {
        out.append(code);
        return this;
    }

    /** Where the text ends now: a place to wrap what is written after it. */
    int mark() {
        return out.length();
    }

    /** Inserts code at a mark taken earlier; it must hold no line break, so every line stays where it was. */
    CanonicalWriter insert(int mark, String code) {
        if (code.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("inserted code must stay on one line");
        }
        out.insert(mark, code);
        return this;
    }

    /** Appends a text literal in its canonical form. */
    CanonicalWriter text(String value) {
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                default -> out.append(c);
            }
        }
        out.append('"');
        return this;
    }

    @Override
    public String toString() {
        return out + "\n";
    }
}
