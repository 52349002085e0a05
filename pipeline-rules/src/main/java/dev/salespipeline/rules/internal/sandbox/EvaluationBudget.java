package dev.salespipeline.rules.internal.sandbox;

/**
 * The limits of one evaluation, for the thread that runs it: a deadline, and how many pairs of facts
 * its joins may try. The engine evaluates on the calling thread, so a thread-local reaches the guards
 * of the compiled rules without passing anything through the facts. Outside an evaluation nothing is
 * limited.
 */
public final class EvaluationBudget {

    private static final ThreadLocal<EvaluationBudget> CURRENT = new ThreadLocal<>();
    /** The time source; the library's own tests replace it to place a deadline exactly. */
    private static volatile java.util.function.LongSupplier ticker = System::nanoTime;
    /** Reading the clock costs more than counting: look every so many pairs. */
    private static final int CLOCK_EVERY = 1 << 10;

    private final long deadlineNanos;
    private final long maxJoins;
    private long joins;

    private EvaluationBudget(long deadlineNanos, long maxJoins) {
        this.deadlineNanos = deadlineNanos;
        this.maxJoins = maxJoins;
    }

    /** Starts limiting the current thread's evaluation; pair with {@link #end()}. */
    public static void begin(java.time.Duration deadline, long maxJoins) {
        CURRENT.set(new EvaluationBudget(ticker.getAsLong() + deadline.toNanos(), maxJoins));
    }

    public static void end() {
        CURRENT.remove();
    }

    /**
     * Runs {@code work} with {@code source} as the time of every deadline check: for the library's tests,
     * which place a deadline between two exact points of an evaluation. Not for hosts.
     */
    public static void withTicker(java.util.function.LongSupplier source, Runnable work) {
        java.util.function.LongSupplier previous = ticker;
        ticker = source;
        try {
            work.run();
        } finally {
            ticker = previous;
        }
    }

    /** Whether the current evaluation has run past its deadline. */
    public static boolean pastDeadline() {
        EvaluationBudget budget = CURRENT.get();
        return budget != null && ticker.getAsLong() - budget.deadlineNanos > 0;
    }

    static void spendJoin(String packageName, String ruleName) {
        EvaluationBudget budget = CURRENT.get();
        if (budget == null) {
            return;
        }
        long spent = ++budget.joins;
        if (spent > budget.maxJoins) {
            throw new Exceeded(packageName, ruleName, "tried more than " + budget.maxJoins + " pairs of facts");
        }
        if ((spent & (CLOCK_EVERY - 1)) == 0 && ticker.getAsLong() - budget.deadlineNanos > 0) {
            throw new Exceeded(packageName, ruleName, "ran past the evaluation's deadline");
        }
    }

    /** An evaluation stopped by its budget, naming the rule whose join was running. */
    public static final class Exceeded extends RuntimeException {

        private static final long serialVersionUID = 1L;

        private final String packageName;
        private final String ruleName;
        private final boolean ofSize;

        public Exceeded(String packageName, String ruleName, String what) {
            this(packageName, ruleName, what, false);
        }

        /** {@code ofSize}: a value the rule computed grew too large, rather than its time or joins. */
        public Exceeded(String packageName, String ruleName, String what, boolean ofSize) {
            super(what, null, false, false);
            this.packageName = packageName;
            this.ruleName = ruleName;
            this.ofSize = ofSize;
        }

        public boolean ofSize() {
            return ofSize;
        }

        public String packageName() {
            return packageName;
        }

        public String ruleName() {
            return ruleName;
        }
    }
}
