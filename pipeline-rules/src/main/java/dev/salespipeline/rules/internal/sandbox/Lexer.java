package dev.salespipeline.rules.internal.sandbox;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits one expression or consequence of a rule file into tokens. It knows every literal form that
 * DRL, MVEL and Java have (double- and single-quoted text, char literals, text blocks, unicode
 * escapes, comments), and accepts only the few it can hand to the engine unambiguously: everything
 * else is refused here, before anything is parsed, so that no token can mean one thing to the checker
 * and another to the engine.
 */
final class Lexer {

    /** The kinds of token the grammar is made of. */
    enum Kind { IDENTIFIER, VARIABLE, TEXT, INTEGER, LONG, DECIMAL, OPERATOR, END }

    /**
     * One token with the 1-based line it stands on.
     *
     * @param text  the token as written, except for text literals, whose decoded value this is
     * @param quote for text literals the quote it was written with; 0 otherwise
     */
    record Token(Kind kind, String text, int line, char quote) {

        boolean is(String operator) {
            return (kind == Kind.OPERATOR || kind == Kind.IDENTIFIER) && text.equals(operator);
        }
    }

    /** Longest first, so that {@code <=} is never read as {@code <} then {@code =}. */
    private static final List<String> OPERATORS = List.of("==", "!=", "<=", ">=", "&&", "||", "<", ">", "+", "-",
            "*", "/", "%", "!", "(", ")", ",", ".", ":", "?", ";", "=");

    private final String source;
    private final int end;
    private int position;
    private int line;
    private final List<Token> tokens = new ArrayList<>();

    private Lexer(String source, int start, int end, int firstLine) {
        this.source = source;
        this.position = start;
        this.end = end;
        this.line = firstLine;
    }

    /**
     * The tokens of {@code source[start, end)}, whose first character stands on {@code firstLine}, ending
     * with an {@link Kind#END} token.
     *
     * @throws SandboxFailure at the first character or literal that is refused
     */
    static List<Token> tokenize(String source, int start, int end, int firstLine) {
        Lexer lexer = new Lexer(source, start, end, firstLine);
        lexer.run();
        return lexer.tokens;
    }

    private void run() {
        while (true) {
            skipBlanksAndComments();
            if (position >= end) {
                tokens.add(new Token(Kind.END, "", line, (char) 0));
                return;
            }
            if (tokens.size() >= SandboxLimits.MAX_TOKENS_PER_EXPRESSION) {
                throw SandboxFailure.limit(tokens.get(0).line(), "an expression of more than " + SandboxLimits.MAX_TOKENS_PER_EXPRESSION
                        + " tokens; split the rule");
            }
            char c = source.charAt(position);
            if (c == '"' || c == '\'') {
                text(c);
            } else if (c == '$') {
                variable();
            } else if (isAsciiLetter(c) || c == '_') {
                identifier();
            } else if (c >= '0' && c <= '9') {
                number();
            } else {
                operator(c);
            }
        }
    }

    private void skipBlanksAndComments() {
        while (position < end) {
            char c = source.charAt(position);
            if (c == '\n') {
                line++;
                position++;
            } else if (c == ' ' || c == '\t' || c == '\r') {
                position++;
            } else if (c == '/' && position + 1 < end && source.charAt(position + 1) == '/') {
                while (position < end && source.charAt(position) != '\n') {
                    position++;
                }
            } else if (c == '/' && position + 1 < end && source.charAt(position + 1) == '*') {
                int close = source.indexOf("*/", position + 2);
                if (close < 0 || close + 2 > end) {
                    throw SandboxFailure.syntax(line, "a comment opened with /* is never closed");
                }
                for (int i = position; i < close; i++) {
                    if (source.charAt(i) == '\n') {
                        line++;
                    }
                }
                position = close + 2;
            } else {
                return;
            }
        }
    }

    private void text(char quote) {
        int startLine = line;
        if (quote == '"' && source.startsWith("\"\"\"", position)) {
            throw SandboxFailure.refused(line, "a text block (\"\"\"): write text on one line in \"double quotes\"");
        }
        StringBuilder value = new StringBuilder();
        position++;
        while (true) {
            if (position >= end || source.charAt(position) == '\n') {
                throw SandboxFailure.syntax(startLine, "text opened with " + quote + " is not closed on its line");
            }
            char c = source.charAt(position);
            if (c == quote) {
                position++;
                break;
            }
            if (c == '\\') {
                value.append(escape());
                continue;
            }
            SandboxLimits.requirePrintable(c, startLine, "text");
            value.append(c);
            position++;
            if (value.length() > SandboxLimits.MAX_LITERAL_LENGTH) {
                throw SandboxFailure.limit(startLine, "text longer than " + SandboxLimits.MAX_LITERAL_LENGTH
                        + " characters");
            }
        }
        tokens.add(new Token(Kind.TEXT, value.toString(), startLine, quote));
    }

