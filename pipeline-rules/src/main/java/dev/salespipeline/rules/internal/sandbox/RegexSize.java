package dev.salespipeline.rules.internal.sandbox;

/**
 * An upper estimate of how many instructions a regular expression compiles to, read from its text: every
 * atom counts one, a group the sum of its branches, and a counted repetition multiplies what it repeats.
 * RE2/J matches in linear time, but its compiler unrolls counted repetitions, so {@code ((a{1000}){1000}){1000}}
 * is a billion instructions before a single text is matched: such a pattern is refused at load instead.
 * Nesting is bounded by {@link SandboxLimits#MAX_NESTING_DEPTH}, so the estimate's own recursion is too.
 */
final class RegexSize {

    private final String pattern;
    private int position;
    private int depth;

    private RegexSize(String pattern) {
        this.pattern = pattern;
    }

    /** The estimate, saturating at {@code Long.MAX_VALUE}. */
    static long of(String pattern) {
        RegexSize size = new RegexSize(pattern);
        long total = size.alternation();
        return total;
    }

    private long alternation() {
        long total = sequence();
        while (position < pattern.length() && pattern.charAt(position) == '|') {
            position++;
            total = add(total, sequence());
        }
        return total;
    }

    private long sequence() {
        long total = 0;
        while (position < pattern.length() && pattern.charAt(position) != '|' && pattern.charAt(position) != ')') {
            long atom = atom();
            total = add(total, repeated(atom));
        }
        return total;
    }

    private long atom() {
        char c = pattern.charAt(position);
        if (c == '(') {
            if (++depth > SandboxLimits.MAX_NESTING_DEPTH) {
                return Long.MAX_VALUE;
            }
            position++;
            // (?:…), (?i), (?P<name>…): the flags and the name are not instructions.
            if (position < pattern.length() && pattern.charAt(position) == '?') {
                while (position < pattern.length() && pattern.charAt(position) != ':' && pattern.charAt(position) != ')'
                        && pattern.charAt(position) != '>') {
                    position++;
                }
                if (position < pattern.length() && pattern.charAt(position) != ')') {
                    position++;
                }
            }
            long inner = alternation();
            if (position < pattern.length()) {
                position++;
            }
            depth--;
            return add(inner, 1);
        }
        if (c == '[') {
            position++;
            if (position < pattern.length() && pattern.charAt(position) == '^') {
                position++;
            }
            if (position < pattern.length() && pattern.charAt(position) == ']') {
                position++;
            }
            while (position < pattern.length() && pattern.charAt(position) != ']') {
                position += pattern.charAt(position) == '\\' ? 2 : 1;
            }
            position++;
            return 1;
        }
        position += c == '\\' ? 2 : 1;
        return 1;
    }

    /** The atom's size times its repetition, if one follows. */
    private long repeated(long atom) {
        if (position >= pattern.length()) {
            return atom;
        }
        char c = pattern.charAt(position);
        if (c == '*' || c == '+' || c == '?') {
            position++;
            skipLazy();
            return add(atom, 1);
        }
        if (c == '{') {
            int close = pattern.indexOf('}', position);
            String counts = close < 0 ? "" : pattern.substring(position + 1, close);
            if (counts.matches("\\d{1,9}(,\\d{0,9})?")) {
                position = close + 1;
                skipLazy();
                String[] parts = counts.split(",", -1);
                long times = parts.length == 2 && !parts[1].isEmpty() ? Long.parseLong(parts[1])
                        : Long.parseLong(parts[0]) + (parts.length == 2 ? 1 : 0);
                return multiply(atom, Math.max(times, 1));
            }
        }
        return atom;
    }

    private void skipLazy() {
        if (position < pattern.length() && pattern.charAt(position) == '?') {
            position++;
        }
    }

    private static long add(long a, long b) {
        long sum = a + b;
        return sum < 0 ? Long.MAX_VALUE : sum;
    }

    private static long multiply(long a, long b) {
        return a != 0 && b > Long.MAX_VALUE / a ? Long.MAX_VALUE : a * b;
    }
}
