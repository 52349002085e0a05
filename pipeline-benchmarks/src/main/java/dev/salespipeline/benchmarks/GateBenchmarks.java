package dev.salespipeline.benchmarks;

import dev.salespipeline.core.gate.GateDecision;
import dev.salespipeline.core.gate.GateRequest;
import dev.salespipeline.rules.PipelineRules;
import dev.salespipeline.rules.RuleSources;

import java.time.Clock;
import java.time.ZoneOffset;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * Gate checks by the default DRL rules against the plain-Java baseline, in the same run: one deal's
 * next gate (the request path) and a sweep of next gates over {@code requests} open deals.
 *
 * <p>Run: {@code java -jar pipeline-benchmarks/target/benchmarks.jar GateBenchmarks} (see docs/performance.md).
 */
@State(Scope.Benchmark)
public class GateBenchmarks {

    @Param("2000")
    public int deals;

    @Param("10000")
    public int requests;

    private List<GateRequest> gates;
    private PipelineRules rules;
    private PlainJavaGates plain;
    private int cursor;

    @Setup
    public void setUp() {
        gates = Workload.nextGates(Workload.portfolio(deals), requests);
        rules = PipelineRules.builder(RuleSources.defaults()).clock(Clock.fixed(Workload.NOW, ZoneOffset.UTC)).build();
        plain = new PlainJavaGates();
    }

    private GateRequest nextRequest() {
        cursor = (cursor + 1) % gates.size();
        return gates.get(cursor);
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public GateDecision singleGateDrools() {
        return rules.evaluate(nextRequest());
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public GateDecision singleGatePlainJava() {
        return plain.evaluate(nextRequest());
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public void sweepDrools(Blackhole sink) {
        for (GateRequest request : gates) {
            sink.consume(rules.evaluate(request));
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public void sweepPlainJava(Blackhole sink) {
        for (GateRequest request : gates) {
            sink.consume(plain.evaluate(request));
        }
    }
}
