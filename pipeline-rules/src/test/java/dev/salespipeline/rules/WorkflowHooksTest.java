package dev.salespipeline.rules;

import static dev.salespipeline.rules.RulesFixtures.CLOCK;
import static dev.salespipeline.rules.RulesFixtures.DEFAULT_RULES;
import static dev.salespipeline.rules.RulesFixtures.PLACER;
import static dev.salespipeline.rules.RulesFixtures.REP;
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
import dev.salespipeline.core.transition.OpportunityStore;
import dev.salespipeline.rules.outcome.WorkflowAction;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The default workflow hooks (workflow-hooks.drl) and the listener that runs them on committed stage changes. */
class WorkflowHooksTest {

    private static final LocalDate TODAY = LocalDate.ofInstant(RulesFixtures.NOW, ZoneOffset.UTC);

    @TempDir
    Path dir;

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
