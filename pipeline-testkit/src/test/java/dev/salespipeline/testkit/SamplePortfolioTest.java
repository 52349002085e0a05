package dev.salespipeline.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.salespipeline.core.opportunity.Opportunity;
import dev.salespipeline.core.pipeline.StageKind;

import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

class SamplePortfolioTest {

    private static final Instant AS_OF = Instant.parse("2026-11-23T12:00:00Z");

    @Test
    void theSameSeedGivesTheSamePortfolioAndAnotherSeedAnother() {
        assertThat(SamplePortfolio.generate(30, 11, AS_OF)).isEqualTo(SamplePortfolio.generate(30, 11, AS_OF));
        assertThat(SamplePortfolio.generate(30, 12, AS_OF)).isNotEqualTo(SamplePortfolio.generate(30, 11, AS_OF));
    }

    @Test
    void aPortfolioHoldsWhatARealPipelineHolds() {
        List<Opportunity> deals = SamplePortfolio.generate(400, 42, AS_OF);
        Set<StageKind> kinds = deals.stream().map(deal -> deal.stage().kind())
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(StageKind.class)));
        assertThat(kinds).containsExactlyInAnyOrder(StageKind.values());
        assertThat(deals.stream().map(deal -> deal.details().value().amount().currency().getCurrencyCode()).distinct())
                .containsExactlyInAnyOrder("EUR", "IDR");
        assertThat(deals.stream().map(deal -> deal.pipeline().id().value()).distinct()).hasSize(2);
        assertThat(deals).allSatisfy(deal -> assertThat(deal.createdAt()).isBefore(AS_OF));
    }
}
