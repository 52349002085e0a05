package dev.salespipeline.rules.internal.sandbox;

/** One statement of a consequence, in the checked form. */
sealed interface Statement {

    int line();

    /** {@code [final] Type name = initializer;} */
    record Local(int line, boolean isFinal, String type, String name, Expr initializer) implements Statement {
    }

    /** A call as a statement: {@code $gate.unmet( "id", "What to do." );} */
    record Report(int line, Expr.Call call) implements Statement {
    }
}
