package dev.salespipeline.rules;

import org.kie.api.KieBase;

import java.util.List;
import java.util.Map;

/**
 * One compiled, immutable set of rules: the files it was built from and its version, a content hash
 * that every decision it makes carries. Two rule sets built from the same files have the same
 * version.
 *
 * <p>Thread-safe: many evaluations may use one rule set at once.
 */
public final class RuleSet {

    private final String version;
    private final List<RuleFile> files;
    private final KieBase kieBase;
    private final Map<String, String> locationsByCompilerPath;
    /**
     * Idle sessions of this rule set, reused instead of opening one per evaluation. The pool lives
     * and dies with the rule set, so a replaced rule set takes its sessions with it.
     */
    private final java.util.concurrent.ConcurrentLinkedDeque<PooledSession> idle =
            new java.util.concurrent.ConcurrentLinkedDeque<>();
    private static final int MAX_IDLE = 16;

    RuleSet(String version, List<RuleFile> files, KieBase kieBase, Map<String, String> locationsByCompilerPath) {
        this.version = version;
        this.files = List.copyOf(files);
        this.kieBase = kieBase;
        this.locationsByCompilerPath = Map.copyOf(locationsByCompilerPath);
    }

    /** The content hash of the files, such as {@code rules@3f2a9c01b7de}. */
    public String version() {
        return version;
    }

    /** The files, in load order. */
    public List<RuleFile> files() {
        return files;
    }

    /** The names of all rules, sorted. */
    public List<String> ruleNames() {
        return kieBase.getKiePackages().stream().flatMap(pkg -> pkg.getRules().stream())
                .map(org.kie.api.definition.rule.Rule::getName).sorted().toList();
    }

    KieBase kieBase() {
        return kieBase;
    }

    /**
     * Sessions without Drools' own locking: a pooled session is used by one thread at a time, handed
     * from thread to thread through the idle deque, so the locks only cost time (Drools documents the
     * option as faster for sessions not shared between threads).
     */
    private static org.kie.api.runtime.KieSessionConfiguration confinedSession() {
        org.kie.api.runtime.KieSessionConfiguration configuration =
                org.kie.api.KieServices.get().newKieSessionConfiguration();
        configuration.setOption(org.kie.api.runtime.conf.ThreadSafeOption.NO);
        return configuration;
    }

    /** A session of this rule set, with its per-evaluation state; used by one thread at a time. */
    static final class PooledSession {
        final org.kie.api.runtime.KieSession session;
        dev.salespipeline.rules.internal.CollectedFindings findings;
        final Map<String, Integer> firings = new java.util.HashMap<>();

        PooledSession(RuleSet ruleSet) {
            this.session = ruleSet.kieBase.newKieSession(confinedSession(), null);
            session.addEventListener(new org.kie.api.event.rule.DefaultAgendaEventListener() {
                @Override
                public void beforeMatchFired(org.kie.api.event.rule.BeforeMatchFiredEvent event) {
                    org.kie.api.definition.rule.Rule rule = event.getMatch().getRule();
                    if (dev.salespipeline.rules.internal.sandbox.EvaluationBudget.pastDeadline()) {
                        // The rule about to fire is the one whose matching took the time.
                        throw new dev.salespipeline.rules.internal.sandbox.EvaluationBudget.Exceeded(
                                rule.getPackageName(), rule.getName(), "ran past the evaluation's deadline");
                    }
                    Placement placement = ruleSet.placement(rule);
                    findings.ruleFiring(placement.origin(), placement.rank());
                    firings.merge(placement.origin(), 1, Integer::sum);
                }

                @Override
                public void afterMatchFired(org.kie.api.event.rule.AfterMatchFiredEvent event) {
                    if (dev.salespipeline.rules.internal.sandbox.EvaluationBudget.pastDeadline()) {
                        // The rule that just fired: its consequence took the time.
                        org.kie.api.definition.rule.Rule rule = event.getMatch().getRule();
                        throw new dev.salespipeline.rules.internal.sandbox.EvaluationBudget.Exceeded(
                                rule.getPackageName(), rule.getName(), "ran past the evaluation's deadline in its"
                                + " consequence");
                    }
                }
            });
        }
    }

    PooledSession borrow(dev.salespipeline.rules.internal.CollectedFindings findings) {
        PooledSession pooled = idle.pollFirst();
        if (pooled == null) {
            pooled = new PooledSession(this);
        }
        pooled.findings = findings;
        pooled.firings.clear();
        return pooled;
    }

    /** Returns a session that finished cleanly and holds no facts; otherwise it is disposed. */
    void release(PooledSession pooled, boolean clean) {
        pooled.findings = null;
        if (clean && pooled.session.getFactCount() == 0 && idle.size() < MAX_IDLE) {
            idle.offerFirst(pooled);
        } else {
            pooled.session.dispose();
        }
    }

    /** A rule's name for reports and its place in this rule set; fixed for the rule set's life. */
    private record Placement(String origin, long rank) {
    }

    /** Computed on a rule's first firing and reused: firing is the hot path, the answer never changes. */
    private final Map<org.kie.api.definition.rule.Rule, Placement> placements =
            new java.util.concurrent.ConcurrentHashMap<>();

    /** How the rule {@code name} of package {@code packageName} is named in errors. */
    String origin(String packageName, String name) {
        org.kie.api.definition.rule.Rule rule = kieBase.getRule(packageName, name);
        return rule == null ? "rule '" + name + "'" : origin(rule);
    }

    /** How a rule is named in errors and unmet criteria: {@code rule 'name' in location}. */
    String origin(org.kie.api.definition.rule.Rule rule) {
        return placement(rule).origin();
    }

    /**
     * Where a rule stands in this rule set: files in load order, then rules in Drools' load order
     * within a file. Reports are ordered by it, so a decision reads in the order the files are kept.
     */
    long rank(org.kie.api.definition.rule.Rule rule) {
        return placement(rule).rank();
    }

    private Placement placement(org.kie.api.definition.rule.Rule rule) {
        return placements.computeIfAbsent(rule, key -> {
            String location = location(key);
            int fileIndex = 0;
            while (fileIndex < files.size() && !files.get(fileIndex).location().equals(location)) {
                fileIndex++;
            }
            return new Placement("rule '" + key.getName() + "'" + (location.isEmpty() ? "" : " in " + location),
                    (long) fileIndex << 32 | key.getLoadOrder());
        });
    }

    private String location(org.kie.api.definition.rule.Rule rule) {
        if (rule instanceof org.drools.base.definitions.rule.impl.RuleImpl impl && impl.getResource() != null) {
            String path = impl.getResource().getSourcePath();
            return locationsByCompilerPath.getOrDefault(path,
                    locationsByCompilerPath.getOrDefault("src/main/resources/" + path, path));
        }
        return "";
    }

    @Override
    public String toString() {
        return "RuleSet[" + version + ", " + files.size() + " files]";
    }
}
