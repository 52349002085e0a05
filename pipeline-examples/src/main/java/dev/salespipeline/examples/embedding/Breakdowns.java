package dev.salespipeline.examples.embedding;

import dev.salespipeline.core.metrics.Dimensions;
import dev.salespipeline.core.metrics.PipelineMetrics;
import dev.salespipeline.core.opportunity.Opportunity;
import dev.salespipeline.testkit.SamplePortfolio;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/** Figures by owner and by deal size, and weekly and monthly trends, on a sample portfolio. */
public final class Breakdowns {

    private Breakdowns() {
    }

    public static void main(String[] args) {
        run(System.out, Clock.systemUTC());
    }

    /** Prints each owner's open deals and win rate, and how many points each trend has. */
    public static void run(PrintStream out, Clock clock) {
        Instant now = clock.instant();
        List<Opportunity> deals = SamplePortfolio.generate(400, 42, now);
        Instant quarterStart = now.atZone(ZoneOffset.UTC).minusMonths(3).toInstant();
        Instant yearStart = now.atZone(ZoneOffset.UTC).minusYears(1).toInstant();
        // doc-region: breakdowns
        Map<String, PipelineMetrics> byOwner = PipelineMetrics.breakdown(deals, now, Dimensions.OWNER);
        Map<String, PipelineMetrics> bySize = PipelineMetrics.breakdown(deals, now, Dimensions.dealSizeBand(25_000, 100_000));
        List<PipelineMetrics> weekly = PipelineMetrics.trend(deals, quarterStart, now, Duration.ofDays(7));
        List<PipelineMetrics> monthly = PipelineMetrics.trend(deals, yearStart, now, Period.ofMonths(1));
        // doc-end
        byOwner.forEach((owner, metrics) -> out.printf("%-8s %3d open, win rate %s%n", owner, metrics.openDeals(),
                metrics.winRate().map(Object::toString).orElse("n/a")));
        out.println("Size bands: " + bySize.keySet() + "; weekly points " + weekly.size() + ", monthly "
                + monthly.size());
    }
}
