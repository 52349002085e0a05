package dev.salespipeline.rules.internal.sandbox;

import dev.salespipeline.rules.internal.sandbox.Allowlist.StaticType;
import dev.salespipeline.rules.internal.sandbox.Expr.LiteralKind;

import org.drools.drl.ast.descr.AccumulateDescr;
import org.drools.drl.ast.descr.AndDescr;
import org.drools.drl.ast.descr.AnnotatedBaseDescr;
import org.drools.drl.ast.descr.AttributeDescr;
import org.drools.drl.ast.descr.BaseDescr;
import org.drools.drl.ast.descr.ExistsDescr;
import org.drools.drl.ast.descr.ExprConstraintDescr;
import org.drools.drl.ast.descr.ForallDescr;
import org.drools.drl.ast.descr.FromDescr;
import org.drools.drl.ast.descr.ImportDescr;
import org.drools.drl.ast.descr.NotDescr;
import org.drools.drl.ast.descr.OrDescr;
import org.drools.drl.ast.descr.PackageDescr;
import org.drools.drl.ast.descr.PatternDescr;
import org.drools.drl.ast.descr.RuleDescr;
import org.drools.drl.parser.DrlParser;
import org.drools.drl.parser.DroolsError;
import org.drools.drl.parser.ParserError;

