package dev.salespipeline.examples.embedding;

import dev.salespipeline.core.gate.GateDecision;
import dev.salespipeline.core.metrics.StageAverages;
import dev.salespipeline.core.opportunity.Opportunity;
import dev.salespipeline.testkit.SamplePortfolio;
import dev.salespipeline.rules.outcome.Alert;
import dev.salespipeline.rules.outcome.DealSweep;
import dev.salespipeline.rules.PipelineRules;
import dev.salespipeline.rules.RuleSources;

import java.io.PrintStream;
import java.time.Clock;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * The nightly sweep of a host that keeps its deals in its own storage: the rules read the deals as
 * they go and hand each deal's answers over as they come, so the sweep holds a window of a few
 * thousand deals whatever the portfolio's size. Here the answers are tallied; a host writes them to
 * its alert inbox and review queue.
 */
public final class NightlySweep {

    private NightlySweep() {
    }

    /** Sweeps {@code storedDeals} (a database cursor, in a host) and prints what the night found. */
    public static void run(PrintStream out, Clock clock, Iterator<Opportunity> storedDeals) {
        PipelineRules rules = PipelineRules.builder(RuleSources.defaults()).clock(clock).build();
        int[] gates = new int[2];
        int[] reviewed = new int[1];
        Map<String, Integer> alertsByKind = new TreeMap<>();
        // doc-region: sweep
        long swept = rules.sweepPortfolio(storedDeals, StageAverages.configured(), (DealSweep answer) -> {
            answer.nextGate().map(GateDecision::isAllowed).ifPresent(allowed -> gates[allowed ? 0 : 1]++);
            for (Alert alert : answer.alerts()) {
                alertsByKind.merge(alert.kind().replaceFirst(":.*", ""), 1, Integer::sum);
            }
            if (answer.review().hasRecommendations()) {
                reviewed[0]++;
            }
        });
        // doc-end
        out.println("Swept " + swept + " deals with rules " + rules.version());
        out.println("Next gate open for " + gates[0] + " deals, blocked for " + gates[1]);
        out.println("Alerts by kind: " + alertsByKind);
        out.println("Deals to review (regression or disqualification): " + reviewed[0]);
    }

    public static void main(String[] args) {
        Clock clock = Clock.systemUTC();
        run(System.out, clock, SamplePortfolio.generate(400, 42, clock.instant()).iterator());
    }
}