    /** The character an escape stands for; only the escapes every dialect reads alike. */
    private char escape() {
        if (position + 1 >= end) {
            throw SandboxFailure.syntax(line, "text ends with a lone backslash");
        }
        char next = source.charAt(position + 1);
        position += 2;
        return switch (next) {
            case 'n', 't', 'r' -> throw SandboxFailure.refused(line, "the escape \\" + next + " in text: a rule's text"
                    + " is one line (a line break in a message or an id could forge lines in a report)");
            case '"' -> '"';
            case '\'' -> '\'';
            case '\\' -> '\\';
            case 'u' -> throw SandboxFailure.refused(line, "a unicode escape (\\u" + source.substring(position,
                    Math.min(end, position + 4)) + "): write the character itself, rule files are UTF-8");
            default -> throw SandboxFailure.refused(line, "the escape \\" + next + " in text: only \\\", \\' and"
                    + " \\\\ are allowed");
        };
    }

    private void variable() {
        int start = position;
        position++;
        while (position < end && isIdentifierPart(source.charAt(position))) {
            position++;
        }
        String name = source.substring(start, position);
        if (name.length() == 1) {
            throw SandboxFailure.syntax(line, "'$' must start a variable name such as $deal");
        }
        if (name.startsWith("$__")) {
            throw SandboxFailure.refused(line, "the variable " + name + ": names starting with $__ are the library's");
        }
        rejectGlued();
        tokens.add(new Token(Kind.VARIABLE, name, line, (char) 0));
    }

    private void identifier() {
        int start = position;
        while (position < end && isIdentifierPart(source.charAt(position))) {
            position++;
        }
        rejectGlued();
        tokens.add(new Token(Kind.IDENTIFIER, source.substring(start, position), line, (char) 0));
    }

    private void number() {
        int start = position;
        while (position < end && isDigit(source.charAt(position))) {
            position++;
        }
        boolean decimal = false;
        if (position + 1 < end && source.charAt(position) == '.' && isDigit(source.charAt(position + 1))) {
            decimal = true;
            position++;
            while (position < end && isDigit(source.charAt(position))) {
                position++;
            }
        }
        String digits = source.substring(start, position);
        boolean isLong = !decimal && position < end && (source.charAt(position) == 'L' || source.charAt(position) == 'l');
        if (isLong) {
            position++;
        }
        if (digits.length() > 1 && digits.charAt(0) == '0' && !decimal) {
            throw SandboxFailure.refused(line, "the number " + digits + ": a leading zero reads as octal in Java;"
                    + " write it without");
        }
        if (digits.replace(".", "").length() > SandboxLimits.MAX_NUMBER_DIGITS) {
            throw SandboxFailure.limit(line, "a number of more than " + SandboxLimits.MAX_NUMBER_DIGITS + " digits");
        }
        if (position < end && (isIdentifierPart(source.charAt(position)) || source.charAt(position) == '.')) {
            throw SandboxFailure.refused(line, "the number '" + source.substring(start, Math.min(end, position + 1))
                    + "…': write whole numbers and decimals such as 90 or 1.5, without exponents, suffixes or"
                    + " other bases");
        }
        if (!decimal && digits.length() > 18) {
            throw SandboxFailure.refused(line, "the whole number " + digits + " is too large; write it as a decimal");
        }
        tokens.add(new Token(decimal ? Kind.DECIMAL : isLong ? Kind.LONG : Kind.INTEGER, digits, line, (char) 0));
    }

    private void operator(char c) {
        for (String operator : OPERATORS) {
            if (source.startsWith(operator, position) && position + operator.length() <= end) {
                position += operator.length();
                tokens.add(new Token(Kind.OPERATOR, operator, line, (char) 0));
                return;
            }
        }
        if (c == '\\') {
            throw SandboxFailure.refused(line, "a backslash outside text (a unicode escape?): write the character itself");
        }
        SandboxLimits.requirePrintable(c, line, "code");
        throw SandboxFailure.refused(line, "the character '" + c + "': rules use only names, $variables, literals and"
                + " the operators " + String.join(" ", OPERATORS));
    }

    /** {@code abc$x} or a name running into a quote is one token to Java and two to MVEL: refuse the doubt. */
    private void rejectGlued() {
        if (position < end) {
            char c = source.charAt(position);
            if (c == '$' || c == '"' || c == '\'' || c > 127 && Character.isLetterOrDigit(c)) {
                throw SandboxFailure.refused(line, "the character '" + c + "' directly after a name: names are ASCII"
                        + " letters, digits and '_', and are separated from what follows");
            }
        }
    }

    private static boolean isIdentifierPart(char c) {
        return isAsciiLetter(c) || isDigit(c) || c == '_';
    }

    private static boolean isAsciiLetter(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
