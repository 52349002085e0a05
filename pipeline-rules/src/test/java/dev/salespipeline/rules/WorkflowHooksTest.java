package dev.salespipeline.rules;

import static dev.salespipeline.rules.testing.RulesFixtures.CLOCK;
import static dev.salespipeline.rules.testing.RulesFixtures.DEFAULT_RULES;
import static dev.salespipeline.rules.testing.RulesFixtures.PLACER;
import static dev.salespipeline.rules.testing.RulesFixtures.REP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import dev.salespipeline.core.events.PipelineEvents;
import dev.salespipeline.core.opportunity.Activity;
import dev.salespipeline.core.opportunity.ActivityDirection;
import dev.salespipeline.core.opportunity.ActivityType;
import dev.salespipeline.core.opportunity.Opportunity;
import dev.salespipeline.core.opportunity.OpportunityId;
import dev.salespipeline.core.pipeline.DefaultPipelines;
import dev.salespipeline.core.pipeline.Stage;
import dev.salespipeline.core.transition.OpportunityStore;
import dev.salespipeline.rules.outcome.WorkflowAction;
import dev.salespipeline.rules.testing.RulesFixtures;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The default workflow hooks (workflow-hooks.drl) and the listener that runs them on committed stage changes. */
class WorkflowHooksTest {

    private static final LocalDate TODAY = LocalDate.ofInstant(RulesFixtures.NOW, ZoneOffset.UTC);

    @TempDir
    Path dir;

    private static final String HOOKS = "classpath:dev/salespipeline/rules/defaults/workflow-hooks.drl";

    /** Hook rule, the stages whose entry it answers, what it asks for, its message, its due date in days. */
    static Stream<Arguments> hookRules() {
        return Stream.of(
                Arguments.argumentSet("Entering Qualification: propose meeting the economic buyer", "Entering Qualification: propose meeting the economic buyer", Set.of("qualification"),
                        WorkflowAction.Kind.NEXT_STEP,
                        "Meet the economic buyer and document the technical requirements", Optional.of(7)),
                Arguments.argumentSet("Entering Proposal: propose the review with the decision maker", "Entering Proposal: propose the review with the decision maker", Set.of("proposal"),
                        WorkflowAction.Kind.NEXT_STEP, "Review the proposal with the decision maker", Optional.of(10)),
                Arguments.argumentSet("Entering Negotiation: propose agreeing the terms", "Entering Negotiation: propose agreeing the terms", Set.of("negotiation"),
                        WorkflowAction.Kind.NEXT_STEP, "Agree the contract terms and start the purchase-order process",
                        Optional.of(14)),
                Arguments.argumentSet("Entering Closing: propose the signature", "Entering Closing: propose the signature", Set.of("closing"),
                        WorkflowAction.Kind.NEXT_STEP, "Get the contract signed or the purchase order issued",
                        Optional.of(7)),
                Arguments.argumentSet("Entering a key stage: update the stakeholder map", "Entering a key stage: update the stakeholder map", Set.of("qualification", "proposal"),
                        WorkflowAction.Kind.STAKEHOLDER_MAP_UPDATE,
                        "Update the stakeholder map: who decides, who pays, who can block?", Optional.empty()),
                Arguments.argumentSet("Entering a late stage: notify the manager", "Entering a late stage: notify the manager", Set.of("proposal", "negotiation", "closing"),
                        WorkflowAction.Kind.MANAGER_NOTIFICATION,
                        "A deal reached a late stage: review it in the weekly late-stage review.", Optional.empty()));
    }

    @ParameterizedTest(name = "{argumentSetName}")
    @MethodSource("hookRules")
    void eachHookAsksOnAdvancingIntoItsStagesOnly(String rule, Set<String> stages, WorkflowAction.Kind kind,
                                                  String message, Optional<Integer> dueInDays) {
        for (Stage stage : RulesFixtures.PIPELINE.openStages()) {
            Opportunity advanced = RulesFixtures.dealIn(stage.id(), List.of());
            List<WorkflowAction> asked = DEFAULT_RULES.hooks(advanced).stream()
                    .filter(action -> action.origin().equals("rule '" + rule + "' in " + HOOKS)).toList();

            if (stages.contains(stage.id().value())) {
                assertThat(asked).as(stage.id().value()).singleElement().satisfies(action -> {
                    assertThat(action.kind()).isEqualTo(kind);
                    assertThat(action.message()).isEqualTo(message);
                    assertThat(action.dueDate()).isEqualTo(dueInDays.map(days -> TODAY.plusDays(days)));
                    assertThat(action.opportunityId()).isEqualTo(advanced.id());
                });
            } else {
                assertThat(asked).as(stage.id().value()).isEmpty();
            }
        }
        Opportunity regressed = PLACER.regress(RulesFixtures.dealIn(DefaultPipelines.CLOSING, List.of()),
                DefaultPipelines.QUALIFICATION, REP, "the buyer reopened the requirements");
        assertThat(DEFAULT_RULES.hooks(regressed)).as("moving back asks for nothing").isEmpty();
    }

    @Test
    void aDealReachingALateStageByReactivationOrReopeningNotifiesTheManagerAndFallingBackDoesNot() {
        Opportunity inNegotiation = RulesFixtures.dealIn(DefaultPipelines.NEGOTIATION, List.of());
        Opportunity reactivated = PLACER.reactivate(PLACER.moveToNurture(inNegotiation, REP, "budget frozen"),
                DefaultPipelines.PROPOSAL, REP, "budget released");
        Opportunity reopened = PLACER.reopen(PLACER.lose(inNegotiation, REP, "chose a competitor"),
                DefaultPipelines.NEGOTIATION, REP, "the competitor failed to deliver");
        Opportunity fellBack = PLACER.regress(inNegotiation, DefaultPipelines.PROPOSAL, REP, "decision maker pushed back");

        for (Opportunity forward : List.of(reactivated, reopened)) {
            assertThat(DEFAULT_RULES.hooks(forward)).as(forward.stageChanges().get(forward.stageChanges().size() - 1)
                    .move().name()).extracting(WorkflowAction::kind).containsExactly(WorkflowAction.Kind.MANAGER_NOTIFICATION);
        }
        assertThat(DEFAULT_RULES.hooks(fellBack)).isEmpty();
    }

