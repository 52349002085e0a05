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
