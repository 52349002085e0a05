package dev.salespipeline.rules.internal;

import com.github.javaparser.JavaParser;
import com.github.javaparser.ParseResult;
import com.github.javaparser.ParserConfiguration;
import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.expr.BinaryExpr;
import com.github.javaparser.ast.expr.BooleanLiteralExpr;
import com.github.javaparser.ast.expr.CharLiteralExpr;
import com.github.javaparser.ast.expr.ConditionalExpr;
import com.github.javaparser.ast.expr.DoubleLiteralExpr;
import com.github.javaparser.ast.expr.EnclosedExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.IntegerLiteralExpr;
import com.github.javaparser.ast.expr.LongLiteralExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.StringLiteralExpr;
import com.github.javaparser.ast.expr.TextBlockLiteralExpr;
import com.github.javaparser.ast.expr.UnaryExpr;
import com.github.javaparser.ast.expr.VariableDeclarationExpr;
import com.github.javaparser.ast.stmt.BlockStmt;
import com.github.javaparser.ast.stmt.EmptyStmt;
import com.github.javaparser.ast.stmt.ExpressionStmt;
import com.github.javaparser.ast.stmt.Statement;

import org.drools.drl.ast.descr.AccumulateDescr;
import org.drools.drl.ast.descr.AttributeDescr;
import org.drools.drl.ast.descr.BaseDescr;
import org.drools.drl.ast.descr.ConditionalElementDescr;
import org.drools.drl.ast.descr.EvalDescr;
import org.drools.drl.ast.descr.ExprConstraintDescr;
import org.drools.drl.ast.descr.FromDescr;
import org.drools.drl.ast.descr.ImportDescr;
import org.drools.drl.ast.descr.PackageDescr;
import org.drools.drl.ast.descr.PatternDescr;
import org.drools.drl.ast.descr.RuleDescr;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The checks behind {@code RuleSandbox}: parses a DRL file and reports everything the allowlist does
 * not cover. Conditions are checked as text (a denylist of identifiers that reach the platform, and
 * an allowlist of callable method names); consequences are parsed as Java and checked node by node.
 */
public final class SandboxCheck {

    /** A violation with its 1-based line. */
    public record Violation(int line, String message) {
    }

    private static final String FACTS = "dev.salespipeline.rules.facts.";

    private static final Set<String> STANDARD_IMPORTS = Set.of(
            "java.time.LocalDate", "java.time.LocalDateTime", "java.time.Instant", "java.time.Duration",
            "java.time.Period", "java.time.DayOfWeek", "java.time.Month", "java.time.YearMonth",
            "java.time.temporal.ChronoUnit", "java.math.BigDecimal", "java.math.RoundingMode",
            "java.util.List", "java.util.Set", "java.util.Map", "java.util.Collection");

    /** Types a pattern may match besides the facts and allowed imports: the results of from and accumulate. */
    private static final Set<String> VALUE_PATTERN_TYPES = Set.of("String", "Number", "Integer", "Long",
            "BigDecimal", "java.lang.String", "java.lang.Number");

    /** Identifiers that reach the platform, the engine or the class system; never allowed anywhere. */
    private static final Set<String> DENIED = Set.of(
            "System", "Runtime", "Thread", "ThreadGroup", "ThreadLocal", "ProcessBuilder", "Process",
            "ProcessHandle", "Class", "ClassLoader", "SecurityManager", "StackWalker", "Module", "ModuleLayer",
            "reflect", "invoke", "forName", "getClass", "getClassLoader", "getRuntime", "getDeclaredMethod",
            "getDeclaredField", "getDeclaredConstructor", "getMethod", "getField", "setAccessible", "newInstance",
            "exec", "exit", "halt", "loadLibrary", "File", "Files", "Path", "Paths", "FileSystems",
            "FileInputStream", "FileOutputStream", "FileReader", "FileWriter", "RandomAccessFile", "Socket",
            "ServerSocket", "URL", "URLClassLoader", "HttpClient", "ObjectInputStream", "ObjectOutputStream",
            "Unsafe", "ScriptEngineManager", "MethodHandles", "Executors", "ForkJoinPool", "CompletableFuture",
            "Timer", "drools", "kcontext", "java", "javax", "jdk", "sun", "com", "org", "net", "new", "class",
            "MVEL", "eval");

