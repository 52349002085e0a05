package dev.salespipeline.examples.embedding;

import dev.salespipeline.core.events.PipelineEvents;
import dev.salespipeline.core.metrics.PipelineMetrics;
import dev.salespipeline.core.opportunity.Actor;
import dev.salespipeline.core.opportunity.Opportunity;
import dev.salespipeline.core.opportunity.OpportunityId;
import dev.salespipeline.core.pipeline.DefaultPipelines;
import dev.salespipeline.core.transition.OpportunityStore;
import dev.salespipeline.core.transition.TransitionService;
import dev.salespipeline.core.view.OrgStructure;
import dev.salespipeline.core.view.PipelineView;
import dev.salespipeline.core.view.Scope;
import dev.salespipeline.core.view.Viewer;
import dev.salespipeline.events.json.EventJson;
import dev.salespipeline.rules.PipelineRules;
import dev.salespipeline.rules.RuleSources;
import dev.salespipeline.rules.WorkflowHooks;
import dev.salespipeline.rules.outcome.Alert;
import dev.salespipeline.rules.outcome.WorkflowAction;
import dev.salespipeline.testkit.SamplePortfolio;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A host that works as a team: every committed change goes to a broker as JSON, workflow hooks propose
 * what to do next, and each person sees the pipeline at their level. The broker, the UI and the
 * directory are lists and maps here; docs/integration.md shows the marked regions.
 */
public final class TeamIntegration {

    private TeamIntegration() {
    }

    public static void main(String[] args) {
        run(System.out, Clock.systemUTC());
    }

    /** Runs the example, printing what each part saw. */
    public static void run(PrintStream out, Clock clock) {
        PipelineRules rules = PipelineRules.builder(RuleSources.defaults()).clock(clock).build();
        List<String> broker = new ArrayList<>();
        List<WorkflowAction> proposals = new ArrayList<>();

        // doc-region: events
        PipelineEvents events = new PipelineEvents();
        events.register(event -> broker.add(EventJson.write(event)));   // a PipelineListener: to the broker, as JSON

        OpportunityStore store = new OpportunityStore(events);                   // reports what it commits
        TransitionService service = new TransitionService(rules, clock, events);  // reports refused advances
        // doc-end

        // doc-region: hooks
        events.register(new WorkflowHooks(rules, action -> {
            switch (action.kind()) {
                case NEXT_STEP, STAKEHOLDER_MAP_UPDATE -> proposals.add(action);   // the rep's to-do list
                case MANAGER_NOTIFICATION -> out.println("To the manager: " + action.message());
            }
        }));
        // doc-end

        Opportunity placed = service.open(OpportunityId.of("team-1"), DefaultPipelines.evidenceBased(),
                SamplePortfolio.generate(1, 3, clock.instant()).get(0).details(), Actor.of("rep-ana"));
        store.add(placed);
        store.update(placed.id(), deal -> service.overrideGate(deal, DefaultPipelines.PROPOSAL, Actor.of("mgr-budi"),
                "moved over from the old CRM mid-cycle"));
        out.println("Events on the broker: " + broker.size() + "; proposals for the rep: " + proposals.size());

        List<Opportunity> allDeals = SamplePortfolio.generate(200, 42, clock.instant());
        List<Alert> alerts = rules.sweep(allDeals, dev.salespipeline.core.metrics.StageAverages.configured());
        Instant now = clock.instant();
        Map<String, Set<String>> reports = Map.of("mgr-budi", Set.of("rep-ana", "rep-budi", "rep-citra"));
        // doc-region: views
        OrgStructure org = new OrgStructure() {
            public Set<String> team(String managerId) { return reports.getOrDefault(managerId, Set.of()); }
            public Set<String> organisation(String leaderId) { return Set.of(); }
        };
        PipelineView mine = PipelineView.of(Viewer.rep("rep-ana"), org, allDeals);
        List<Opportunity> myDeals = mine.deals();                  // only rep-ana's deals
        List<Alert> myAlerts = mine.only(alerts, Alert::opportunityId);   // only the alerts on them
        PipelineMetrics myFigures = mine.metrics(now);             // figures over them alone
        PipelineView company = PipelineView.of(Viewer.executive("ceo"), org, allDeals);
        Map<String, PipelineMetrics> byPipeline = company.metricsByPipeline(now);   // consolidated, per pipeline
        // doc-end
        out.println("rep-ana sees " + myDeals.size() + " of " + allDeals.size() + " deals, " + myAlerts.size() + " of "
                + alerts.size() + " alerts, " + myFigures.openDeals() + " open; the company " + byPipeline.keySet());

        List<String> budisFeed = new ArrayList<>();
        // doc-region: history
        PipelineView quarterEnd = PipelineView.asOf(Viewer.manager("mgr-budi"), org, allDeals,
                now.minus(Duration.ofDays(30)));          // each deal as it stood then, scoped by its owner then
        Scope budi = Scope.of(Viewer.manager("mgr-budi"), org);
        events.register(event -> {
            if (budi.admits(event)) {                     // by the deal's owner when the event occurred
                budisFeed.add(event.type() + " " + event.opportunityId());
            }
        });
        // doc-end
        store.update(placed.id(), deal -> service.changeDetails(deal, deal.details().toBuilder().owner("rep-citra").build(),
                Actor.of("mgr-budi"), "territory change"));
        out.println("mgr-budi saw " + quarterEnd.deals().size() + " deals 30 days ago; his feed since: " + budisFeed);
    }
}
