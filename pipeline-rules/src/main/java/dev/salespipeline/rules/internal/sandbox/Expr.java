package dev.salespipeline.rules.internal.sandbox;

import java.util.List;

/**
 * The checked form of an expression: what the sandbox decided on, and what the canonical rule file is
 * written from. Each node knows the line of its first token.
 */
sealed interface Expr {

    int line();

    /** The kinds of literal, each written back in one canonical form. */
    enum LiteralKind { TEXT, INTEGER, LONG, DECIMAL, BOOLEAN, NULL }

    /** A literal; {@code value} is the decoded text, the digits, {@code true}/{@code false} or {@code null}. */
    record Literal(int line, LiteralKind kind, String value) implements Expr {
    }

    /** A bound variable such as {@code $deal}. */
    record Variable(int line, String name) implements Expr {
    }

    /** A bare name: a property of the pattern's fact in a condition, a local variable in a consequence. */
    record Name(int line, String name) implements Expr {
    }

    /** {@code this}: the pattern's fact. */
    record This(int line) implements Expr {
    }

    /** {@code receiver.name(arguments)}; without a receiver, a method of the pattern's fact. */
    record Call(int line, Expr receiver, String name, List<Expr> arguments) implements Expr {
    }

    /** {@code receiver.name}: a property, read through its getter. */
    record Property(int line, Expr receiver, String name) implements Expr {
    }

    record Unary(int line, String operator, Expr operand) implements Expr {
    }

    record Binary(int line, String operator, Expr left, Expr right) implements Expr {
    }

    /** {@code condition ? then : otherwise}. */
    record Conditional(int line, Expr condition, Expr then, Expr otherwise) implements Expr {
    }

    /** Parentheses as written. */
    record Group(int line, Expr inner) implements Expr {
    }

    /** A DRL operator: {@code contains}, {@code memberOf} or {@code matches}, possibly negated with {@code not}. */
    record DrlOperator(int line, String operator, boolean negated, Expr left, Expr right) implements Expr {
    }

    /** {@code left in (items)} or {@code left not in (items)}, items being literals. */
    record In(int line, boolean negated, Expr left, List<Literal> items) implements Expr {
    }

    /** A constraint that binds a property: {@code $type : type}. */
    record Binding(int line, String variable, Expr path) implements Expr {
    }
}
