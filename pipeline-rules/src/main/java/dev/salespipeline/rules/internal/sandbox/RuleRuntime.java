package dev.salespipeline.rules.internal.sandbox;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * What the canonical rule files call at evaluation time, and nothing a rule author can name (the
 * sandbox refuses every qualified name). Public only because compiled rules live in classes of their own.
 */
public final class RuleRuntime {

    /** Patterns are literals of the rule files: the cache is bounded by what the files hold. */
    private static final ConcurrentMap<String, com.google.re2j.Pattern> PATTERNS = new ConcurrentHashMap<>();

    private RuleRuntime() {
    }

    /**
     * Counts one pair of facts that a rule's join tries, against the evaluation's budget; always true.
     * The left fact only makes the guard a join constraint, evaluated once per pair.
     *
     * @throws EvaluationBudget.Exceeded when the evaluation has tried too many pairs or run past its deadline
     */
    public static boolean join(Object left, String packageName, String ruleName) {
        EvaluationBudget.spendJoin(packageName, ruleName);
        return true;
    }

    /**
     * The result of an operation that can grow its operands (text joined with {@code +}, numbers multiplied
     * or added), if it is still of a reasonable size: a rule that doubles text or squares a number again
     * and again would otherwise run for hours or exhaust the memory of the whole application, in a single
     * consequence the deadline cannot interrupt. Each step is checked, so the work stays bounded.
     *
     * @throws EvaluationBudget.Exceeded naming the rule, when the result is longer than
     *                                   {@value SandboxLimits#MAX_COMPUTED_TEXT} characters or has more than
     *                                   {@value SandboxLimits#MAX_COMPUTED_DIGITS} digits or decimal places
     */
    public static <T> T bounded(T value, String packageName, String ruleName) {
        if (value instanceof CharSequence text && text.length() > SandboxLimits.MAX_COMPUTED_TEXT) {
            throw new EvaluationBudget.Exceeded(packageName, ruleName, "made text of " + text.length()
                    + " characters, more than the " + SandboxLimits.MAX_COMPUTED_TEXT + " a rule may compute", true);
        }
        if (value instanceof java.math.BigDecimal number && (number.precision() > SandboxLimits.MAX_COMPUTED_DIGITS
                || Math.abs((long) number.scale()) > SandboxLimits.MAX_COMPUTED_DIGITS)) {
            throw new EvaluationBudget.Exceeded(packageName, ruleName, "made a number of more than "
                    + SandboxLimits.MAX_COMPUTED_DIGITS + " digits or decimal places, more than a rule may compute", true);
        }
        return value;
    }

    /**
     * {@code value matches pattern} on a linear-time engine (RE2/J): no pattern and no text can make it
     * backtrack. Null matches nothing, as in DRL.
     */
    public static boolean matches(Object value, String pattern) {
        if (value == null) {
            return false;
        }
        return PATTERNS.computeIfAbsent(pattern, com.google.re2j.Pattern::compile).matches(value.toString());
    }
}
