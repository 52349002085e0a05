package dev.salespipeline.rules;

import dev.salespipeline.core.events.PipelineEvent;
import dev.salespipeline.core.events.PipelineListener;
import dev.salespipeline.core.opportunity.OpportunityEvent;
import dev.salespipeline.rules.outcome.WorkflowAction;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * Runs the workflow hooks whenever a committed stage change is published, and hands what they ask for
 * to the host: {@code events.register(new WorkflowHooks(rules, host::act))}. The host acts: proposes
 * the next step to the rep, prompts for the stakeholder map, notifies the manager.
 *
 * <p>Thread-safe if {@code actions} is.
 */
public final class WorkflowHooks implements PipelineListener {

    private final PipelineRules rules;
    private final Consumer<WorkflowAction> actions;

    public WorkflowHooks(PipelineRules rules, Consumer<WorkflowAction> actions) {
        this.rules = Objects.requireNonNull(rules, "rules");
        this.actions = Objects.requireNonNull(actions, "actions");
    }

    @Override
    public void on(PipelineEvent event) {
        if (event instanceof PipelineEvent.Changed changed && changed.event() instanceof OpportunityEvent.StageChanged) {
            rules.hooks(changed.after()).forEach(actions);
        }
    }
}
