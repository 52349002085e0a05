package dev.salespipeline.rules;

import dev.salespipeline.core.InvalidValueException;
import dev.salespipeline.rules.internal.sandbox.Allowlist;
import dev.salespipeline.rules.internal.sandbox.DrlCheck;
import dev.salespipeline.rules.internal.sandbox.Finding;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What rule files may contain. DRL is code: without a check, a rule file could read files, start
 * processes or stop the JVM. Every file is parsed with Drools' own parser, every expression in it with
 * a grammar that knows every literal form of DRL, MVEL and Java, and the result is checked against an
 * allowlist of types, properties and methods; then a canonical file is written from the checked form,
 * and only that is compiled. A refusal names the file, the line and the construct; a rule set with
 * any refusal is refused as a whole, and the rules in force stay in force.
 *
 * <p>The {@linkplain #standard() standard} sandbox allows:
 * <ul>
 *   <li>imports of the rule-facing facts ({@code dev.salespipeline.rules.facts}) and of a few value
 *       types of {@code java.time}, {@code java.math} and {@code java.util};</li>
 *   <li>patterns over those facts (and String, Number, Integer, Long, Double, Boolean and BigDecimal for
 *       {@code from} and {@code accumulate}), combined with {@code not}, {@code exists}, {@code forall},
 *       {@code and}, {@code or} and {@code accumulate} with count, sum, min, max, average, collectList and
 *       collectSet;</li>
 *   <li>in conditions, the facts' properties and query methods, literals, arithmetic, comparisons,
 *       {@code in}, {@code contains}, {@code memberOf} and {@code matches} with a literal pattern (run by a
 *       linear-time engine), and a short list of methods on text, numbers, dates and collections;</li>
 *   <li>in consequences, only the reporting calls on a bound request fact ({@code $gate.unmet},
 *       {@code $review.recommendRegression}, {@code $review.recommendDisqualification}, {@code $sweep.raise},
 *       {@code $entry.suggestNextStep}, {@code $entry.askForStakeholderMapUpdate},
 *       {@code $entry.notifyManager}) and local variables, with values built as in conditions;</li>
 *   <li>the attributes salience, no-loop, lock-on-active, enabled, activation-group, agenda-group,
 *       ruleflow-group, date-effective and date-expires, with literal values.</li>
 * </ul>
 * Everything else is refused: functions, globals, declared types, queries, timers, {@code eval}, inline
 * accumulate code, entry points, windows, {@code new}, loops, statements other than reports, insert,
 * update, modify and delete, qualified names, static calls, reflection and any method not listed.
 * docs/security.md gives the threat model, the grammar and the limits.
 *
 * <p>Hosts can widen it with more methods, by type; every widening gives rule authors more power and is
 * a risk the host takes. Immutable and thread-safe.
 */
public final class RuleSandbox {

    private static final Pattern METHOD_NAME = Pattern.compile("[a-z][A-Za-z0-9_]*");

    private final Map<Class<?>, Set<String>> methods;

    private RuleSandbox(Map<Class<?>, Set<String>> methods) {
        this.methods = Map.copyOf(methods);
    }

    /** The sandbox every rule set gets unless the host chooses another. */
    public static RuleSandbox standard() {
        return new RuleSandbox(Map.of());
    }

    /**
     * Also allows calling methods of these names on values of {@code type} (and its subtypes), in
     * conditions and in the values a consequence reports. Risk: the methods run with whatever
     * arguments a rule gives them, on every evaluation; allow only methods without side effects whose
     * cost is bounded.
     */
    public RuleSandbox allowingMethods(Class<?> type, String... names) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(names, "names");
        Map<Class<?>, Set<String>> more = new LinkedHashMap<>(methods);
        Set<String> merged = new LinkedHashSet<>(more.getOrDefault(type, Set.of()));
        for (String name : names) {
            Objects.requireNonNull(name, "names must not contain null");
            if (!METHOD_NAME.matcher(name).matches() || name.equals("getClass") || name.equals("wait")
                    || name.equals("notify") || name.equals("notifyAll")) {
                throw new InvalidValueException("names", name, "must be the name of an ordinary method");
            }
            merged.add(name);
        }
        more.put(type, Set.copyOf(merged));
        return new RuleSandbox(more);
    }

    /**
     * The problems in one DRL file, in line order; empty when it may be compiled. Both refusals (with the
     * prefix {@code not allowed by the rule sandbox:}) and errors the check finds on the way, such as a
     * syntax error or a property the fact does not have.
     */
    public List<RuleProblem> check(RuleFile file) {
        return checked(file).problems();
    }

    /** A file's problems, and when there are none the canonical text to compile instead of the original. */
    record Checked(List<RuleProblem> problems, String canonical, List<DrlCheck.Declared> rules) {
    }

    Checked checked(RuleFile file) {
        Objects.requireNonNull(file, "file");
        DrlCheck.Result result = DrlCheck.check(file.content(), allowlist());
        List<RuleProblem> problems = new ArrayList<>();
        for (Finding finding : result.findings()) {
            problems.add(new RuleProblem(file.location(), finding.line(),
                    (finding.refused() ? "not allowed by the rule sandbox: " : "") + finding.message()));
        }
        return new Checked(List.copyOf(problems), result.canonical(), result.rules());
    }

    private Allowlist allowlist() {
        Allowlist allowlist = Allowlist.standard();
        for (Map.Entry<Class<?>, Set<String>> entry : methods.entrySet()) {
            allowlist = allowlist.withHostMethods(entry.getKey(), entry.getValue());
        }
        return allowlist;
    }

    @Override
    public String toString() {
        return "RuleSandbox[methods+" + methods.entrySet().stream().map(entry -> entry.getKey().getSimpleName() + "." + entry.getValue())
                .sorted().toList() + "]";
    }
}
