package dev.salespipeline.testkit;

import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import dev.salespipeline.core.evidence.EvidenceType;
import dev.salespipeline.core.gate.GateDecision;
import dev.salespipeline.core.gate.GateEvaluator;
import dev.salespipeline.core.gate.GateRequest;
import dev.salespipeline.core.gate.UnmetCriterion;
import dev.salespipeline.core.opportunity.Opportunity;
import dev.salespipeline.core.pipeline.Gate;
import dev.salespipeline.core.pipeline.PipelineDefinition;
import dev.salespipeline.core.pipeline.Stage;
import dev.salespipeline.core.pipeline.StageId;
import dev.salespipeline.core.pipeline.StageKind;
import dev.salespipeline.core.transition.AdvanceOutcome;
import dev.salespipeline.core.transition.TransitionService;

import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * Ready-made properties that any set of gate rules should have, checked with QuickTheories over
 * generated deals. A host points them at its own rules in a few lines:
 *
 * <pre>{@code
 * PipelineRules rules = PipelineRules.load(RuleSources.defaults().withDirectory(Path.of("rules")));
 * GateProperties.of(rules, PipelineGenerators.of(myPipeline, myEvidenceTypes)).checkAll();
 * }</pre>
 *
 * Each method throws {@link AssertionError} with the smallest failing deal QuickTheories finds.
 */
public final class GateProperties {

    private final GateEvaluator evaluator;
    private final PipelineGenerators generators;
    private final int examples;

    private GateProperties(GateEvaluator evaluator, PipelineGenerators generators, int examples) {
        this.evaluator = evaluator;
        this.generators = generators;
        this.examples = examples;
    }

    /** Properties of {@code evaluator} over deals from {@code generators}, 200 examples each. */
    public static GateProperties of(GateEvaluator evaluator, PipelineGenerators generators) {
        return new GateProperties(Objects.requireNonNull(evaluator, "evaluator"),
                Objects.requireNonNull(generators, "generators"), 200);
    }

    /** The same properties with another number of examples per property. */
    public GateProperties withExamples(int examples) {
        if (examples < 1) {
            throw new IllegalArgumentException("examples must be at least 1, but was " + examples);
        }
        return new GateProperties(evaluator, generators, examples);
    }

    /** Runs every gate property. */
    public void checkAll() {
        addingEvidenceNeverBlocks();
        isDeterministic();
        ignoresEvidenceOrder();
        neverAdvancesWithAnUnmetCriterion();
        skipsPassEverySkippedGate();
    }

    /** Monotonicity: a gate that lets a deal through still does after more evidence is recorded. */
    public void addingEvidenceNeverBlocks() {
        List<EvidenceType> types = generators.evidenceTypes();
        qt().withExamples(examples).forAll(generators.deals(), integers().between(0, types.size() - 1))
                .checkAssert((spec, extra) -> {
                    Opportunity before = spec.build();
                    List<EvidenceType> more = new ArrayList<>(spec.evidence());
                    more.add(types.get(extra));
                    Opportunity after = spec.build(more);
                    for (Gate gate : gatesAhead(before)) {
                        GateDecision without = decide(before, gate);
                        GateDecision with = decide(after, gate);
                        if (without.isAllowed() && !with.isAllowed()) {
                            throw new AssertionError("Adding evidence '" + types.get(extra) + "' blocked the gate "
                                    + describe(gate) + " that was open for " + spec + ": " + with.unmetCriteria());
                        }
                    }
                });
    }

    /** The same deal decided twice, or rebuilt from the same history, gets the same decision. */
    public void isDeterministic() {
        qt().withExamples(examples).forAll(generators.deals()).checkAssert(spec -> {
            Opportunity deal = spec.build();
            Opportunity again = spec.build();
            for (Gate gate : gatesAhead(deal)) {
                GateDecision first = decide(deal, gate);
                requireEqual(first, decide(deal, gate), "deciding twice", gate, spec);
                requireEqual(first, decide(again, gate), "deciding a rebuilt deal", gate, spec);
            }
        });
    }

    /** The order in which evidence was recorded does not change a decision. */
    public void ignoresEvidenceOrder() {
        qt().withExamples(examples).forAll(generators.deals()).checkAssert(spec -> {
            List<EvidenceType> reversed = new ArrayList<>(spec.evidence());
            java.util.Collections.reverse(reversed);
            Opportunity deal = spec.build();
            Opportunity reordered = spec.build(reversed);
            for (Gate gate : gatesAhead(deal)) {
                requireEqual(decide(deal, gate), decide(reordered, gate), "reversing the evidence order", gate, spec);
            }
        });
    }