    /** Method names a condition or a consequence argument may call. */
    private static final Set<String> CALLABLE = Set.of(
            "hasEvidence", "hasStakeholder", "isFilled", "plusDays", "minusDays", "plusWeeks", "minusWeeks",
            "plusMonths", "minusMonths", "plusYears", "minusYears", "isBefore", "isAfter", "isEqual", "equals",
            "compareTo", "contains", "containsKey", "size", "isEmpty", "startsWith", "endsWith", "length",
            "toLowerCase", "toUpperCase", "trim", "strip", "intValue", "longValue", "doubleValue", "abs", "signum",
            "count", "sum", "min", "max", "average", "collectList", "collectSet", "in", "toString", "afterStageEntry");

    /** Calls a consequence may make on a bound request fact. */
    private static final Set<String> REPORTING = Set.of("unmet", "recommendRegression", "recommendDisqualification",
            "raise", "suggestNextStep", "askForStakeholderMapUpdate", "notifyManager");

    private static final Set<String> ACCUMULATE_FUNCTIONS = Set.of("count", "sum", "min", "max", "average",
            "collectList", "collectSet");

    private static final Pattern GETTER = Pattern.compile("(get|is)[A-Z]\\w*");
    private static final Pattern STRING_LITERAL = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"");
    private static final Pattern IDENTIFIER = Pattern.compile("(?<![\\w$])([A-Za-z_][\\w]*)(\\s*\\()?");

    private final Set<String> extraImports;
    private final Set<String> callable;
    private final String drl;
    private final List<Violation> violations = new ArrayList<>();

    private SandboxCheck(String drl, Set<String> extraImports, Set<String> extraMethods) {
        this.drl = drl;
        this.extraImports = extraImports;
        Set<String> methods = new HashSet<>(CALLABLE);
        methods.addAll(extraMethods);
        this.callable = methods;
    }

    /** Every violation in {@code drl}; a file that does not parse is left to the compiler, which refuses it. */
    public static List<Violation> check(String drl, Set<String> extraImports, Set<String> extraMethods,
                                        boolean functions, boolean globals, boolean typeDeclarations) {
        Optional<PackageDescr> parsed = DrlFiles.parse(drl);
        if (parsed.isEmpty()) {
            return List.of();
        }
        PackageDescr descr = parsed.get();
        SandboxCheck check = new SandboxCheck(drl, extraImports, extraMethods);
        check.checkPackage(descr, functions, globals, typeDeclarations);
        check.violations.sort(Comparator.comparingInt(Violation::line));
        return List.copyOf(check.violations);
    }

    private void checkPackage(PackageDescr descr, boolean functions, boolean globals, boolean typeDeclarations) {
        for (ImportDescr importDescr : descr.getImports()) {
            if (!importAllowed(importDescr.getTarget())) {
                add(importDescr.getLine(), "import of '" + importDescr.getTarget()
                        + "': rules may import only the rule-facing facts and basic java.time, java.math and"
                        + " java.util value types");
            }
        }
        descr.getFunctionImports().forEach(imported -> add(imported.getLine(),
                "'import function " + imported.getTarget() + "': rules may not call functions"));
        descr.getAccumulateImports().forEach(imported -> add(imported.getLine(),
                "'import accumulate': custom accumulate functions run unchecked code"));
        if (!functions) {
            descr.getFunctions().forEach(function -> add(function.getLine(),
                    "function '" + function.getName() + "': function bodies are unchecked code"));
        }
        if (!globals) {
            descr.getGlobals().forEach(global -> add(global.getLine(),
                    "global '" + global.getIdentifier() + "': globals hand host objects to rules"));
        }
        if (!typeDeclarations) {
            descr.getTypeDeclarations().forEach(type -> add(type.getLine(),
                    "type declaration '" + type.getTypeName() + "': rules work on the documented facts"));
            descr.getEnumDeclarations().forEach(type -> add(type.getLine(),
                    "enum declaration '" + type.getTypeName() + "': rules work on the documented facts"));
        }
        Set<String> importedTypes = new HashSet<>();
        for (ImportDescr importDescr : descr.getImports()) {
            String target = importDescr.getTarget();
            importedTypes.add(target.substring(target.lastIndexOf('.') + 1));
        }
        for (RuleDescr rule : descr.getRules()) {
            for (AttributeDescr attribute : rule.getAttributes().values()) {
                checkText(attribute.getValue(), rule.getLine(), "attribute '" + attribute.getName() + "'");
            }
            walk(rule.getLhs(), importedTypes);
            if (rule.getConsequence() != null) {
                String consequence = String.valueOf(rule.getConsequence());
                checkConsequence(consequence, consequenceLine(rule, consequence));
            }
        }
    }

    private boolean importAllowed(String target) {
        if (target.startsWith(FACTS) && target.indexOf('.', FACTS.length()) < 0) {
            return true;
        }
        if (STANDARD_IMPORTS.contains(target) || extraImports.contains(target)) {
            return true;
        }
        return extraImports.stream().anyMatch(allowed -> allowed.endsWith(".*")
                && target.startsWith(allowed.substring(0, allowed.length() - 1))
                && target.indexOf('.', allowed.length() - 1) < 0);
    }

    private void walk(BaseDescr descr, Set<String> importedTypes) {
        if (descr instanceof EvalDescr) {
            add(descr.getLine(), "eval(...): conditions are constraints on facts, not arbitrary expressions");
        } else if (descr instanceof PatternDescr pattern) {
            String type = pattern.getObjectType();
            if (!importedTypes.contains(type) && !VALUE_PATTERN_TYPES.contains(type)
                    && !(type.startsWith(FACTS) && importAllowed(type))) {
                add(pattern.getLine(), "pattern type '" + type + "': match only imported rule-facing types");
            }
            if (pattern.getConstraint() != null) {
                for (BaseDescr constraint : pattern.getConstraint().getDescrs()) {
                    if (constraint instanceof ExprConstraintDescr expression) {
                        checkText(expression.getExpression(), lineOf(expression, pattern), "condition");
                    } else {
                        walk(constraint, importedTypes);
                    }
                }
            }
            if (pattern.getSource() instanceof AccumulateDescr accumulate) {
                checkAccumulate(accumulate, pattern.getLine(), importedTypes);
            } else if (pattern.getSource() instanceof FromDescr from && from.getDataSource() != null) {
                checkText(from.getDataSource().getText(), pattern.getLine(), "'from' source");
            } else if (pattern.getSource() instanceof ConditionalElementDescr nested) {
                walk((BaseDescr) nested, importedTypes);
            }
        } else if (descr instanceof ConditionalElementDescr group) {
            for (BaseDescr child : group.getDescrs()) {
                walk(child, importedTypes);
            }
        }
    }

    private void checkAccumulate(AccumulateDescr accumulate, int line, Set<String> importedTypes) {
        if (accumulate.getInitCode() != null || accumulate.getActionCode() != null
                || accumulate.getReverseCode() != null || accumulate.getResultCode() != null) {
            add(line, "inline accumulate code (init/action/reverse/result): use count, sum, min, max, average,"
                    + " collectList or collectSet");
        }
        for (AccumulateDescr.AccumulateFunctionCallDescr function : accumulate.getFunctions()) {
            if (!ACCUMULATE_FUNCTIONS.contains(function.getFunction())) {
                add(line, "accumulate function '" + function.getFunction() + "'");
            }
            for (String parameter : function.getParams()) {
                checkText(parameter, line, "accumulate argument");
            }
        }
        if (accumulate.getInput() != null) {
            walk(accumulate.getInput(), importedTypes);
        }
    }

    /**
     * The line the consequence's code starts on. The parser gives the line of {@code then} and the
     * code with its leading blanks removed, so the code may start there or below: find it after the
     * rule's {@code then}.
     */
    private int consequenceLine(RuleDescr rule, String consequence) {
        String firstCodeLine = consequence.lines().map(String::strip).filter(line -> !line.isEmpty())
                .findFirst().orElse("");
        int then = drl.indexOf("then", Math.max(rule.getStartCharacter(), 0));
        int at = then < 0 || firstCodeLine.isEmpty() ? -1 : drl.indexOf(firstCodeLine, then + 4);
        return at < 0 ? rule.getConsequenceLine()
                : (int) drl.substring(0, at).chars().filter(c -> c == '\n').count() + 1;
    }

    private static int lineOf(BaseDescr descr, BaseDescr fallback) {
        return descr.getLine() > 0 ? descr.getLine() : fallback.getLine();
    }

    /** Condition-like text: no denied identifier, and only allowed method names called. */
    private void checkText(String text, int line, String where) {
        checkText(text, line, where, true);
    }

    /**
     * Reports each denied identifier and, when {@code checkCalls}, each call of a method name that is
     * not allowed, at the line where it stands ({@code line} is the text's first line).
     */
    private void checkText(String text, int line, String where, boolean checkCalls) {
        if (text == null) {
            return;
        }
        // Blank out string literals, keeping their length and line breaks, so that words inside a
        // message are not taken for code and positions still map to lines.
        Matcher literals = STRING_LITERAL.matcher(text);
        StringBuilder code = new StringBuilder(text);
        while (literals.find()) {
            for (int index = literals.start() + 1; index < literals.end() - 1; index++) {
                if (code.charAt(index) != '\n') {
                    code.setCharAt(index, ' ');
                }
            }
        }
        Matcher matcher = IDENTIFIER.matcher(code);
        while (matcher.find()) {
            String name = matcher.group(1);
            boolean called = matcher.group(2) != null;
            int at = line + (int) code.substring(0, matcher.start()).chars().filter(c -> c == '\n').count();
            if (DENIED.contains(name)) {
                add(at, where + " uses '" + name + "', which reaches the platform or the engine");
            } else if (checkCalls && called && !callable.contains(name) && !GETTER.matcher(name).matches()) {
                add(at, where + " calls '" + name + "(...)', which is not a documented fact method");
            }
        }
    }

    private void checkConsequence(String code, int firstLine) {
        checkText(code, firstLine, "consequence", false);
        JavaParser parser = new JavaParser(new ParserConfiguration()
                .setLanguageLevel(ParserConfiguration.LanguageLevel.JAVA_17));
        ParseResult<BlockStmt> parsed = parser.parseBlock("{\n" + code + "\n}");
        if (!parsed.isSuccessful() || parsed.getResult().isEmpty()) {
            add(firstLine, "consequence is not plain Java calls (" + parsed.getProblems().stream().findFirst()
                    .map(problem -> problem.getMessage().lines().findFirst().orElse("")).orElse("unparsable")
                    + "); facts are read-only, so report through the request fact instead of modify blocks");
            return;
        }
        Set<String> locals = new HashSet<>();
        for (Statement statement : parsed.getResult().get().getStatements()) {
            int line = absoluteLine(statement, firstLine);
            if (statement instanceof EmptyStmt) {
                continue;
            }
            if (!(statement instanceof ExpressionStmt expressionStmt)) {
                add(line, "consequence statement '" + kind(statement) + "': a consequence may only report"
                        + " (no loops, branches, try, throw or blocks)");
                continue;
            }
            Expression expression = expressionStmt.getExpression();
            if (expression instanceof VariableDeclarationExpr declaration) {
                for (VariableDeclarator variable : declaration.getVariables()) {
                    variable.getInitializer().ifPresentOrElse(init -> checkArgument(init, firstLine, locals),
                            () -> add(line, "uninitialised local '" + variable.getNameAsString() + "'"));
                    locals.add(variable.getNameAsString());
                }
            } else if (expression instanceof MethodCallExpr call) {
                checkTopLevelCall(call, firstLine, locals);
            } else {
                add(line, "consequence expression '" + kind(expression) + "': a consequence may only report");
            }
        }
    }

    private void checkTopLevelCall(MethodCallExpr call, int firstLine, Set<String> locals) {
        String name = call.getNameAsString();
        Optional<Expression> scope = call.getScope();
        int line = absoluteLine(call, firstLine);
        if (scope.isEmpty() && name.equals("update") && call.getArguments().size() == 1
                && call.getArgument(0) instanceof NameExpr fact && fact.getNameAsString().startsWith("$")) {
            return;
        }
        if (scope.isPresent() && scope.get() instanceof NameExpr bound && bound.getNameAsString().startsWith("$")
                && REPORTING.contains(name)) {
            call.getArguments().forEach(argument -> checkArgument(argument, firstLine, locals));
            return;
        }
        add(line, "call '" + call + "': a consequence may call only $gate.unmet, $review.recommendRegression,"
                + " $review.recommendDisqualification, $sweep.raise, $entry.suggestNextStep,"
                + " $entry.askForStakeholderMapUpdate, $entry.notifyManager or update($fact)");
    }

    /** An argument: literals, bound variables, locals, operators and allowed calls on them. */
    private void checkArgument(Expression expression, int firstLine, Set<String> locals) {
        if (expression instanceof StringLiteralExpr || expression instanceof TextBlockLiteralExpr
                || expression instanceof IntegerLiteralExpr || expression instanceof LongLiteralExpr
                || expression instanceof DoubleLiteralExpr || expression instanceof BooleanLiteralExpr
                || expression instanceof CharLiteralExpr) {
            return;
        }
        if (expression instanceof NameExpr name) {
            String identifier = name.getNameAsString();
            if (!identifier.startsWith("$") && !locals.contains(identifier)) {
                add(absoluteLine(expression, firstLine), "name '" + identifier + "': use bound $variables");
            }
        } else if (expression instanceof BinaryExpr binary) {
            checkArgument(binary.getLeft(), firstLine, locals);
            checkArgument(binary.getRight(), firstLine, locals);
        } else if (expression instanceof UnaryExpr unary) {
            checkArgument(unary.getExpression(), firstLine, locals);
        } else if (expression instanceof EnclosedExpr enclosed) {
            checkArgument(enclosed.getInner(), firstLine, locals);
        } else if (expression instanceof ConditionalExpr conditional) {
            checkArgument(conditional.getCondition(), firstLine, locals);
            checkArgument(conditional.getThenExpr(), firstLine, locals);
            checkArgument(conditional.getElseExpr(), firstLine, locals);
        } else if (expression instanceof MethodCallExpr call) {
            String method = call.getNameAsString();
            if (call.getScope().isEmpty() || (!callable.contains(method) && !GETTER.matcher(method).matches())) {
                add(absoluteLine(call, firstLine), "call '" + call + "' in a report: only getters and documented"
                        + " fact methods of bound variables");
            } else {
                checkArgument(call.getScope().get(), firstLine, locals);
                call.getArguments().forEach(argument -> checkArgument(argument, firstLine, locals));
            }
        } else {
            add(absoluteLine(expression, firstLine), "'" + kind(expression) + "' in a report: only literals, bound"
                    + " variables, their getters and operators");
        }
    }

    /** The block is parsed as "{\n" + code, so code line n (line 1 is {@code firstLine}) is block line n + 1. */
    private static int absoluteLine(Node node, int firstLine) {
        return node.getBegin().map(position -> firstLine + position.line - 2).orElse(firstLine);
    }

    private static String kind(Node node) {
        String simple = node.getClass().getSimpleName();
        return simple.replaceAll("(Stmt|Expr)$", "").replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(Locale.ROOT);
    }

    private void add(int line, String message) {
        violations.add(new Violation(Math.max(line, 0), message));
    }
}