    @Test
    void aProposedNextStepIsDueCountingFromTheAdvanceNotFromWhenTheHooksRun() {
        Opportunity advanced = RulesFixtures.dealIn(DefaultPipelines.PROPOSAL, List.of());
        LocalDate enteredOn = LocalDate.ofInstant(advanced.stageEnteredAt(), ZoneOffset.UTC);
        PipelineRules threeDaysLater = PipelineRules.builder(RuleSources.defaults())
                .clock(Clock.offset(CLOCK, Duration.ofDays(3))).build();

        assertThat(threeDaysLater.hooks(advanced)).filteredOn(action -> action.kind() == WorkflowAction.Kind.NEXT_STEP)
                .singleElement().extracting(WorkflowAction::dueDate).isEqualTo(Optional.of(enteredOn.plusDays(10)));
    }

    @Test
    void enteringProposalProposesTheReviewPromptsTheStakeholderMapAndNotifiesTheManager() {
        Opportunity deal = RulesFixtures.dealIn(DefaultPipelines.PROPOSAL, List.of());

        assertThat(DEFAULT_RULES.hooks(deal)).extracting(WorkflowAction::kind, WorkflowAction::message,
                        WorkflowAction::dueDate)
                .containsExactlyInAnyOrder(
                        tuple(WorkflowAction.Kind.NEXT_STEP, "Review the proposal with the decision maker",
                                Optional.of(TODAY.plusDays(10))),
                        tuple(WorkflowAction.Kind.STAKEHOLDER_MAP_UPDATE,
                                "Update the stakeholder map: who decides, who pays, who can block?", Optional.empty()),
                        tuple(WorkflowAction.Kind.MANAGER_NOTIFICATION,
                                "A deal reached a late stage: review it in the weekly late-stage review.", Optional.empty()));
        assertThat(DEFAULT_RULES.hooks(deal)).allSatisfy(action ->
                assertThat(action.origin()).contains("workflow-hooks.drl"));
    }

    @Test
    void qualificationIsAKeyStageButNotALateOneAndMovingBackAsksForNothing() {
        Opportunity qualified = RulesFixtures.dealIn(DefaultPipelines.QUALIFICATION, List.of());
        assertThat(DEFAULT_RULES.hooks(qualified)).extracting(WorkflowAction::kind)
                .containsExactlyInAnyOrder(WorkflowAction.Kind.NEXT_STEP, WorkflowAction.Kind.STAKEHOLDER_MAP_UPDATE);

        Opportunity regressed = PLACER.regress(RulesFixtures.dealIn(DefaultPipelines.PROPOSAL, List.of()),
                DefaultPipelines.QUALIFICATION, REP, "decision maker pushed back");
        assertThat(DEFAULT_RULES.hooks(regressed)).isEmpty();
        assertThat(DEFAULT_RULES.hooks(RulesFixtures.dealIn(DefaultPipelines.DISCOVERY, List.of()))).isEmpty();
    }

    @Test
    void theListenerRunsTheHooksOnCommittedStageChangesOnly() {
        PipelineEvents events = new PipelineEvents();
        List<WorkflowAction> asked = new ArrayList<>();
        events.register(new WorkflowHooks(DEFAULT_RULES, asked::add));
        OpportunityStore store = new OpportunityStore(events);
        Opportunity deal = PLACER.open(OpportunityId.of("opp-9"), RulesFixtures.PIPELINE, RulesFixtures.completeDetails(), REP);

        store.add(deal);
        store.update(deal.id(), stored -> PLACER.logActivity(stored, new Activity(ActivityType.CALL,
                ActivityDirection.FROM_BUYER, CLOCK.instant(), REP, "")));
        assertThat(asked).isEmpty();
        store.update(deal.id(), stored -> PLACER.overrideGate(stored, DefaultPipelines.NEGOTIATION,
                RulesFixtures.REP, "placed for the test"));

        assertThat(asked).extracting(WorkflowAction::kind).containsExactlyInAnyOrder(WorkflowAction.Kind.NEXT_STEP,
                WorkflowAction.Kind.MANAGER_NOTIFICATION);
        assertThat(asked).allSatisfy(action -> assertThat(action.opportunityId().value()).isEqualTo("opp-9"));
    }

    @Test
    void aHookMustSayWhatToDo() throws IOException {
        Files.writeString(dir.resolve("workflow-hooks.drl"), """
                package host.rules;
                import dev.salespipeline.rules.facts.StageEntry;
                rule "Entering Proposal: silent"
                when
                    $entry : StageEntry( stage == "proposal" )
                then
                    $entry.notifyManager( "  " );
                end
                """);
        PipelineRules rules = PipelineRules.builder(RuleSources.defaults().withDirectory(dir)).clock(CLOCK).build();

        assertThatThrownBy(() -> rules.hooks(RulesFixtures.dealIn(DefaultPipelines.PROPOSAL, List.of())))
                .isInstanceOf(RuleEvaluationException.class)
                .hasMessageContaining("asked for MANAGER_NOTIFICATION with no message; say what to do");
    }
}