import java.math.BigDecimal;
import java.time.temporal.Temporal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rule sandbox: checks one DRL file and writes the canonical file the engine compiles.
 *
 * <ol>
 *   <li>{@link FileScan}: size, lines, nesting, literals and characters, in one linear pass.</li>
 *   <li>Drools' own DRL parser gives the file's structure (package, imports, rules, attributes, patterns,
 *       conditional elements, consequences), so the structure is read with the grammar the engine uses.</li>
 *   <li>Every structure is checked against a list of what is allowed; anything else is refused. Every
 *       expression in it (constraints, {@code from} sources, accumulate arguments, consequences) is parsed
 *       by {@link ExpressionParser} and checked node by node against the {@link Allowlist}, with the
 *       static type of every value known, so that a method is allowed on a type, not by name.</li>
 *   <li>The canonical file is written from the checked trees only ({@link CanonicalWriter}). The
 *       original text is never compiled: whatever the checker and the engine might read differently in it
 *       never reaches the engine.</li>
 * </ol>
 *
 * <p>The canonical file also carries the evaluation guards: a pattern that joins facts of which a deal
 * has many with earlier such facts counts each pair it tries ({@link RuleRuntime#join}), and a
 * {@code matches} runs on a linear-time engine ({@link RuleRuntime#matches}).
 *
 * <p>Linear in the size of the file. Not thread-safe; one check per file.
 */
public final class DrlCheck {

    /** The findings, and the canonical file when there are none. */
    /** A rule the file declares: its package, its name and the line of its {@code rule} keyword. */
    public record Declared(String packageName, String ruleName, int line) {
    }

    public record Result(List<Finding> findings, String canonical, List<Declared> rules) {

        public boolean accepted() {
            return findings.isEmpty();
        }
    }

    static final String RUNTIME = RuleRuntime.class.getName();

    private static final Set<String> ACCUMULATE_FUNCTIONS = Set.of("count", "sum", "min", "max", "average",
            "collectList", "collectSet");
    private static final Pattern PACKAGE_NAME = Pattern.compile("[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)*");
    private static final Pattern VARIABLE = Pattern.compile("\\$[A-Za-z][A-Za-z0-9_]*");
    private static final Pattern LOCAL = Pattern.compile("[a-z][A-Za-z0-9_]*");
    private static final Pattern STATED_LINE = Pattern.compile("Line (\\d{1,9}):");
    private static final Pattern DATE = Pattern.compile("\\d{1,2}-[A-Za-z]{3}-\\d{4}");
    private static final Pattern SALIENCE = Pattern.compile("-?\\d{1,9}");
    /** Packages a rule file may not claim: the platform's, the engine's and the library's own. */
    private static final List<String> RESERVED_PACKAGES = List.of("java.", "javax.", "jdk.", "sun.", "com.sun.",
            "org.drools.", "org.kie.", "org.mvel2.", "dev.salespipeline.");
    private static final String DEFAULTS_PACKAGE = "dev.salespipeline.rules.defaults";

    private final Allowlist allowlist;
    private final List<Finding> findings = new ArrayList<>();
    private final CanonicalWriter out = new CanonicalWriter();
    private final Map<String, Class<?>> imported = new HashMap<>();
    private FileScan scan;
    private String packageName = "";
    private String ruleName = "";
    private final List<Declared> declared = new ArrayList<>();
    private int injected;

    private DrlCheck(Allowlist allowlist) {
        this.allowlist = allowlist;
    }

    /** Checks a DRL file. Never throws for what the file holds: every problem is a finding. */
    public static Result check(String drl, Allowlist allowlist) {
        Objects.requireNonNull(drl, "drl");
        DrlCheck check = new DrlCheck(allowlist);
        try {
            check.run(drl);
        } catch (SandboxFailure failure) {
            check.findings.add(failure.finding());
        } catch (StackOverflowError | RuntimeException e) {
            // A parser failure nobody foresaw still names the file, and nothing is compiled.
            check.findings.add(Finding.error(0, "cannot be read as DRL (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + firstLine(e.getMessage())) + ")"));
        }
        List<Finding> distinct = new ArrayList<>(new LinkedHashSet<>(check.findings));
        distinct.sort(Comparator.comparingInt(Finding::line));
        return new Result(List.copyOf(distinct), distinct.isEmpty() ? check.out.toString() : "",
                List.copyOf(check.declared));
    }

    private void run(String drl) {
        scan = FileScan.of(drl);
        DrlParser parser = new DrlParser();
        PackageDescr descr;
        try {
            descr = parser.parse(false, drl);
        } catch (org.drools.drl.parser.DroolsParserException e) {
            throw SandboxFailure.syntax(0, firstLine(String.valueOf(e.getMessage())));
        }
        if (parser.hasErrors() || descr == null) {
            for (DroolsError error : parser.getErrors()) {
                String message = parserMessage(error.getMessage());
                int line = error instanceof ParserError parserError ? parserError.getRow() : 0;
                Matcher stated = STATED_LINE.matcher(message);
                if (line <= 0 && stated.lookingAt()) {
                    // Errors raised inside the parser's grammar code carry their line only in the text.
                    line = Integer.parseInt(stated.group(1));
                }
                findings.add(Finding.error(Math.max(line, 0), message));
            }
            if (findings.isEmpty()) {
                findings.add(Finding.error(0, "cannot be read as DRL"));
            }
            return;
        }
        checkPackage(descr);
    }

    private void checkPackage(PackageDescr descr) {
        packageName = descr.getName() == null ? "" : descr.getName();
        if (!packageName.isEmpty()) {
            if (!PACKAGE_NAME.matcher(packageName).matches()) {
                refuse(Math.max(descr.getLine(), 1), "the package name '" + packageName + "': write lower-case words"
                        + " separated by dots");
            } else if (!packageName.equals(DEFAULTS_PACKAGE)
                    && RESERVED_PACKAGES.stream().anyMatch(reserved -> (packageName + ".").startsWith(reserved))) {
                refuse(Math.max(descr.getLine(), 1), "the package '" + packageName + "', which belongs to the platform, the engine or the"
                        + " library; choose your own, such as host.rules");
            }
            out.at(Math.max(descr.getLine(), 1)).code("package ").code(packageName).code(";");
        }
        if (descr.getUnit() != null) {
            refuse(descr.getUnit().getLine(), "a rule unit: rules work on the documented facts");
        }
        for (AttributeDescr attribute : descr.getAttributes()) {
            if (!(attribute.getName().equals("dialect") && "java".equals(attribute.getValue()))) {
                refuse(attribute.getLine(), "the package attribute '" + attribute.getName() + "'");
            }
        }
        for (ImportDescr importDescr : descr.getImports()) {
            checkImport(importDescr);
        }
        descr.getFunctionImports().forEach(imported -> refuse(imported.getLine(), "'import function "
                + imported.getTarget() + "': rules may not call functions"));
        descr.getAccumulateImports().forEach(imported -> refuse(imported.getLine(),
                "'import accumulate': custom accumulate functions run unchecked code"));
        descr.getFunctions().forEach(function -> refuse(function.getLine(), "the function '" + function.getName()
                + "': function bodies are code the sandbox does not check"));
        descr.getGlobals().forEach(global -> refuse(global.getLine(), "the global '" + global.getIdentifier()
                + "': globals hand host objects to rules"));
        descr.getTypeDeclarations().forEach(type -> refuse(type.getLine(), "the type declaration '"
                + type.getTypeName() + "': rules work on the documented facts"));
        descr.getEnumDeclarations().forEach(type -> refuse(type.getLine(), "the enum declaration '"
                + type.getTypeName() + "': rules work on the documented facts"));
        descr.getEntryPointDeclarations().forEach(entry -> refuse(entry.getLine(), "the entry point declaration '"
                + entry.getEntryPointId() + "'"));
        descr.getWindowDeclarations().forEach(window -> refuse(window.getLine(), "the window declaration '"
                + window.getName() + "'"));
        for (RuleDescr rule : descr.getRules()) {
            try {
                checkRule(rule);
            } catch (SandboxFailure failure) {
                findings.add(failure.finding());
            }
        }
    }

    private void checkImport(ImportDescr importDescr) {
        String target = importDescr.getTarget();
        int line = importDescr.getLine();
        out.at(line);
        if (target.endsWith(".*")) {
            String pkg = target.substring(0, target.length() - 2);
            if (allowlist.packageImportable(pkg)) {
                imported.putAll(Allowlist.FACTS);
                out.code(" import ").code(target).code(";");
                return;
            }
        } else {
            Optional<Class<?>> type = allowlist.importable(target);
            if (type.isPresent()) {
                imported.put(type.get().getSimpleName(), type.get());
                out.code(" import ").code(target).code(";");
                return;
            }
        }
        refuse(line, "the import of '" + target + "': rules may import only the rule-facing facts"
                + " (dev.salespipeline.rules.facts) and basic java.time, java.math and java.util value types");
    }

    private void checkRule(RuleDescr rule) {
        ruleName = rule.getName();
        int line = rule.getLine();
        declared.add(new Declared(packageName, ruleName, line));
        if (rule.isQuery()) {
            refuse(line, "the query '" + ruleName + "': rules answer the library's requests, queries are not run");
            return;
        }
        if (rule.hasParent()) {
            refuse(line, "'extends': write each rule in full");
        }
        rejectAnnotations(rule, "rule '" + ruleName + "'");
        if (!rule.getNamedConsequences().isEmpty()) {
            refuse(line, "named consequences (then[...]): a rule has one consequence");
        }
        if (ruleName.length() > 200) {
            refuse(line, "a rule name of " + ruleName.length() + " characters; at most 200");
        }
        if (ruleName.isBlank() || ruleName.chars().anyMatch(Character::isISOControl)) {
            refuse(line, "the rule name \"" + ruleName.replaceAll("\\p{Cntrl}", "?") + "\": a name is one line of"
                    + " words (errors and reports show it)");
        }
        out.at(line).code(" rule ").text(ruleName);
        for (AttributeDescr attribute : rule.getAttributes().values()) {
            attribute(attribute);
        }
        out.code(" when");
        Scope scope = new Scope(null);
        if (rule.getLhs() != null) {
            for (BaseDescr element : rule.getLhs().getDescrs()) {
                try {
                    element(element, scope, true);
                } catch (SandboxFailure failure) {
                    findings.add(failure.finding());
                }
            }
        }
        consequence(rule, scope);
    }

    /** Attributes with literal values only; none that starts threads or changes how consequences are compiled. */
    private void attribute(AttributeDescr attribute) {
        String name = attribute.getName();
        String value = attribute.getValue() == null ? "" : attribute.getValue().strip();
        int line = attribute.getLine();
        switch (name) {
            case "salience" -> {
                if (!SALIENCE.matcher(value).matches()) {
                    refuse(line, "salience '" + value + "': write a whole number such as 10 or -5");
                    return;
                }
                out.at(line).code(" salience ").code(value);
            }
            case "no-loop", "lock-on-active", "enabled" -> {
                if (!value.equals("true") && !value.equals("false")) {
                    refuse(line, "the attribute '" + name + "' with '" + value + "': write true or false");
                    return;
                }
                out.at(line).code(" ").code(name).code(" ").code(value);
            }
            case "activation-group", "agenda-group", "ruleflow-group" -> {
                if (value.isEmpty() || value.length() > 200) {
                    refuse(line, "the attribute '" + name + "' needs a name of 1 to 200 characters");
                    return;
                }
                out.at(line).code(" ").code(name).code(" ").text(value);
            }
            case "date-effective", "date-expires" -> {
                if (!DATE.matcher(value).matches()) {
                    refuse(line, "the attribute '" + name + "' with '" + value + "': write a date such as \"01-Jan-2027\"");
                    return;
                }
                out.at(line).code(" ").code(name).code(" ").text(value);
            }
            case "dialect" -> {
                if (!value.equals("java")) {
                    refuse(line, "dialect '" + value + "': consequences are checked as Java");
                }
            }
            default -> refuse(line, "the attribute '" + name + "'" + (Set.of("timer", "duration", "calendars")
                    .contains(name) ? ": timers start threads of their own" : "") + "; allowed are salience, no-loop,"
                    + " lock-on-active, enabled, activation-group, agenda-group, ruleflow-group, date-effective and"
                    + " date-expires, with literal values");
        }
    }

    // The conditions.

    private void element(BaseDescr descr, Scope scope, boolean topLevel) {
        if (descr instanceof PatternDescr pattern) {
            pattern(pattern, scope, topLevel, null);
        } else if (descr instanceof NotDescr not) {
            group("not", not.getDescrs(), descr, scope);
        } else if (descr instanceof ExistsDescr exists) {
            List<BaseDescr> children = new ArrayList<>();
            for (Object child : exists.getDescrs()) {
                children.add((BaseDescr) child);
            }
            group("exists", children, descr, scope);
        } else if (descr instanceof OrDescr or) {
            alternatives(or, scope, topLevel);
        } else if (descr instanceof ForallDescr forall) {
            out.at(descr.getLine()).code(" forall(");
            Scope inner = new Scope(scope);
            for (BaseDescr child : forall.getDescrs()) {
                if (!(child instanceof PatternDescr pattern)) {
                    throw SandboxFailure.refused(child.getLine(), "forall over something other than patterns");
                }
                pattern(pattern, inner, true, null);
            }
            out.code(" )");
        } else if (descr instanceof AndDescr and) {
            out.at(descr.getLine()).code(" (");
            Scope inner = scope;
            boolean first = true;
            for (BaseDescr child : and.getDescrs()) {
                if (!first) {
                    out.code(" and");
                }
                element(child, inner, true);
                first = false;
            }
            out.code(" )");
        } else {
            throw SandboxFailure.refused(descr.getLine(), describe(descr) + ": conditions are patterns over facts,"
                    + " combined with not, exists, forall, and, or and accumulate");
        }
    }

    /** {@code not} or {@code exists}: its patterns' bindings are its own. */
    private void group(String keyword, List<? extends BaseDescr> children, BaseDescr descr, Scope scope) {
        out.at(descr.getLine()).code(" ").code(keyword).code(" (");
        Scope inner = new Scope(scope);
        for (BaseDescr child : children) {
            // A lone pattern binds nothing worth having; a group's members may refer to each other.
            if (child instanceof PatternDescr pattern) {
                pattern(pattern, inner, false, null);
            } else {
                element(child, inner, !(child instanceof OrDescr));
            }
        }
        out.code(" )");
    }

    /** {@code or} of single patterns, bound to one name or none, so the engine can split it into rules. */
    private void alternatives(OrDescr or, Scope scope, boolean topLevel) {
        String name = null;
        boolean anyRepeated = false;
        for (BaseDescr child : or.getDescrs()) {
            if (!(child instanceof PatternDescr pattern)) {
                throw SandboxFailure.refused(child.getLine(), "'or' of " + describe(child) + ": write 'or' between"
                        + " single patterns, or each alternative as a rule of its own");
            }
            if (!Objects.equals(or.getDescrs().get(0) instanceof PatternDescr first ? first.getIdentifier() : null,
                    pattern.getIdentifier())) {
                throw SandboxFailure.refused(child.getLine(), "alternatives of 'or' bound to different names: bind"
                        + " them all to one name, or none");
            }
            name = pattern.getIdentifier();
            anyRepeated |= pattern.getSource() instanceof FromDescr || resolvesRepeated(pattern);
        }
        if (name == null && anyRepeated && topLevel) {
            name = "$__m" + ++injected;
        }
        out.at(or.getLine()).code(" (");
        boolean first = true;
        Scope branches = new Scope(scope);
        for (BaseDescr child : or.getDescrs()) {
            if (!first) {
                out.code(" or");
            }
            pattern((PatternDescr) child, branches, topLevel, name);
            first = false;
        }
        out.code(" )");
        if (name != null) {
            Bound bound = branches.names.get(name);
            scope.bind(name, new Bound(bound == null ? StaticType.UNKNOWN : bound.type(), anyRepeated));
        }
    }

    private boolean resolvesRepeated(PatternDescr pattern) {
        return allowlist.patternType(pattern.getObjectType(), imported).map(allowlist::isRepeated).orElse(false);
    }

    /**
     * One pattern. {@code mayBind}: the pattern may be given a name of the library's, so that a later
     * pattern's join guard can refer to it.
     */
    private void pattern(PatternDescr pattern, Scope scope, boolean mayBind, String forcedName) {
        int line = pattern.getLine();
        String written = pattern.getObjectType();
        if (pattern.isQuery()) {
            throw SandboxFailure.refused(line, "a query call: rules match facts");
        }
        if (pattern.isUnification()) {
            throw SandboxFailure.refused(line, "unification (:=): bind with ':' and compare with '=='");
        }
        if (!pattern.getBehaviors().isEmpty()) {
            throw SandboxFailure.refused(line, "a window (over window:…): each evaluation sees one deal now");
        }
        rejectAnnotations(pattern, "the pattern " + written);
        if (pattern.getSource() instanceof org.drools.drl.ast.descr.GroupByDescr) {
            // Its grouping key would be dropped on the way to the engine: the rule would mean something else.
            throw SandboxFailure.refused(line, "groupby: accumulate per deal with count, sum, min, max, average,"
                    + " collectList or collectSet");
        }
        if (pattern.getSource() instanceof AccumulateDescr standalone && "Object".equals(written)
                && pattern.getIdentifier() == null && pattern.getDescrs().isEmpty()) {
            // accumulate( …, $total : sum( … ) ): its results are its bindings.
            out.at(line).code(" accumulate(");
            accumulateBody(standalone, scope, line);
            return;
        }
        Class<?> type = allowlist.patternType(written, imported).orElseThrow(() -> SandboxFailure.refused(line,
                "the pattern type '" + written + "': match only the imported rule-facing facts, or String, Number,"
                        + " Integer, Long or BigDecimal for the results of from and accumulate"));
        boolean viaFrom = pattern.getSource() instanceof FromDescr;
        boolean viaAccumulate = pattern.getSource() instanceof AccumulateDescr;
        if (pattern.getSource() != null && !viaFrom && !viaAccumulate) {
            throw SandboxFailure.refused(line, describe(pattern.getSource()) + " as a pattern's source: use 'from' a"
                    + " fact's property or 'from accumulate'");
        }
        boolean repeated = viaFrom || !viaAccumulate && allowlist.isRepeated(type);
        String name = pattern.getIdentifier();
        if (name != null && !VARIABLE.matcher(name).matches()) {
            throw SandboxFailure.refused(line, "the binding '" + name + "': bindings are $names such as $deal");
        }
        if (forcedName != null) {
            name = forcedName;
        } else if (name == null && repeated && mayBind) {
            name = "$__m" + ++injected;
        }
        String guard = repeated ? scope.lastRepeated() : null;
        // A from source is read for each match of the patterns before, before this pattern binds anything.
        Scope patternScope = new Scope(scope);
        out.at(line).code(" ");
        if (name != null) {
            out.code(name).code(" : ");
        }
        out.code(written).code("(");
        boolean first = true;
        if (guard != null) {
            out.code(" ").code(RUNTIME).code(".join( ").code(guard).code(", ").text(packageName).code(", ")
                    .text(ruleName).code(" )");
            first = false;
        }
        for (BaseDescr constraint : pattern.getDescrs()) {
            if (!(constraint instanceof ExprConstraintDescr expression)
                    || expression.getType() != ExprConstraintDescr.Type.NAMED) {
                throw SandboxFailure.refused(constraint.getLine() > 0 ? constraint.getLine() : line,
                        "a positional constraint or " + describe(constraint) + ": write 'property == value'");
            }
            if (!first) {
                out.code(",");
            }
            first = false;
            try {
                constraint(expression, StaticType.of(type), patternScope, line);
            } catch (SandboxFailure failure) {
                findings.add(failure.finding());
            }
        }
        out.code(" )");
        if (viaFrom) {
            FromDescr from = (FromDescr) pattern.getSource();
            String source = from.getExpression();
            int fromLine = from.getLine() > 0 ? from.getLine() : line;
            Expr value = ExpressionParser.value(Lexer.tokenize(source, 0, source.length(), fromLine));
            if (!isPath(value)) {
                // Bound all the same, so that later uses of the name do not each report a problem of their own.
                if (name != null) {
                    scope.bind(name, new Bound(StaticType.of(type), repeated));
                }
                throw SandboxFailure.refused(fromLine, "'from " + source.strip() + "': a pattern reads 'from' a bound"
                        + " fact's property, such as 'from $sweep.missingRequiredFields', or 'from accumulate'");
            }
            out.code(" from");
            expression(value, new Context(true, null, scope, Map.of(), false));
        } else if (viaAccumulate) {
            accumulate((AccumulateDescr) pattern.getSource(), scope, line);
        }
        patternScope.names.forEach(scope::bind);
        if (name != null) {
            scope.bind(name, new Bound(StaticType.of(type), repeated));
        }
    }

    /** A bound variable, and properties and method calls on it: what 'from' may read. */
    private static boolean isPath(Expr expr) {
        Expr node = expr;
        while (true) {
            if (node instanceof Expr.Variable) {
                return true;
            } else if (node instanceof Expr.Property property) {
                node = property.receiver();
            } else if (node instanceof Expr.Call call && call.receiver() != null) {
                node = call.receiver();
            } else {
                return false;
            }
        }
    }

    private void constraint(ExprConstraintDescr descr, StaticType subject, Scope scope, int patternLine) {
        int start = descr.getStartCharacter();
        int end = descr.getEndCharacter();
        String text = scan.text();
        List<Lexer.Token> tokens;
        // The analyst's own text, read with a lexer that knows every quote; the parser's copy as a fallback.
        if (start >= 0 && end >= start && end < text.length()) {
            tokens = Lexer.tokenize(text, start, end + 1, scan.lineOf(start));
        } else {
            String expression = descr.getExpression();
            tokens = Lexer.tokenize(expression, 0, expression.length(),
                    descr.getLine() > 0 ? descr.getLine() : patternLine);
        }
        Expr parsed = ExpressionParser.condition(tokens);
        Context context = new Context(true, subject, scope, Map.of(), false);
        if (parsed instanceof Expr.Binding binding) {
            if (scope.find(binding.variable()) != null) {
                throw SandboxFailure.syntax(binding.line(), binding.variable() + " is bound twice");
            }
            out.at(binding.line()).code(" ").code(binding.variable()).code(" :");
            StaticType type = expression(binding.path(), context);
            scope.bind(binding.variable(), new Bound(type, false));
        } else {
            expression(parsed, context);
        }
    }

    private void accumulate(AccumulateDescr accumulate, Scope scope, int line) {
        out.code(" from accumulate(");
        accumulateBody(accumulate, scope, line);
    }

    /** The input pattern and the functions of an accumulate, and its closing parenthesis. */
    private void accumulateBody(AccumulateDescr accumulate, Scope scope, int line) {
        if (accumulate.getInitCode() != null || accumulate.getActionCode() != null
                || accumulate.getReverseCode() != null || accumulate.getResultCode() != null) {
            throw SandboxFailure.refused(line, "inline accumulate code (init/action/reverse/result): use count, sum,"
                    + " min, max, average, collectList or collectSet");
        }
        Scope inner = new Scope(scope);
        BaseDescr input = accumulate.getInput();
        List<? extends BaseDescr> inputs = input instanceof AndDescr and ? and.getDescrs() : List.of(input);
        if (inputs.size() != 1 || !(inputs.get(0) instanceof PatternDescr inputPattern)) {
            throw SandboxFailure.refused(line, "accumulate over " + (inputs.size() == 1 ? describe(inputs.get(0))
                    : inputs.size() + " patterns") + ": accumulate over one pattern");
        }
        pattern(inputPattern, inner, false, null);
        for (AccumulateDescr.AccumulateFunctionCallDescr function : accumulate.getFunctions()) {
            String name = function.getFunction();
            if (!ACCUMULATE_FUNCTIONS.contains(name)) {
                throw SandboxFailure.refused(line, "the accumulate function '" + name + "': use count, sum, min, max,"
                        + " average, collectList or collectSet");
            }
            if (function.isUnification()) {
                throw SandboxFailure.refused(line, "unification (:=) of an accumulate result");
            }
            out.code(", ");
            String bind = function.getBind();
            if (bind != null) {
                if (!VARIABLE.matcher(bind).matches() || scope.find(bind) != null) {
                    throw SandboxFailure.refused(line, "the binding '" + bind + "': a new $name");
                }
                out.code(bind).code(" : ");
            }
            out.code(name).code("(");
            boolean first = true;
            for (String parameter : function.getParams()) {
                if (!first) {
                    out.code(",");
                }
                first = false;
                Expr argument = ExpressionParser.value(Lexer.tokenize(parameter, 0, parameter.length(), line));
                // Accumulate functions' arguments are compiled as Java: properties are read through their getters.
                expression(argument, new Context(true, null, inner, Map.of(), true));
            }
            out.code(" )");
            if (bind != null) {
                scope.bind(bind, new Bound(StaticType.of(switch (name) {
                    case "count" -> Long.class;
                    case "collectList" -> List.class;
                    case "collectSet" -> Set.class;
                    default -> Number.class;
                }), false));
            }
        }
        out.code(" )");
    }

    // The consequence.

    private void consequence(RuleDescr rule, Scope scope) {
        String text = scan.text();
        int endKeyword = rule.getEndCharacter() - 3;
        int lhsEnd = rule.getLhs() == null ? -1 : rule.getLhs().getEndCharacter();
        int start = endKeyword < 0 || !text.startsWith("end", endKeyword) ? -1
                : afterThen(text, Math.max(rule.getStartCharacter(), lhsEnd), endKeyword);
        if (start < 0) {
            throw SandboxFailure.syntax(rule.getLine(), "the consequence of rule '" + ruleName + "' cannot be located;"
                    + " write 'then', the statements, and 'end'");
        }
        out.at(scan.lineOf(start)).code(" then");
        Map<String, StaticType> locals = new LinkedHashMap<>();
        for (Statement statement : ExpressionParser.consequence(Lexer.tokenize(text, start, endKeyword,
                scan.lineOf(start)))) {
            try {
                statement(statement, scope, locals);
            } catch (SandboxFailure failure) {
                findings.add(failure.finding());
            }
        }
        out.at(scan.lineOf(endKeyword)).code(" end");
    }

    /**
     * Where the consequence starts: after the first word {@code then} from {@code from} on that is not in
     * text or a comment; -1 when there is none before {@code end}. The consequence is read from the file
     * itself, not from the parser's copy of it, which rewrites quotes.
     */
    private static int afterThen(String text, int from, int end) {
        int i = Math.max(from, 0);
        while (i < end) {
            char c = text.charAt(i);
            if (c == '"' || c == '\'') {
                int close = i + 1;
                while (close < end && text.charAt(close) != c && text.charAt(close) != '\n') {
                    close += text.charAt(close) == '\\' ? 2 : 1;
                }
                i = close + 1;
            } else if (c == '/' && i + 1 < end && text.charAt(i + 1) == '/') {
                int newline = text.indexOf('\n', i);
                i = newline < 0 ? end : newline + 1;
            } else if (c == '/' && i + 1 < end && text.charAt(i + 1) == '*') {
                int close = text.indexOf("*/", i + 2);
                i = close < 0 ? end : close + 2;
            } else if (text.startsWith("then", i) && (i == 0 || !Character.isJavaIdentifierPart(text.charAt(i - 1)))
                    && (i + 4 >= text.length() || !Character.isJavaIdentifierPart(text.charAt(i + 4)))) {
                return i + 4;
            } else {
                i++;
            }
        }
        return -1;
    }

    private void statement(Statement statement, Scope scope, Map<String, StaticType> locals) {
        Context context = new Context(false, null, scope, locals, true);
        if (statement instanceof Statement.Local local) {
            if (!LOCAL.matcher(local.name()).matches() || locals.containsKey(local.name())) {
                throw SandboxFailure.refused(local.line(), "the local variable '" + local.name() + "': a new name"
                        + " starting with a lower-case letter");
            }
            if (!allowlist.localType(local.type(), imported)) {
                throw SandboxFailure.refused(local.line(), "a local variable of type '" + local.type() + "': use"
                        + " String, int, long, boolean, double, or an imported value type");
            }
            out.at(local.line()).code(local.isFinal() ? " final " : " ").code(local.type()).code(" ")
                    .code(local.name()).code(" =");
            expression(local.initializer(), context);
            out.code(";");
            locals.put(local.name(), StaticType.of(switch (local.type()) {
                case "String" -> String.class;
                case "int", "Integer" -> Integer.class;
                case "long", "Long" -> Long.class;
                case "boolean", "Boolean" -> Boolean.class;
                case "double", "Double" -> Double.class;
                default -> imported.getOrDefault(local.type(), Object.class);
            }));
            return;
        }
        Expr.Call call = ((Statement.Report) statement).call();
        Expr root = call;
        while (root instanceof Expr.Call chained && chained.receiver() != null) {
            root = chained.receiver();
        }
        if (root instanceof Expr.Name name && !locals.containsKey(name.name())) {
            throw SandboxFailure.refused(name.line(), "the name '" + name.name() + "': a consequence reaches the facts"
                    + " through bound $variables and its own local variables, never classes or packages");
        }
        Bound request = call.receiver() instanceof Expr.Variable variable ? scope.find(variable.name()) : null;
        Set<String> reporting = request == null ? Set.of() : allowlist.reportingMethods(request.type().raw());
        if (request == null || !reporting.contains(call.name())) {
            throw SandboxFailure.refused(call.line(), "the call '" + describeCall(call) + "': a consequence may only"
                    + " report, through a bound request fact: $gate.unmet, $review.recommendRegression,"
                    + " $review.recommendDisqualification, $sweep.raise, $entry.suggestNextStep,"
                    + " $entry.askForStakeholderMapUpdate or $entry.notifyManager");
        }
        out.at(call.line()).code(" ").code(((Expr.Variable) call.receiver()).name()).code(".").code(call.name())
                .code("(");
        arguments(call.arguments(), context);
        out.code(" );");
    }

    // Expressions: every node checked against the allowlist with its static type, and written.

    /** Where an expression stands: a condition (with the pattern's type) or a consequence (with its locals). */
    private record Context(boolean condition, StaticType subject, Scope scope, Map<String, StaticType> locals,
                           boolean java) {
    }

    private StaticType expression(Expr expr, Context context) {
        // Composite nodes start with their left operand, which moves to its own line.
        if (!(expr instanceof Expr.Binary || expr instanceof Expr.DrlOperator || expr instanceof Expr.In
                || expr instanceof Expr.Conditional || expr instanceof Expr.Property
                || expr instanceof Expr.Call call && call.receiver() != null)) {
            out.at(expr.line());
        }
        if (expr instanceof Expr.Literal literal) {
            out.code(" ");
            return literal(literal);
        }
        if (expr instanceof Expr.Variable variable) {
            Bound bound = context.scope().find(variable.name());
            if (bound == null) {
                throw SandboxFailure.syntax(variable.line(), variable.name() + " is not bound before this point");
            }
            out.code(" ").code(variable.name());
            return bound.type();
        }
        if (expr instanceof Expr.Name name) {
            out.code(" ").code(name.name());
            if (!context.condition()) {
                StaticType local = context.locals().get(name.name());
                if (local == null) {
                    throw SandboxFailure.refused(name.line(), "the name '" + name.name() + "': a consequence uses bound"
                            + " $variables, its own local variables and literals");
                }
                return local;
            }
            if (context.subject() == null || Character.isUpperCase(name.name().charAt(0))) {
                throw SandboxFailure.refused(name.line(), "the name '" + name.name() + "': rules reach their facts"
                        + " through bound $variables and the pattern's properties, never classes or packages");
            }
            return property(context.subject(), name.name(), name.line());
        }
        if (expr instanceof Expr.This self) {
            if (context.subject() == null) {
                throw SandboxFailure.refused(self.line(), "'this' outside a pattern");
            }
            out.code(" this");
            return context.subject();
        }
        if (expr instanceof Expr.Property property) {
            StaticType owner = expression(property.receiver(), context);
            StaticType type = property(owner, property.name(), property.line());
            if (context.java()) {
                out.code(".").code(allowlist.getterOf(owner, property.name()).orElse(property.name())).code("()");
            } else {
                out.code(".").code(property.name());
            }
            return type;
        }
        if (expr instanceof Expr.Call call) {
            return call(call, context);
        }
        if (expr instanceof Expr.Unary unary) {
            out.code(" ").code(unary.operator());
            StaticType operand = expression(unary.operand(), context);
            return unary.operator().equals("!") ? StaticType.of(Boolean.class) : operand;
        }
        if (expr instanceof Expr.Binary binary) {
            return binary(binary, context);
        }
        if (expr instanceof Expr.Conditional conditional) {
            expression(conditional.condition(), context);
            out.code(" ?");
            StaticType then = expression(conditional.then(), context);
            out.code(" :");
            StaticType otherwise = expression(conditional.otherwise(), context);
            return then.equals(otherwise) ? then : StaticType.UNKNOWN;
        }
        if (expr instanceof Expr.Group group) {
            out.code(" (");
            StaticType inner = expression(group.inner(), context);
            out.code(" )");
            return inner;
        }
        if (expr instanceof Expr.DrlOperator operator) {
            return drlOperator(operator, context);
        }
        if (expr instanceof Expr.In in) {
            // Written out as comparisons: MVEL reads "x in (…)" as a projection, DRL as membership.
            out.code(" (");
            boolean first = true;
            for (Expr.Literal item : in.items()) {
                if (!first) {
                    out.code(in.negated() ? " &&" : " ||");
                }
                first = false;
                StaticType left = expression(in.left(), context);
                out.code(in.negated() ? " !=" : " ==");
                checkLiteralKind(in.left(), left, item, context);
                expression(item, context);
            }
            out.code(" )");
            return StaticType.of(Boolean.class);
        }
        throw SandboxFailure.refused(expr.line(), "a " + expr.getClass().getSimpleName() + " in a rule");
    }

    private StaticType literal(Expr.Literal literal) {
        switch (literal.kind()) {
            case TEXT -> {
                out.text(literal.value());
                return StaticType.of(String.class);
            }
            case INTEGER -> {
                out.code(literal.value());
                return StaticType.of(Integer.class);
            }
            case LONG -> {
                out.code(literal.value()).code("L");
                return StaticType.of(Long.class);
            }
            case DECIMAL -> {
                out.code(literal.value());
                return StaticType.of(BigDecimal.class);
            }
            case BOOLEAN -> {
                out.code(literal.value());
                return StaticType.of(Boolean.class);
            }
            default -> {
                out.code("null");
                return StaticType.NULL;
            }
        }
    }

    /** Calls whose result can be larger than their operands: checked at each step ({@link RuleRuntime#bounded}). */
    private static final Set<String> GROWING_CALLS = Set.of("add", "subtract", "multiply");
    /** Operators whose result can be larger than their operands, when it is text or a number. */
    private static final Set<String> GROWING_OPERATORS = Set.of("+", "-", "*", "/", "%");

    /**
     * Wraps what was written from {@code mark} on in {@link RuleRuntime#bounded}, when an operation that can
     * grow produced text or a number: the engine then checks the size of every such result.
     */
    private StaticType bounded(int mark, StaticType type) {
        Class<?> raw = type.raw();
        if (raw == String.class || raw == Object.class || Number.class.isAssignableFrom(raw) && !isFixedSize(raw)) {
            out.insert(mark, " " + RUNTIME + ".bounded(");
            out.code(", ").text(packageName).code(", ").text(ruleName).code(" )");
        }
        return type;
    }

    private StaticType call(Expr.Call call, Context context) {
        if (call.receiver() != null && GROWING_CALLS.contains(call.name())) {
            out.at(leftmost(call).line());
            int mark = out.mark();
            return bounded(mark, unboundedCall(call, context));
        }
        return unboundedCall(call, context);
    }

    private StaticType unboundedCall(Expr.Call call, Context context) {
        StaticType owner;
        if (call.receiver() == null) {
            if (context.subject() == null) {
                throw SandboxFailure.refused(call.line(), "the call '" + call.name() + "(…)' without an object");
            }
            owner = context.subject();
            out.code(" ").code(call.name());
        } else {
            owner = expression(call.receiver(), context);
            out.code(".").code(call.name());
        }
        Optional<StaticType> result = allowlist.method(owner, call.name(), call.arguments().size());
        if (result.isEmpty()) {
            if (allowlist.reportingMethods(owner.raw()).contains(call.name())) {
                throw SandboxFailure.refused(call.line(), "the call '" + describeCall(call) + "' inside an expression:"
                        + " report as a statement of the consequence");
            }
            throw SandboxFailure.refused(call.line(), "the call '" + describeCall(call) + "' on "
                    + article(owner) + ": only the facts' documented methods and a short list of methods of"
                    + " text, numbers, dates and collections may be called (see docs/security.md)");
        }
        out.code("(");
        arguments(call.arguments(), context);
        out.code(" )");
        return result.get();
    }

    private void arguments(List<Expr> arguments, Context context) {
        boolean first = true;
        for (Expr argument : arguments) {
            if (!first) {
                out.code(",");
            }
            first = false;
            expression(argument, context);
        }
    }

    private StaticType binary(Expr.Binary binary, Context context) {
        if (GROWING_OPERATORS.contains(binary.operator())) {
            out.at(leftmost(binary).line());
            int mark = out.mark();
            return bounded(mark, unboundedBinary(binary, context));
        }
        return unboundedBinary(binary, context);
    }

    private StaticType unboundedBinary(Expr.Binary binary, Context context) {
        StaticType left = expression(binary.left(), context);
        out.code(" ").code(binary.operator());
        StaticType right = expression(binary.right(), context);
        if (Set.of("==", "!=", "<", ">", "<=", ">=").contains(binary.operator())) {
            if (binary.right() instanceof Expr.Literal literal) {
                checkLiteralKind(binary.left(), left, literal, context);
            } else if (binary.left() instanceof Expr.Literal literal) {
                checkLiteralKind(binary.right(), right, literal, context);
            }
        }
        return resultOf(binary.operator(), left, right);
    }

    private static StaticType resultOf(String operator, StaticType left, StaticType right) {
        return switch (operator) {
            case "==", "!=", "<", ">", "<=", ">=", "&&", "||" -> StaticType.of(Boolean.class);
            case "+" -> left.raw() == String.class || right.raw() == String.class ? StaticType.of(String.class)
                    : arithmetic(left, right);
            default -> arithmetic(left, right);
        };
    }

    /** Two fixed-size numbers give a fixed-size number, which cannot grow; anything else may be a BigDecimal. */
    private static StaticType arithmetic(StaticType left, StaticType right) {
        if (isFixedSize(left.raw()) && isFixedSize(right.raw())) {
            boolean whole = Set.of(int.class, long.class, short.class, byte.class, Integer.class, Long.class,
                    Short.class, Byte.class).containsAll(Set.of(left.raw(), right.raw()));
            return StaticType.of(whole ? Long.class : Double.class);
        }
        return StaticType.of(Number.class);
    }

    private static boolean isFixedSize(Class<?> type) {
        return type.isPrimitive() && type != boolean.class && type != char.class || type == Integer.class
                || type == Long.class || type == Short.class || type == Byte.class || type == Double.class
                || type == Float.class;
    }

    /**
     * A property compared with a literal of another kind ({@code value > "lots"}) compiles, and fails only
     * when a deal is evaluated: refused at load instead, with file and line.
     */
    private void checkLiteralKind(Expr side, StaticType type, Expr.Literal literal, Context context) {
        if (!context.condition() || !(side instanceof Expr.Name name) || literal.kind() == LiteralKind.NULL) {
            return;
        }
        String expected = kind(type.raw());
        String given = switch (literal.kind()) {
            case TEXT -> "text";
            case BOOLEAN -> "boolean";
            default -> "number";
        };
        if (expected != null && !expected.equals(given)) {
            String shown = literal.kind() == LiteralKind.TEXT ? "\"" + literal.value() + "\"" : literal.value();
            findings.add(Finding.error(literal.line(), "type mismatch: " + context.subject().raw().getSimpleName()
                    + "." + name.name() + " is " + (expected.equals("date") ? "a date or time" : expected.equals("text")
                    ? "text" : "a " + expected) + " (" + type.raw().getSimpleName() + "), but is compared with the "
                    + given + " " + shown));
        }
    }

    private static String kind(Class<?> type) {
        if (type == String.class) {
            return "text";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "boolean";
        }
        if (type.isPrimitive() || Number.class.isAssignableFrom(type)) {
            return "number";
        }
        if (Temporal.class.isAssignableFrom(type)) {
            return "date";
        }
        return null;
    }

    private StaticType drlOperator(Expr.DrlOperator operator, Context context) {
        if (operator.operator().equals("matches")) {
            String pattern = ((Expr.Literal) operator.right()).value();
            if (RegexSize.of(pattern) > SandboxLimits.MAX_PATTERN_SIZE) {
                throw SandboxFailure.limit(operator.line(), "the pattern \"" + abbreviate(pattern) + "\", whose counted"
                        + " repetitions ({n}) unroll to more than " + SandboxLimits.MAX_PATTERN_SIZE + " steps");
            }
            try {
                com.google.re2j.Pattern.compile(pattern);
            } catch (com.google.re2j.PatternSyntaxException e) {
                throw SandboxFailure.syntax(operator.line(), "the pattern \"" + pattern + "\" is not a regular"
                        + " expression the sandbox runs (" + firstLine(e.getMessage()) + "); back-references and"
                        + " look-around are not supported");
            }
            // A linear-time engine, whatever the pattern and the text: no evaluation can hang on a regex.
            out.at(leftmost(operator.left()).line()).code(operator.negated() ? " !" : " ").code(RUNTIME)
                    .code(".matches(");
            expression(operator.left(), context);
            out.code(", ").text(pattern).code(" )");
            return StaticType.of(Boolean.class);
        }
        expression(operator.left(), context);
        out.code(operator.negated() ? " not " : " ").code(operator.operator());
        expression(operator.right(), context);
        return StaticType.of(Boolean.class);
    }

    /** The node whose token comes first in the text. */
    private static Expr leftmost(Expr expr) {
        Expr node = expr;
        while (true) {
            if (node instanceof Expr.Binary binary) {
                node = binary.left();
            } else if (node instanceof Expr.DrlOperator operator) {
                node = operator.left();
            } else if (node instanceof Expr.In in) {
                node = in.left();
            } else if (node instanceof Expr.Conditional conditional) {
                node = conditional.condition();
            } else if (node instanceof Expr.Property property) {
                node = property.receiver();
            } else if (node instanceof Expr.Call call && call.receiver() != null) {
                node = call.receiver();
            } else {
                return node;
            }
        }
    }

    private StaticType property(StaticType owner, String name, int line) {
        return allowlist.property(owner, name).orElseThrow(() -> {
            if (allowlist.isFact(owner.raw())) {
                return SandboxFailure.syntax(line, owner.raw().getSimpleName() + " has no property '" + name
                        + "'; it has " + String.join(", ", allowlist.propertiesOf(owner.raw())));
            }
            return SandboxFailure.refused(line, "the property '" + name + "' of " + article(owner));
        });
    }

    // Helpers.

    private void refuse(int line, String what) {
        findings.add(Finding.refused(line, what));
    }

    private void rejectAnnotations(AnnotatedBaseDescr descr, String where) {
        if (!descr.getAnnotations().isEmpty()) {
            refuse(descr.getLine(), "the annotation @" + descr.getAnnotations().iterator().next().getName() + " on "
                    + where + ": annotations change how the engine runs rules");
        }
    }

    private static String article(StaticType type) {
        return type == StaticType.UNKNOWN ? "a value of unknown type" : type == StaticType.NULL ? "null"
                : "a value of type " + type.simpleName();
    }

    private static String describeCall(Expr.Call call) {
        return (call.receiver() instanceof Expr.Variable variable ? variable.name() + "." : call.receiver() == null
                ? "" : "….") + call.name() + "(…)";
    }

    private static String describe(Object descr) {
        String simple = descr.getClass().getSimpleName().replace("Descr", "");
        return switch (simple) {
            case "Eval" -> "eval(…)";
            case "Collect" -> "collect";
            case "EntryPoint" -> "an entry point";
            case "WindowReference" -> "a window";
            case "ConditionalBranch" -> "a conditional branch (if … do[…])";
            case "NamedConsequence" -> "a named consequence";
            default -> "'" + simple.toLowerCase(java.util.Locale.ROOT) + "'";
        };
    }

    /**
     * The parser's own words for a syntax error, without the engine's internals: when its grammar code
     * trips over the input, the message carries a Java exception and its stack trace, which say nothing
     * to the analyst who wrote the file.
     */
    static String parserMessage(String message) {
        String line = firstLine(message);
        int internals = line.indexOf(" Exception: ");
        return internals < 0 ? line : line.substring(0, internals).strip();
    }

    private static String abbreviate(String text) {
        return text.length() <= 60 ? text : text.substring(0, 57) + "...";
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.lines().findFirst().orElse("").strip();
    }

    /** What a name is bound to, and whether a deal has many of it. */
    private record Bound(StaticType type, boolean repeated) {
    }

    /** Bindings visible at a point of the conditions; a conditional element's own scope ends with it. */
    private static final class Scope {
        private final Scope parent;
        private final Map<String, Bound> names = new LinkedHashMap<>();
        private String lastRepeated;

        Scope(Scope parent) {
            this.parent = parent;
        }

        Bound find(String name) {
            for (Scope scope = this; scope != null; scope = scope.parent) {
                Bound bound = scope.names.get(name);
                if (bound != null) {
                    return bound;
                }
            }
            return null;
        }

        void bind(String name, Bound bound) {
            names.put(name, bound);
            if (bound.repeated()) {
                lastRepeated = name;
            }
        }

        String lastRepeated() {
            for (Scope scope = this; scope != null; scope = scope.parent) {
                if (scope.lastRepeated != null) {
                    return scope.lastRepeated;
                }
            }
            return null;
        }
    }
}
