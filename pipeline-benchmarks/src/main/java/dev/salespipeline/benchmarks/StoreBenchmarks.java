package dev.salespipeline.benchmarks;

import dev.salespipeline.core.evidence.EvidenceType;
import dev.salespipeline.core.gate.GateDecision;
import dev.salespipeline.core.opportunity.Activity;
import dev.salespipeline.core.opportunity.ActivityDirection;
import dev.salespipeline.core.opportunity.ActivityType;
import dev.salespipeline.core.opportunity.Actor;
import dev.salespipeline.core.opportunity.EvidenceSource;
import dev.salespipeline.core.opportunity.NewEvidence;
import dev.salespipeline.core.opportunity.Opportunity;
import dev.salespipeline.core.opportunity.OpportunityId;
import dev.salespipeline.core.pipeline.DefaultPipelines;
import dev.salespipeline.core.transition.TransitionService;
import dev.salespipeline.store.jdbc.JdbcOpportunityStore;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import javax.sql.DataSource;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The JDBC store on PostgreSQL 17 (an embedded server started in the benchmark's JVM, on this machine's
 * disk) and on an H2 file: loading a deal of 15 events, appending one event to a deal, and appending 1,000
 * events at once as 100 new deals of 10 events, in one transaction or one transaction a deal.
 *
 * <p>Run: {@code java -jar pipeline-benchmarks/target/benchmarks.jar StoreBenchmarks -f 1 -wi 3 -w 2s -i 5 -r 2s}.
 * Events per second are the events of an operation divided by its time.
 */
@State(Scope.Benchmark)
public class StoreBenchmarks {

    static final Actor REP = Actor.of("rep-bench");

    @Param({"postgresql", "h2"})
    public String database;

    private Path directory;
    private EmbeddedPostgres server;
    private JdbcOpportunityStore store;
    private TransitionService service;
    private List<OpportunityId> stored;
    private int cursor;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        directory = Files.createTempDirectory("store-benchmark");
        DataSource dataSource = dataSource(database, directory);
        store = JdbcOpportunityStore.builder(dataSource).build();
        service = new TransitionService(request -> GateDecision.allowed("benchmark"), Clock.fixed(Workload.NOW,
                ZoneOffset.UTC));
        List<Opportunity> deals = new ArrayList<>();
        for (int index = 0; index < 1_000; index++) {
            deals.add(deal("stored-" + index, 14));
        }
        store.addAll(deals);
        stored = deals.stream().map(Opportunity::id).toList();
    }

    DataSource dataSource(String kind, Path where) throws IOException {
        if (kind.equals("h2")) {
            return JdbcOpportunityStore.h2(where.resolve("store"));
        }
        server = EmbeddedPostgres.builder().setDataDirectory(where.resolve("pgdata")).start();
        org.postgresql.ds.PGConnectionPoolDataSource source = new org.postgresql.ds.PGConnectionPoolDataSource();
        source.setURL(server.getJdbcUrl("postgres", "postgres"));
        source.setUser("postgres");
        return org.h2.jdbcx.JdbcConnectionPool.create(source);
    }

    /** A deal opened and given {@code evidence} pieces of evidence: 1 + evidence events. */
    Opportunity deal(String id, int evidence) {
        Opportunity deal = service.open(OpportunityId.of(id), DefaultPipelines.evidenceBased(),
                SyntheticPortfolio.generate(1, id.hashCode(), Workload.NOW).get(0).details(), REP);
        for (int piece = 0; piece < evidence; piece++) {
            deal = service.recordEvidence(deal, NewEvidence.of(EvidenceType.of("e-" + piece), EvidenceSource.EMAIL), REP);
        }
        return deal;
    }

    /** 100 new deals of 10 events for each invocation of an append benchmark; made outside the measurement. */
    @State(Scope.Thread)
    public static class NewDeals {
        private int batch;
        List<Opportunity> deals;

        @Setup(Level.Invocation)
        public void make(StoreBenchmarks benchmark) {
            batch++;
            deals = new ArrayList<>(100);
            for (int index = 0; index < 100; index++) {
                deals.add(benchmark.deal("new-" + batch + "-" + index, 9));
            }
        }
    }

    void tearDownServer() throws IOException {
        if (server != null) {
            server.close();
            server = null;
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        tearDownServer();
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public Opportunity loadADealOf15Events() {
        return store.get(stored.get(cursor++ % stored.size()));
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public Opportunity appendOneEventToADeal() {
        return store.update(stored.get(cursor++ % stored.size()), deal -> service.logActivity(deal,
                new Activity(ActivityType.CALL, ActivityDirection.TO_BUYER, Workload.NOW, REP, "")));
    }

    /** 1,000 events: 100 new deals of 10 events, in one transaction. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public long append1000EventsInOneTransaction(NewDeals fresh) {
        return store.addAll(fresh.deals.iterator(), 100);
    }

    /** 1,000 events: 100 new deals of 10 events, a transaction each. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public int append1000EventsADealATransaction(NewDeals fresh) {
        fresh.deals.forEach(store::add);
        return fresh.deals.size();
    }
}
