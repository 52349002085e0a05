package dev.salespipeline.rules;

import java.util.List;

/**
 * Thrown when rule files cannot be loaded: unreadable, or not compiling. Lists every problem with its
 * file and line, so an analyst can fix the files from the message alone. The rules in force before
 * stay in force.
 */
public final class RuleLoadException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient List<RuleProblem> problems;

    public RuleLoadException(List<RuleProblem> problems) {
        super(problems.size() + " problem" + (problems.size() == 1 ? "" : "s") + " in the rules:\n  "
                + String.join("\n  ", problems.stream().map(RuleProblem::toString).toList()));
        this.problems = List.copyOf(problems);
    }

    public RuleLoadException(List<RuleProblem> problems, Throwable cause) {
        this(problems);
        initCause(cause);
    }

    /** Every problem, in file order. */
    public List<RuleProblem> problems() {
        return problems;
    }
}
