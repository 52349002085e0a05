package dev.salespipeline.rules.internal;

import org.drools.drl.ast.descr.AccumulateDescr;
import org.drools.drl.ast.descr.BaseDescr;
import org.drools.drl.ast.descr.ConditionalElementDescr;
import org.drools.drl.ast.descr.ExprConstraintDescr;
import org.drools.drl.ast.descr.ImportDescr;
import org.drools.drl.ast.descr.PackageDescr;
import org.drools.drl.ast.descr.PatternDescr;
import org.drools.drl.ast.descr.RuleDescr;

import java.lang.reflect.Method;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.temporal.Temporal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds comparisons of a fact property with a literal of the wrong kind, such as
 * {@code Deal( value > "lots" )}. The classic compiler accepts those and they fail only when a deal
 * is evaluated; checked here, they are refused when the rules load, with file and line.
 *
 * <p>Only {@code property op literal} comparisons on patterns of imported classes are checked;
 * anything else is left to the compiler.
 */
public final class LiteralTypeCheck {

    /** A problem found, with the 1-based line of the constraint. */
    public record Problem(int line, String message) {
    }

    private static final Pattern COMPARISON = Pattern.compile(
            "(?<![.$\\w])([A-Za-z_]\\w*)\\s*(==|!=|>=|<=|>|<)\\s*(\"(?:[^\"\\\\]|\\\\.)*\"|-?\\d+(?:\\.\\d+)?[lLbBdD]?|true|false)");

    private LiteralTypeCheck() {
    }

    /** The problems in one DRL file; empty when it does not parse (the compiler reports that). */
    public static List<Problem> check(String drl, ClassLoader classLoader) {
        Optional<PackageDescr> parsed = DrlFiles.parse(drl);
        if (parsed.isEmpty()) {
            return List.of();
        }
        PackageDescr descr = parsed.get();
        Map<String, Class<?>> imported = new HashMap<>();
        for (ImportDescr importDescr : descr.getImports()) {
            String target = importDescr.getTarget();
            if (!target.endsWith("*")) {
                load(target, classLoader).ifPresent(type -> imported.put(type.getSimpleName(), type));
            }
        }
        List<Problem> problems = new ArrayList<>();
        for (RuleDescr rule : descr.getRules()) {
            walk(rule.getLhs(), imported, classLoader, problems);
        }
        return problems;
    }

    private static void walk(BaseDescr descr, Map<String, Class<?>> imported, ClassLoader classLoader,
                             List<Problem> problems) {
        if (descr instanceof PatternDescr pattern) {
            Class<?> known = imported.get(pattern.getObjectType());
            Optional<Class<?>> type = known != null ? Optional.of(known) : load(pattern.getObjectType(), classLoader);
            if (type.isPresent() && pattern.getConstraint() != null) {
                for (BaseDescr constraint : pattern.getConstraint().getDescrs()) {
                    if (constraint instanceof ExprConstraintDescr expression) {
                        checkExpression(type.get(), expression, problems);
                    }
                }
            }
            if (pattern.getSource() instanceof AccumulateDescr accumulate && accumulate.getInput() != null) {
                walk(accumulate.getInput(), imported, classLoader, problems);
            }
        } else if (descr instanceof ConditionalElementDescr group) {
            for (BaseDescr child : group.getDescrs()) {
                walk(child, imported, classLoader, problems);
            }
        }
    }

    private static void checkExpression(Class<?> type, ExprConstraintDescr expression, List<Problem> problems) {
        Matcher matcher = COMPARISON.matcher(expression.getExpression());
        while (matcher.find()) {
            String property = matcher.group(1);
            String literal = matcher.group(3);
            Optional<Class<?>> propertyType = propertyType(type, property);
            if (propertyType.isEmpty()) {
                continue;
            }
            Class<?> expected = propertyType.get();
            String literalKind = literal.startsWith("\"") ? "text" : literal.equals("true") || literal.equals("false")
                    ? "boolean" : "number";
            String propertyKind = kind(expected);
            if (propertyKind != null && !propertyKind.equals(literalKind)) {
                problems.add(new Problem(expression.getLine(), "type mismatch: " + type.getSimpleName() + "."
                        + property + " is " + article(propertyKind) + " (" + expected.getSimpleName()
                        + "), but is compared with the " + literalKind + " " + literal));
            }
        }
    }

    /** text, number, boolean, or "date" for temporals (which no literal matches); null when unchecked. */
    private static String kind(Class<?> type) {
        if (type == String.class) {
            return "text";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "boolean";
        }
        if (type.isPrimitive() || Number.class.isAssignableFrom(type) || type == BigDecimal.class
                || type == BigInteger.class) {
            return "number";
        }
        if (Temporal.class.isAssignableFrom(type)) {
            return "date";
        }
        return null;
    }

    private static String article(String kind) {
        return switch (kind) {
            case "text" -> "text";
            case "date" -> "a date or time";
            default -> "a " + kind;
        };
    }

    private static Optional<Class<?>> propertyType(Class<?> type, String property) {
        String capitalised = property.substring(0, 1).toUpperCase(Locale.ROOT) + property.substring(1);
        for (String name : List.of("get" + capitalised, "is" + capitalised, property)) {
            try {
                Method getter = type.getMethod(name);
                return Optional.of(getter.getReturnType());
            } catch (NoSuchMethodException e) {
                // try the next accessor shape
            }
        }
        return Optional.empty();
    }

    private static Optional<Class<?>> load(String name, ClassLoader classLoader) {
        try {
            return Optional.of(Class.forName(name, false, classLoader));
        } catch (ClassNotFoundException | LinkageError e) {
            return Optional.empty();
        }
    }
}
