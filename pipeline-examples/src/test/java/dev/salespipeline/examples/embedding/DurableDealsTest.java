package dev.salespipeline.examples.embedding;

import static org.assertj.core.api.Assertions.assertThat;

import dev.salespipeline.core.opportunity.Opportunity;
import dev.salespipeline.testkit.SamplePortfolio;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DurableDealsTest {

    @Test
    void theDealIsFoundAfterARestartTheStoreIsSweptAndTheBrokerHearsEveryEvent(@TempDir Path directory) {
        Instant now = Instant.parse("2026-11-23T09:00:00Z");
        ByteArrayOutputStream printed = new ByteArrayOutputStream();

        DurableDeals.run(new PrintStream(printed, true, StandardCharsets.UTF_8), Clock.fixed(now, ZoneOffset.UTC),
                directory.resolve("store"));

        List<Opportunity> generated = SamplePortfolio.generate(20, 9, now);
        long open = generated.stream().filter(Opportunity::isOpen).count() + 1;
        long events = generated.stream().mapToLong(Opportunity::version).sum() + 2;
        assertThat(printed.toString(StandardCharsets.UTF_8))
                .contains("Saved durable-1 at version 2")
                .contains("Found durable-1 at version 2, in Discovery, exactly as saved")
                .contains("Swept " + open + " open deals from the store")
                .contains("The broker received " + events + " events; the first: {\"schema\":\"sales-pipeline.event/1\"");
    }
}
