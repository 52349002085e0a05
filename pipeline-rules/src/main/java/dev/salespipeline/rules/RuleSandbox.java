package dev.salespipeline.rules;

import dev.salespipeline.rules.internal.SandboxCheck;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What rule files may contain. DRL is code: without a check, a rule file could read files, start
 * processes or stop the JVM. Before any rule set is compiled, every file is parsed and checked
 * against this allowlist; a violation refuses the whole rule set with the file, the line and the
 * reason, like a compile error, and the rules in force stay in force.
 *
 * <p>The {@linkplain #standard() standard} sandbox allows:
 * <ul>
 *   <li>imports of the rule-facing facts ({@code dev.salespipeline.rules.facts}) and of a few value
 *       types of {@code java.time}, {@code java.math} and {@code java.util};</li>
 *   <li>patterns over those types (and {@code String} and {@code Number} for {@code from} and
 *       {@code accumulate});</li>
 *   <li>in conditions, property access and calls of the facts' documented methods, value getters,
 *       date arithmetic and the accumulate functions count, sum, min, max, average,
 *       collectList and collectSet;</li>
 *   <li>in consequences, only the reporting calls ({@code $gate.unmet}, {@code $review.recommendRegression},
 *       {@code $review.recommendDisqualification}, {@code $sweep.raise}) and {@code update($fact)}, with arguments built from
 *       literals, bound variables and their getters.</li>
 * </ul>
 * It refuses functions, globals, type declarations, {@code eval}, inline accumulate code, custom
 * accumulate imports, {@code new}, loops, reflection, class loading, I/O, processes, threads,
 * {@code System}, {@code Runtime} and the engine's own handles ({@code drools}, {@code kcontext}).
 *
 * <p>Hosts can widen it explicitly; every widening gives rule authors more power and is a risk the
 * host takes (see docs/security.md). Immutable and thread-safe.
 */
public final class RuleSandbox {

    private final Set<String> extraImports;
    private final Set<String> extraMethods;
    private final boolean functions;
    private final boolean globals;
    private final boolean typeDeclarations;

    private RuleSandbox(Set<String> extraImports, Set<String> extraMethods, boolean functions, boolean globals,
                        boolean typeDeclarations) {
        this.extraImports = Set.copyOf(extraImports);
        this.extraMethods = Set.copyOf(extraMethods);
        this.functions = functions;
        this.globals = globals;
        this.typeDeclarations = typeDeclarations;
    }

    /** The sandbox every rule set gets unless the host chooses another. */
    public static RuleSandbox standard() {
        return new RuleSandbox(Set.of(), Set.of(), false, false, false);
    }

    /**
     * Also allows importing these classes ({@code com.acme.Region}) or packages ({@code com.acme.facts.*})
     * and using them as pattern types. Risk: their methods become callable if also allowed below.
     */
    public RuleSandbox allowingImports(String... classesOrPackages) {
        Set<String> more = new LinkedHashSet<>(extraImports);
        for (String name : classesOrPackages) {
            more.add(Objects.requireNonNull(name, "classesOrPackages must not contain null"));
        }
        return new RuleSandbox(more, extraMethods, functions, globals, typeDeclarations);
    }

    /**
     * Also allows calling methods of these names in conditions and in consequence arguments. Risk: a
     * name is allowed on every object a rule can reach.
     */
    public RuleSandbox allowingMethods(String... names) {
        Set<String> more = new LinkedHashSet<>(extraMethods);
        for (String name : names) {
            more.add(Objects.requireNonNull(name, "names must not contain null"));
        }
        return new RuleSandbox(extraImports, more, functions, globals, typeDeclarations);
    }

    /** Also allows {@code function} declarations. Risk: function bodies are unchecked Java code. */
    public RuleSandbox allowingFunctions() {
        return new RuleSandbox(extraImports, extraMethods, true, globals, typeDeclarations);
    }

    /** Also allows {@code global} declarations. Risk: globals hand host objects to rules. */
    public RuleSandbox allowingGlobals() {
        return new RuleSandbox(extraImports, extraMethods, functions, true, typeDeclarations);
    }

    /** Also allows {@code declare} blocks. Risk: declared types run generated code. */
    public RuleSandbox allowingTypeDeclarations() {
        return new RuleSandbox(extraImports, extraMethods, functions, globals, true);
    }

    /** The violations in one file, in line order; empty when it may be compiled. */
    public List<RuleProblem> check(RuleFile file) {
        Objects.requireNonNull(file, "file");
        return SandboxCheck.check(file.content(), extraImports, extraMethods, functions, globals, typeDeclarations)
                .stream().map(violation -> new RuleProblem(file.location(), violation.line(),
                        "not allowed by the rule sandbox: " + violation.message()))
                .toList();
    }

    @Override
    public String toString() {
        return "RuleSandbox[imports+" + extraImports + ", methods+" + extraMethods + ", functions=" + functions
                + ", globals=" + globals + ", typeDeclarations=" + typeDeclarations + "]";
    }
}
