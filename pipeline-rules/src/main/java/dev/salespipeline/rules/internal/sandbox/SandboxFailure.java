package dev.salespipeline.rules.internal.sandbox;

/**
 * Stops checking one expression, consequence or file at the first thing that cannot be accepted; the
 * checker turns it into a {@link Finding} and goes on with the next piece of the file.
 */
final class SandboxFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient Finding finding;

    private SandboxFailure(Finding finding) {
        super(finding.message(), null, false, false);
        this.finding = finding;
    }

    /** Something the sandbox does not allow. */
    static SandboxFailure refused(int line, String what) {
        return new SandboxFailure(Finding.refused(line, what));
    }

    /** A limit on size or nesting that was exceeded. */
    static SandboxFailure limit(int line, String what) {
        return new SandboxFailure(Finding.refused(line, "over a limit: " + what));
    }

    /** Text that is not valid in the rule language. */
    static SandboxFailure syntax(int line, String message) {
        return new SandboxFailure(Finding.error(line, message));
    }

    Finding finding() {
        return finding;
    }
}
