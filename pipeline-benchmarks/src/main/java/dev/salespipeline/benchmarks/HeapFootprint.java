package dev.salespipeline.benchmarks;

import dev.salespipeline.core.metrics.StageAverages;
import dev.salespipeline.core.opportunity.Opportunity;
import dev.salespipeline.rules.PipelineRules;
import dev.salespipeline.rules.outcome.PortfolioSweep;
import dev.salespipeline.rules.RuleSources;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Memory of issue #7: the heap a portfolio of deals with 10 pieces of evidence each keeps alive, per
 * deal, and the heap the portfolio sweep needs on top of it. Reported as JMH secondary results of one
 * shot (the time of the shot is not the point):
 *
 * <ul>
 *   <li>{@code portfolioBytesPerDeal}: live heap after a full GC with the portfolio held, minus before
 *       it was built, per deal;</li>
 *   <li>{@code sweepPeakBytes}: the highest heap use during the sweep above the live heap before it,
 *       summed over the heap pools' peaks. It counts garbage not yet collected, so it is an upper
 *       bound of what the sweep needs: run with a capped {@code -Xmx} to see that it fits;</li>
 *   <li>{@code sweepResultBytes}: what the sweep's answers keep alive;</li>
 *   <li>{@code streamedPeakBytes} ({@code streamedSweep}): the highest heap use above the live heap
 *       before it of the streaming sweep, over deals made as they are drawn (as a host reads them from
 *       its storage) with its answers counted and dropped (as a host writes them out). Nothing of the
 *       portfolio is held, so this is all a sweep of any size needs; a capped {@code -Xmx} shows it.</li>
 * </ul>
 *
 * <p>Run: {@code java -jar pipeline-benchmarks/target/benchmarks.jar HeapFootprint -f 1 -wi 0 -i 1
 * -jvmArgs -Xmx14g}.
 */
@State(Scope.Benchmark)
public class HeapFootprint {

    @Param({"10000", "100000", "1000000"})
    public int deals;

    private PipelineRules rules;

    /** The measured bytes; JMH reports public fields of an aux-counter state as secondary results. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Footprint {
        public long portfolioBytesPerDeal;
        public long sweepPeakBytes;
        public long sweepResultBytes;

        @Setup(Level.Iteration)
        public void clear() {
            portfolioBytesPerDeal = 0;
            sweepPeakBytes = 0;
            sweepResultBytes = 0;
        }
    }

    /** The streaming sweep's measured bytes, apart so that its run reports no empty portfolio figures. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class StreamedFootprint {
        public long streamedPeakBytes;

        @Setup(Level.Iteration)
        public void clear() {
            streamedPeakBytes = 0;
        }
    }

    @Setup
    public void setUp() {
        rules = PipelineRules.builder(RuleSources.defaults()).clock(Clock.fixed(Workload.NOW, ZoneOffset.UTC)).build();
    }

    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public Object portfolioAndSweep(Footprint footprint) {
        long empty = liveHeap();
        List<Opportunity> portfolio = SyntheticPortfolio.generate(deals, 42, Workload.NOW, 10);
        long withPortfolio = liveHeap();
        resetPeaks();
        PortfolioSweep sweep = rules.sweepPortfolio(portfolio, StageAverages.configured());
        long peak = peakHeap();
        long withResults = liveHeap();
        footprint.portfolioBytesPerDeal = (withPortfolio - empty) / deals;
        footprint.sweepPeakBytes = Math.max(0, peak - withPortfolio);
        footprint.sweepResultBytes = withResults - withPortfolio;
        // Keeps both alive up to here, so the measurements above saw them.
        return List.of(portfolio.size(), sweep.reviews().size());
    }

    private static long liveHeap() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        Runtime runtime = Runtime.getRuntime();
        return runtime.totalMemory() - runtime.freeMemory();
    }

    private static void resetPeaks() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
            }
        }
    }

    private static long peakHeap() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak;
    }

    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public long streamedSweep(StreamedFootprint footprint) {
        long before = liveHeap();
        resetPeaks();
        long[] alerts = {0};
        long swept = rules.sweepPortfolio(SyntheticPortfolio.stream(deals, 42, Workload.NOW, 10),
                StageAverages.configured(), answer -> alerts[0] += answer.alerts().size());
        footprint.streamedPeakBytes = Math.max(0, peakHeap() - before);
        return swept + alerts[0];
    }
}
