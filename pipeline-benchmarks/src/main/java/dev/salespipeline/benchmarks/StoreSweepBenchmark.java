package dev.salespipeline.benchmarks;

import dev.salespipeline.core.metrics.StageAverages;
import dev.salespipeline.core.transition.OpportunityCursor;
import dev.salespipeline.rules.PipelineRules;
import dev.salespipeline.rules.RuleSources;
import dev.salespipeline.store.jdbc.JdbcOpportunityStore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

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
import org.openjdk.jmh.infra.Blackhole;

/**
 * The nightly sweep fed from the database: every open deal of a store of {@code deals} read through one
 * cursor, a deal in memory at a time, into {@code PipelineRules.sweepPortfolio(cursor, averages, consumer)}.
 *
 * <p>Run: {@code java -jar pipeline-benchmarks/target/benchmarks.jar StoreSweepBenchmark -f 1 -wi 1 -i 3
 * -jvmArgs "-Xmx1g"}; the store is filled once per trial (minutes at 100k deals).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
public class StoreSweepBenchmark {

    @Param({"postgresql", "h2"})
    public String database;

    @Param("100000")
    public int deals;

    private final StoreBenchmarks databases = new StoreBenchmarks();
    private Path directory;
    private JdbcOpportunityStore store;
    private PipelineRules rules;
    private long open;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        directory = Files.createTempDirectory("store-sweep-benchmark");
        store = JdbcOpportunityStore.builder(databases.dataSource(database, directory)).build();
        store.addAll(SyntheticPortfolio.stream(deals, 42, Workload.NOW, 10), 500);
        try (OpportunityCursor cursor = store.openDeals()) {
            while (cursor.hasNext()) {
                cursor.next();
                open++;
            }
        }
        rules = PipelineRules.builder(RuleSources.defaults()).clock(Clock.fixed(Workload.NOW, ZoneOffset.UTC)).build();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        databases.tearDownServer();
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    @Benchmark
    public long sweepTheOpenDealsOfTheStore(Blackhole sink) {
        try (OpportunityCursor cursor = store.openDeals()) {
            long swept = rules.sweepPortfolio(cursor, StageAverages.configured(), sink::consume);
            if (swept != open) {
                throw new IllegalStateException("swept " + swept + " of " + open + " open deals");
            }
            return swept;
        }
    }
}
