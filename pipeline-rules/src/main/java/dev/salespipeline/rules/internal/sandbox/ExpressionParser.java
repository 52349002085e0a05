package dev.salespipeline.rules.internal.sandbox;

import dev.salespipeline.rules.internal.sandbox.Expr.LiteralKind;
import dev.salespipeline.rules.internal.sandbox.Lexer.Kind;
import dev.salespipeline.rules.internal.sandbox.Lexer.Token;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Parses the expressions of a rule file into {@link Expr} trees with one small grammar for conditions
 * (the MVEL and DRL side) and one for consequences (the Java side). Both grammars are subsets that read
 * the same in MVEL and in Java: anything outside them is refused, not guessed at.
 *
 * <p>Recursive descent, with the depth of nesting bounded by {@link SandboxLimits#MAX_EXPRESSION_DEPTH}, so
 * that no input can exhaust the stack.
 */
final class ExpressionParser {

    private static final Set<String> RELATIONS = Set.of("==", "!=", "<", ">", "<=", ">=");

    /** DRL and MVEL operators the grammar does not take, named so that the refusal can say which. */
    private static final Set<String> OTHER_DRL_OPERATORS = Set.of("soundslike", "excludes", "str", "instanceof",
            "after", "before", "coincides", "during", "finishes", "finishedby", "includes", "meets", "metby",
            "overlaps", "overlappedby", "starts", "startedby");

    /** Java keywords and MVEL words that are never a property, a local or a value here. */
    private static final Set<String> RESERVED = Set.of("new", "class", "super", "instanceof", "assert", "switch",
            "case", "default", "do", "while", "for", "if", "else", "try", "catch", "finally", "throw", "throws", "return",
            "break", "continue", "synchronized", "volatile", "transient", "native", "strictfp", "static", "abstract",
            "interface", "enum", "extends", "implements", "import", "package", "private", "protected", "public",
            "goto", "const", "void", "var", "yield", "record", "sealed", "permits", "modify", "with", "def",
            "function", "drools", "kcontext", "foreach", "until", "isdef", "empty", "nil");

    private final List<Token> tokens;
    private int index;
    private int depth;

    private ExpressionParser(List<Token> tokens) {
        this.tokens = tokens;
    }

    /** One constraint of a pattern: an expression, or {@code $variable : property}. */
    static Expr condition(List<Token> tokens) {
        ExpressionParser parser = new ExpressionParser(tokens);
        Expr parsed;
        if (parser.peek().kind() == Kind.VARIABLE && parser.peek(1).is(":")) {
            Token variable = parser.next();
            parser.next();
            Expr path = parser.postfix(true);
            if (!(path instanceof Expr.Name || path instanceof Expr.Property)) {
                throw SandboxFailure.refused(variable.line(), "binding " + variable.text() + " to something other than"
                        + " a property: write '" + variable.text() + " : property' and compare separately");
            }
            parsed = new Expr.Binding(variable.line(), variable.text(), path);
        } else {
            parsed = parser.disjunction(true);
        }
        parser.expectEnd();
        return parsed;
    }

    /** A value such as a {@code from} source or an accumulate function's argument. */
    static Expr value(List<Token> tokens) {
        ExpressionParser parser = new ExpressionParser(tokens);
        Expr parsed = parser.disjunction(true);
        parser.expectEnd();
        return parsed;
    }

    /** The statements of a consequence. */
    static List<Statement> consequence(List<Token> tokens) {
        ExpressionParser parser = new ExpressionParser(tokens);
        List<Statement> statements = new ArrayList<>();
        while (parser.peek().kind() != Kind.END) {
            if (parser.peek().is(";")) {
                parser.next();
                continue;
            }
            statements.add(parser.statement());
        }
        return statements;
    }

    private Statement statement() {
        Token first = peek();
        boolean isFinal = first.kind() == Kind.IDENTIFIER && first.text().equals("final");
        int offset = isFinal ? 1 : 0;
        if (peek(offset).kind() == Kind.IDENTIFIER && peek(offset + 1).kind() == Kind.IDENTIFIER) {
            if (isFinal) {
                next();
            }
            Token type = next();
            Token name = next();
            if (type.text().equals("new")) {
                throw SandboxFailure.refused(type.line(), "'new': rules do not create objects; a consequence may only"
                        + " report and keep values in local variables");
            }
            if (RESERVED.contains(type.text()) || RESERVED.contains(name.text())) {
                throw SandboxFailure.refused(type.line(), "the statement '" + type.text() + " " + name.text()
                        + " …': a consequence may only report and keep values in local variables");
            }
            expect("=", "a local variable is declared with its value: " + type.text() + " " + name.text() + " = …;");
            Expr initializer = conditional();
            expect(";", "a statement ends with ';'");
            return new Statement.Local(type.line(), isFinal, type.text(), name.text(), initializer);
        }
        if (first.kind() == Kind.IDENTIFIER && RESERVED.contains(first.text())) {
            throw SandboxFailure.refused(first.line(), "the statement '" + first.text() + "': a consequence may only"
                    + " report (no loops, branches, try, throw, new or modify)");
        }
        Expr expression = conditional();
        if (!(expression instanceof Expr.Call call)) {
            throw SandboxFailure.refused(expression.line(), "a statement that is not a call: a consequence may only"
                    + " report through the request fact");
        }
        if (peek().is("=")) {
            throw SandboxFailure.refused(peek().line(), "an assignment: facts are read-only");
        }
        expect(";", "a statement ends with ';'");
        return new Statement.Report(call.line(), call);
    }

    // The condition grammar (MVEL and DRL): || && relations + - * / % ! unary -, properties, calls.

    private Expr disjunction(boolean condition) {
        enter();
        Expr left = conjunction(condition);
        while (peek().is("||")) {
            Token operator = next();
            left = new Expr.Binary(operator.line(), "||", left, conjunction(condition));
        }
        leave();
        return left;
    }

    private Expr conjunction(boolean condition) {
        Expr left = relation(condition);
        while (peek().is("&&")) {
            Token operator = next();
            left = new Expr.Binary(operator.line(), "&&", left, relation(condition));
        }
        return left;
    }

    private Expr relation(boolean condition) {
        Expr left = additive(condition);
        Token operator = peek();
        if (operator.kind() == Kind.OPERATOR && RELATIONS.contains(operator.text())) {
            next();
            Expr right = additive(condition);
            if (peek().kind() == Kind.OPERATOR && RELATIONS.contains(peek().text())) {
                throw SandboxFailure.syntax(peek().line(), "comparisons do not chain: write 'a < b && b < c'");
            }
            return new Expr.Binary(operator.line(), operator.text(), left, right);
        }
        if (!condition || operator.kind() != Kind.IDENTIFIER) {
            return left;
        }
        boolean negated = false;
        if (operator.text().equals("not")) {
            next();
            negated = true;
            operator = peek();
        }
        switch (operator.text()) {
            case "in" -> {
                next();
                return new Expr.In(operator.line(), negated, left, literalList());
            }
            case "contains", "memberOf" -> {
                next();
                return new Expr.DrlOperator(operator.line(), operator.text(), negated, left, additive(true));
            }
            case "matches" -> {
                next();
                Token pattern = next();
                if (pattern.kind() != Kind.TEXT) {
                    throw SandboxFailure.refused(pattern.line(), "'matches' with something other than a literal"
                            + " pattern: write the regular expression in quotes");
                }
                return new Expr.DrlOperator(operator.line(), "matches", negated,
                        left, new Expr.Literal(pattern.line(), LiteralKind.TEXT, pattern.text()));
            }
            default -> {
                if (OTHER_DRL_OPERATORS.contains(operator.text())) {
                    throw SandboxFailure.refused(operator.line(), "the operator '" + operator.text() + "': conditions"
                            + " use ==, !=, <, >, <=, >=, in, contains, memberOf and matches");
                }
                if (negated) {
                    throw SandboxFailure.syntax(operator.line(), "'not' must be followed by in, contains, memberOf or"
                            + " matches");
                }
                return left;
            }
        }
    }

    private List<Expr.Literal> literalList() {
        expect("(", "'in' is followed by a list of values in parentheses: in ( \"a\", \"b\" )");
        List<Expr.Literal> items = new ArrayList<>();
        do {
            Expr item = unary(true);
            if (item instanceof Expr.Literal literal) {
                items.add(literal);
            } else if (item instanceof Expr.Unary negative && negative.operator().equals("-")
                    && negative.operand() instanceof Expr.Literal number && number.kind() != LiteralKind.TEXT) {
                items.add(new Expr.Literal(number.line(), number.kind(), "-" + number.value()));
            } else {
                throw SandboxFailure.refused(item.line(), "a value in 'in ( … )' that is not a literal");
            }
        } while (accept(","));
        expect(")", "the list of 'in' ends with ')'");
        return items;
    }

    private Expr additive(boolean condition) {
        Expr left = multiplicative(condition);
        while (peek().is("+") || peek().is("-")) {
            Token operator = next();
            left = new Expr.Binary(operator.line(), operator.text(), left, multiplicative(condition));
        }
        return left;
    }

    private Expr multiplicative(boolean condition) {
        Expr left = unary(condition);
        while (peek().is("*") || peek().is("/") || peek().is("%")) {
            Token operator = next();
            left = new Expr.Binary(operator.line(), operator.text(), left, unary(condition));
        }
        return left;
    }

    private Expr unary(boolean condition) {
        if (peek().is("!") || peek().is("-")) {
            Token operator = next();
            enter();
            Expr operand = unary(condition);
            leave();
            return new Expr.Unary(operator.line(), operator.text(), operand);
        }
        return postfix(condition);
    }

    private Expr postfix(boolean condition) {
        Expr expression = primary(condition);
        while (peek().is(".")) {
            next();
            Token name = next();
            if (name.kind() != Kind.IDENTIFIER || RESERVED.contains(name.text())) {
                throw SandboxFailure.refused(name.line(), "'." + name.text() + "': after a dot comes a property or"
                        + " method name");
            }
            if (peek().is("(")) {
                expression = new Expr.Call(name.line(), expression, name.text(), arguments(condition));
            } else if (condition) {
                expression = new Expr.Property(name.line(), expression, name.text());
            } else if (expression instanceof Expr.Name root) {
                throw SandboxFailure.refused(root.line(), "the name '" + root.name() + "': a consequence reaches the"
                        + " facts through bound $variables and its own local variables, never classes or packages");
            } else {
                throw SandboxFailure.refused(name.line(), "'." + name.text() + "' without parentheses: a consequence is"
                        + " Java, so read a property through its getter, such as get"
                        + Character.toUpperCase(name.text().charAt(0)) + name.text().substring(1) + "()");
            }
        }
        return expression;
    }

    private List<Expr> arguments(boolean condition) {
        expect("(", "arguments are given in parentheses");
        List<Expr> arguments = new ArrayList<>();
        if (!peek().is(")")) {
            do {
                arguments.add(condition ? disjunction(true) : conditional());
            } while (accept(","));
        }
        expect(")", "arguments end with ')'");
        return arguments;
    }

    private Expr primary(boolean condition) {
        Token token = next();
        switch (token.kind()) {
            case TEXT -> {
                if (!condition && token.quote() == '\'') {
                    throw SandboxFailure.refused(token.line(), "single quotes in a consequence: it is Java, so write"
                            + " text in \"double quotes\"");
                }
                return new Expr.Literal(token.line(), LiteralKind.TEXT, token.text());
            }
            case INTEGER -> {
                return new Expr.Literal(token.line(), LiteralKind.INTEGER, token.text());
            }
            case LONG -> {
                return new Expr.Literal(token.line(), LiteralKind.LONG, token.text());
            }
            case DECIMAL -> {
                return new Expr.Literal(token.line(), LiteralKind.DECIMAL, token.text());
            }
            case VARIABLE -> {
                return new Expr.Variable(token.line(), token.text());
            }
            case IDENTIFIER -> {
                return identifier(token, condition);
            }
            case OPERATOR -> {
                if (token.text().equals("(")) {
                    enter();
                    Expr inner = condition ? disjunction(true) : conditional();
                    leave();
                    expect(")", "an opening parenthesis needs its closing one");
                    return new Expr.Group(token.line(), inner);
                }
                throw SandboxFailure.syntax(token.line(), "expected a value but found '" + token.text() + "'");
            }
            default -> throw SandboxFailure.syntax(token.line(), "the expression ends where a value was expected");
        }
    }

    private Expr identifier(Token token, boolean condition) {
        String name = token.text();
        switch (name) {
            case "true", "false" -> {
                return new Expr.Literal(token.line(), LiteralKind.BOOLEAN, name);
            }
            case "null" -> {
                return new Expr.Literal(token.line(), LiteralKind.NULL, name);
            }
            case "this" -> {
                if (!condition) {
                    throw SandboxFailure.refused(token.line(), "'this' in a consequence");
                }
                return new Expr.This(token.line());
            }
            default -> {
                if (RESERVED.contains(name)) {
                    throw SandboxFailure.refused(token.line(), "'" + name + "': rules read facts and report; they do"
                            + " not create objects, reach the engine or run statements in conditions");
                }
                if (peek().is("(")) {
                    if (!condition) {
                        throw SandboxFailure.refused(token.line(), "the call '" + name + "(…)' without an object: a"
                                + " consequence reports through the request fact ($gate.unmet, $review.recommend…,"
                                + " $sweep.raise, $entry.…); rules never insert, update, modify or delete facts");
                    }
                    return new Expr.Call(token.line(), null, name, arguments(true));
                }
                return new Expr.Name(token.line(), name);
            }
        }
    }

    // The consequence grammar adds the conditional operator; it has no DRL operators.

    private Expr conditional() {
        enter();
        Expr condition = disjunction(false);
        if (peek().is("?")) {
            Token question = next();
            Expr then = conditional();
            expect(":", "the conditional operator is 'condition ? value : other value'");
            Expr otherwise = conditional();
            condition = new Expr.Conditional(question.line(), condition, then, otherwise);
        }
        leave();
        return condition;
    }

    private void enter() {
        if (++depth > SandboxLimits.MAX_EXPRESSION_DEPTH) {
            throw SandboxFailure.limit(peek().line(), "an expression nested more than "
                    + SandboxLimits.MAX_EXPRESSION_DEPTH + " deep");
        }
    }

    private void leave() {
        depth--;
    }

    private Token peek() {
        return tokens.get(index);
    }

    private Token peek(int ahead) {
        return tokens.get(Math.min(index + ahead, tokens.size() - 1));
    }

    private Token next() {
        Token token = tokens.get(index);
        if (token.kind() != Kind.END) {
            index++;
        }
        return token;
    }

    private boolean accept(String operator) {
        if (peek().is(operator)) {
            next();
            return true;
        }
        return false;
    }

    private void expect(String operator, String hint) {
        Token token = peek();
        if (!token.is(operator)) {
            throw SandboxFailure.syntax(token.line(), (token.kind() == Kind.END ? "the text ends" : "found '"
                    + token.text() + "'") + " where '" + operator + "' was expected: " + hint);
        }
        next();
    }

    private void expectEnd() {
        Token token = peek();
        if (token.kind() != Kind.END) {
            if (token.kind() == Kind.IDENTIFIER && OTHER_DRL_OPERATORS.contains(token.text())) {
                throw SandboxFailure.refused(token.line(), "the operator '" + token.text() + "': conditions use ==,"
                        + " !=, <, >, <=, >=, in, contains, memberOf and matches");
            }
            throw SandboxFailure.syntax(token.line(), "unexpected '" + token.text() + "' after a complete expression");
        }
    }
}
