package dev.salespipeline.store.jdbc;

import dev.salespipeline.core.gate.GateDecision;
import dev.salespipeline.core.opportunity.Activity;
import dev.salespipeline.core.opportunity.ActivityDirection;
import dev.salespipeline.core.opportunity.ActivityType;
import dev.salespipeline.core.opportunity.Actor;
import dev.salespipeline.core.opportunity.EvidenceSource;
import dev.salespipeline.core.opportunity.NewEvidence;
import dev.salespipeline.core.opportunity.Opportunity;
import dev.salespipeline.core.opportunity.OpportunityId;
import dev.salespipeline.core.evidence.EvidenceType;
import dev.salespipeline.core.pipeline.DefaultPipelines;
import dev.salespipeline.core.transition.TransitionService;
import dev.salespipeline.testkit.SamplePortfolio;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import javax.sql.DataSource;

/**
 * The child JVM of {@link CrashTest}: saves changes in a loop, one transaction each, and reports on its
 * standard output each one the database committed, until it is killed. Arguments: {@code postgres URL}
 * or {@code h2 FILE}, then a seed.
 */
public final class CrashingWriter {

    private CrashingWriter() {
    }

    public static void main(String[] args) {
        DataSource dataSource = args[0].equals("postgres") ? Databases.pooled(args[1]) : JdbcOpportunityStore.h2(Path.of(args[1]));
        Random random = new Random(Long.parseLong(args[2]));
        JdbcOpportunityStore store = JdbcOpportunityStore.builder(dataSource).migrate(false).build();
        TransitionService service = new TransitionService(request -> GateDecision.allowed("crash"), Clock.systemUTC());
        Actor rep = Actor.of("rep-crash");
        PrintStream out = System.out;
        List<OpportunityId> ids = new ArrayList<>();
        try (var cursor = store.allDeals()) {
            cursor.forEachRemaining(deal -> ids.add(deal.id()));
        }
        out.println("READY");
        out.flush();
        long round = 0;
        while (true) {
            round++;
            int choice = random.nextInt(10);
            Opportunity committed;
            if (choice == 0 || ids.isEmpty()) {
                // A new deal with a whole generated history: many events in one transaction.
                Opportunity template = SamplePortfolio.generate(1, random.nextLong(), java.time.Instant.now()).get(0);
                OpportunityId id = OpportunityId.of("crash-" + args[2] + "-" + round);
                Opportunity fresh = service.open(id, DefaultPipelines.evidenceBased(), template.details(), rep);
                for (int evidence = 0; evidence < 1 + random.nextInt(12); evidence++) {
                    fresh = service.recordEvidence(fresh, NewEvidence.of(EvidenceType.of("e-" + evidence),
                            EvidenceSource.EMAIL), rep);
                }
                store.add(fresh);
                ids.add(id);
                committed = fresh;
            } else {
                OpportunityId id = ids.get(random.nextInt(ids.size()));
                int count = 1 + random.nextInt(5);
                committed = store.update(id, deal -> {
                    Opportunity changed = deal;
                    for (int step = 0; step < count; step++) {
                        changed = service.logActivity(changed, new Activity(ActivityType.CALL,
                                ActivityDirection.TO_BUYER, changed.createdAt(), rep, "round " + deal.version()));
                    }
                    return changed;
                });
            }
            out.println("COMMITTED " + committed.id() + " " + committed.version());
            out.flush();
        }
    }
}