    /**
     * The transition service never advances a deal while a gate on the way reports an unmet
     * criterion, refuses with exactly those criteria, and leaves the deal unchanged.
     */
    public void neverAdvancesWithAnUnmetCriterion() {
        qt().withExamples(examples).forAll(generators.deals(), integers().between(1, 10)).checkAssert((spec, ahead) -> {
            Opportunity deal = spec.build();
            StageId target = targetAhead(deal, ahead);
            List<UnmetCriterion> unmet = new ArrayList<>();
            for (Gate gate : deal.pipeline().gatesBetween(deal.stageId(), target)) {
                unmet.addAll(decide(deal, gate).unmetCriteria());
            }
            AdvanceOutcome outcome = service().advance(deal, target, dev.salespipeline.core.opportunity.Actor.of("testkit"));
            if (!unmet.isEmpty()) {
                if (outcome.isAdvanced() || outcome.opportunity() != deal) {
                    throw new AssertionError("Deal " + spec + " advanced to '" + target + "' with unmet criteria " + unmet);
                }
                if (!outcome.decision().unmetCriteria().equals(unmet)) {
                    throw new AssertionError("Refusal of " + spec + " lists " + outcome.decision().unmetCriteria()
                            + " instead of the gates' " + unmet);
                }
            } else if (!outcome.isAdvanced() || !outcome.opportunity().stageId().equals(target)) {
                throw new AssertionError("Deal " + spec + " with every gate open did not advance to '" + target + "'");
            }
        });
    }

    /** Skipping stages is allowed exactly when every skipped gate, checked alone, is allowed. */
    public void skipsPassEverySkippedGate() {
        qt().withExamples(examples).forAll(generators.deals(), integers().between(2, 10)).checkAssert((spec, ahead) -> {
            Opportunity deal = spec.build();
            StageId target = targetAhead(deal, ahead);
            List<Gate> gates = deal.pipeline().gatesBetween(deal.stageId(), target);
            boolean everyGateOpen = gates.stream().allMatch(gate -> decide(deal, gate).isAllowed());
            boolean skipAllowed = service().check(deal, target).isAllowed();
            if (everyGateOpen != skipAllowed) {
                throw new AssertionError("Skipping from '" + deal.stageId() + "' to '" + target + "' was "
                        + (skipAllowed ? "allowed" : "refused") + ", but its gates one by one were "
                        + (everyGateOpen ? "all open" : "not all open") + " for " + spec);
            }
        });
    }

    /**
     * Regression advice never points forward: every recommended target is an open stage before the
     * deal's current one, or the nurture stage.
     *
     * @param recommendedTargets the targets your rules recommend for a deal, for example
     *                           {@code deal -> rules.review(deal).regressions().stream().map(r -> r.target()).toList()}
     */
    public static void regressionNeverPointsForward(PipelineGenerators generators,
                                                    Function<Opportunity, Collection<StageId>> recommendedTargets,
                                                    int examples) {
        Objects.requireNonNull(recommendedTargets, "recommendedTargets");
        qt().withExamples(examples).forAll(generators.deals()).checkAssert(spec -> {
            Opportunity deal = spec.build();
            PipelineDefinition pipeline = deal.pipeline();
            for (StageId target : recommendedTargets.apply(deal)) {
                Stage stage = pipeline.stage(target);
                boolean backwards = stage.kind() == StageKind.NURTURE || stage.isOpen()
                        && pipeline.trackPosition(target) < pipeline.trackPosition(deal.stageId());
                if (!backwards) {
                    throw new AssertionError("Regression of " + spec + " in '" + deal.stageId()
                            + "' was recommended towards '" + target + "', which is not behind it");
                }
            }
        });
    }

    private TransitionService service() {
        return new TransitionService(evaluator, Clock.fixed(PipelineGenerators.NOW, ZoneOffset.UTC));
    }

    private GateDecision decide(Opportunity deal, Gate gate) {
        return evaluator.evaluate(new GateRequest(deal, gate, PipelineGenerators.NOW));
    }

    private static List<Gate> gatesAhead(Opportunity deal) {
        return deal.pipeline().gatesBetween(deal.stageId(), deal.pipeline().wonStage().id());
    }

    /** The stage {@code ahead} steps further on the track, or the won stage when the track ends first. */
    private static StageId targetAhead(Opportunity deal, int ahead) {
        List<Gate> gates = gatesAhead(deal);
        return gates.get(Math.min(ahead, gates.size()) - 1).entering().id();
    }

    private static void requireEqual(GateDecision expected, GateDecision actual, String how, Gate gate,
                                      Object spec) {
        if (!expected.equals(actual)) {
            throw new AssertionError(how + " changed the decision of gate " + describe(gate) + " for " + spec
                    + ":\n  " + expected + "\n  " + actual);
        }
    }

    private static String describe(Gate gate) {
        return gate.toString();
    }
}
