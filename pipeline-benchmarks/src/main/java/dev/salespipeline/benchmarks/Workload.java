package dev.salespipeline.benchmarks;

import dev.salespipeline.core.gate.GateRequest;
import dev.salespipeline.core.opportunity.Opportunity;
import dev.salespipeline.testkit.SamplePortfolio;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The deals and gate requests the benchmarks run on: the demo's generated portfolio, seed 42. */
final class Workload {

    static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");

    private Workload() {
    }

    static List<Opportunity> portfolio(int deals) {
        return SamplePortfolio.generate(deals, 42, NOW);
    }

    /** {@code count} next-gate requests, cycling over the portfolio's open deals. */
    static List<GateRequest> nextGates(List<Opportunity> portfolio, int count) {
        List<GateRequest> open = new ArrayList<>();
        for (Opportunity deal : portfolio) {
            if (deal.isOpen()) {
                open.add(new GateRequest(deal, deal.pipeline().gateAfter(deal.stageId()), NOW));
            }
        }
        List<GateRequest> requests = new ArrayList<>(count);
        for (int index = 0; index < count; index++) {
            requests.add(open.get(index % open.size()));
        }
        return requests;
    }
}
