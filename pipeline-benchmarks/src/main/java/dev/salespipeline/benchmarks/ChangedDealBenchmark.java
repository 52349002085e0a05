package dev.salespipeline.benchmarks;

import dev.salespipeline.core.evidence.EvidenceTypes;
import dev.salespipeline.core.gate.GateDecision;
import dev.salespipeline.core.gate.GateRequest;
import dev.salespipeline.core.metrics.StageAverages;
import dev.salespipeline.core.opportunity.Actor;
import dev.salespipeline.core.opportunity.EvidenceSource;
import dev.salespipeline.core.opportunity.NewEvidence;
import dev.salespipeline.core.opportunity.Opportunity;
import dev.salespipeline.core.transition.TransitionService;
import dev.salespipeline.rules.PipelineRules;
import dev.salespipeline.rules.outcome.PortfolioSweep;
import dev.salespipeline.rules.RuleSources;

import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Re-evaluating one changed deal while a portfolio of {@code deals} is held (issue #7's incremental
 * re-evaluation): a rep records a piece of evidence, and the deal's next gate, alerts and review are
 * answered again. The library has no long-lived session holding every deal; a changed deal is
 * evaluated alone, so the cost should not depend on the portfolio's size. The plain-Java baseline
 * answers the changed deal's next gate only.
 *
 * <p>Run: {@code java -jar pipeline-benchmarks/target/benchmarks.jar ChangedDealBenchmark -f 1 -wi 10 -w 2s
 * -i 5 -r 2s -jvmArgs "-Xms6g -Xmx6g -XX:+AlwaysPreTouch"}. Warm up for 20 s: with 6 s the JVM was still
 * compiling through the measured iterations.
 */
@State(Scope.Benchmark)
public class ChangedDealBenchmark {

    @Param("100000")
    public int deals;

    private List<Opportunity> portfolio;
    private List<Opportunity> changed;
    private List<GateRequest> changedGates;
    private PipelineRules rules;
    private PlainJavaGates plain;
    private StageAverages averages;
    private int cursor;

    @Setup
    public void setUp() {
        portfolio = SyntheticPortfolio.generate(deals, 42, Workload.NOW, 10);
        TransitionService service = new TransitionService(request -> GateDecision.allowed("benchmark"),
                Clock.fixed(Workload.NOW, ZoneOffset.UTC));
        changed = new ArrayList<>();
        for (Opportunity deal : portfolio) {
            if (deal.isOpen() && changed.size() < 1_000) {
                changed.add(service.recordEvidence(deal, NewEvidence.of(
                        EvidenceTypes.progressionSignals().get(changed.size() % EvidenceTypes.progressionSignals().size()),
                        EvidenceSource.MEETING_NOTES), Actor.of("rep-benchmark")));
            }
        }
        changedGates = Workload.nextGates(changed, changed.size());
        rules = PipelineRules.builder(RuleSources.defaults()).clock(Clock.fixed(Workload.NOW, ZoneOffset.UTC)).build();
        plain = new PlainJavaGates();
        averages = StageAverages.configured();
    }

    private int next() {
        cursor = (cursor + 1) % changed.size();
        return cursor;
    }

    /** Next gate, alerts and review of the changed deal, in one session run. */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public PortfolioSweep changedDealDrools() {
        return rules.sweepPortfolio(List.of(changed.get(next())), averages);
    }

    /** The changed deal's next gate by the default rules, as a request-path check. */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public GateDecision changedDealGateDrools() {
        return rules.evaluate(changedGates.get(next()));
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public GateDecision changedDealGatePlainJava() {
        return plain.evaluate(changedGates.get(next()));
    }
}
