package dev.salespipeline.rules;

/**
 * Thrown when evaluating rules fails: a rule's consequence threw, broke the reporting contract, or
 * fired without end. Names the rule and its file; the opportunity is never changed by a failed
 * evaluation.
 */
public final class RuleEvaluationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String rule;

    public RuleEvaluationException(String rule, String message, Throwable cause) {
        super(message, cause);
        this.rule = rule;
    }

    /** The rule that failed, as {@code rule 'name' in file}. */
    public String rule() {
        return rule;
    }
}
