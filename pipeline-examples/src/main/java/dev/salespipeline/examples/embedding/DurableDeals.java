package dev.salespipeline.examples.embedding;

import dev.salespipeline.core.events.PipelineEvents;
import dev.salespipeline.core.metrics.StageAverages;
import dev.salespipeline.core.opportunity.Actor;
import dev.salespipeline.core.opportunity.EvidenceSource;
import dev.salespipeline.core.opportunity.NewEvidence;
import dev.salespipeline.core.opportunity.Opportunity;
import dev.salespipeline.core.opportunity.OpportunityId;
import dev.salespipeline.core.evidence.EvidenceTypes;
import dev.salespipeline.core.pipeline.DefaultPipelines;
import dev.salespipeline.core.transition.OpportunityCursor;
import dev.salespipeline.core.transition.TransitionService;
import dev.salespipeline.events.json.EventJson;
import dev.salespipeline.rules.PipelineRules;
import dev.salespipeline.rules.RuleSources;
import dev.salespipeline.rules.outcome.DealSweep;
import dev.salespipeline.store.jdbc.JdbcOpportunityStore;
import dev.salespipeline.store.jdbc.Subscription;
import dev.salespipeline.testkit.SamplePortfolio;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

/**
 * A deal that outlives the process: a store in an H2 file, a deal saved, everything held in memory
 * dropped, the file opened again and the deal found as it was; then the open deals swept from the store
 * through a cursor, and a subscription that forwards every committed event as JSON. docs/storage.md
 * shows its marked regions.
 */
public final class DurableDeals {

    private DurableDeals() {
    }

    public static void main(String[] args) {
        run(System.out, Clock.systemUTC(), Path.of(args.length > 0 ? args[0] : "target/durable-deals/store"));
    }

    /** Runs the example on the database in {@code file}, printing what it found. */
    public static void run(PrintStream out, Clock clock, Path file) {
        Actor rep = Actor.of("rep-ana");
        OpportunityId id = OpportunityId.of("durable-1");
        TransitionService service = new TransitionService(PipelineRules.builder(RuleSources.defaults()).clock(clock)
                .build(), clock);
        Opportunity saved = firstRun(file, service, id, rep, clock);
        out.println("Saved " + id + " at version " + saved.version());

        // A new process, as it were: nothing from the first run is used but the file.
        PipelineEvents events = new PipelineEvents();
        // doc-region: open
        DataSource database = JdbcOpportunityStore.h2(file);          // or your PostgreSQL DataSource
        JdbcOpportunityStore store = JdbcOpportunityStore.builder(database).events(events).build();
        // doc-end
        Opportunity found = store.get(id);
        out.println("Found " + id + " at version " + found.version() + ", in " + found.stage().displayName()
                + (found.equals(saved) ? ", exactly as saved" : ", NOT as saved"));

        PipelineRules rules = PipelineRules.builder(RuleSources.defaults()).clock(clock).build();
        List<DealSweep> answers = new ArrayList<>();
        // doc-region: sweep
        try (OpportunityCursor open = store.openDeals()) {
            long swept = rules.sweepPortfolio(open, StageAverages.configured(), answer -> answers.add(answer));
        }
        // doc-end
        out.println("Swept " + answers.size() + " open deals from the store");

        List<String> broker = new ArrayList<>();
        // doc-region: subscribe
        Subscription toBroker = store.subscribe("broker", event -> broker.add(EventJson.write(event)));
        toBroker.poll();                                   // or toBroker.start(Duration.ofSeconds(1))
        // doc-end
        out.println("The broker received " + broker.size() + " events; the first: " + (broker.isEmpty() ? "none"
                : broker.get(0).substring(0, Math.min(80, broker.get(0).length()))));
        ((org.h2.jdbcx.JdbcConnectionPool) database).dispose();
    }

    /** The first process: opens a store in the file, adds a deal and a few generated ones, and leaves. */
    private static Opportunity firstRun(Path file, TransitionService service, OpportunityId id, Actor rep, Clock clock) {
        DataSource database = JdbcOpportunityStore.h2(file);
        JdbcOpportunityStore store = JdbcOpportunityStore.builder(database).clock(clock).build();
        if (store.find(id).isPresent()) {
            // Run before on this file: the deal is there already.
            Opportunity there = store.get(id);
            ((org.h2.jdbcx.JdbcConnectionPool) database).dispose();
            return there;
        }
        Opportunity deal = service.open(id, DefaultPipelines.evidenceBased(),
                SamplePortfolio.generate(1, 5, clock.instant()).get(0).details(), rep);
        deal = service.recordEvidence(deal, NewEvidence.of(EvidenceTypes.BUDGET_RANGE_CONFIRMED,
                EvidenceSource.MEETING_NOTES), rep);
        store.add(deal);
        store.addAll(SamplePortfolio.generate(20, 9, clock.instant()));
        ((org.h2.jdbcx.JdbcConnectionPool) database).dispose();
        return deal;
    }
}
