package dev.salespipeline.rules;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.salespipeline.core.pipeline.DefaultPipelines;
import dev.salespipeline.rules.testing.RulesFixtures;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Bad input at the rules module's entry points is refused with the parameter named. */
class RulesEntryPointTest {

    private final PipelineRules rules = RulesFixtures.DEFAULT_RULES;

    @Test
    void nullsAreNamed() {
        assertThatThrownBy(() -> rules.evaluate(null)).hasMessage("request");
        assertThatThrownBy(() -> rules.evaluate(null, DefaultPipelines.PROPOSAL)).hasMessage("opportunity");
        assertThatThrownBy(() -> rules.evaluate(RulesFixtures.dealIn(DefaultPipelines.DISCOVERY, List.of()), null))
                .hasMessage("target");
        assertThatThrownBy(() -> rules.review(null)).hasMessage("opportunity");
        assertThatThrownBy(() -> rules.reviewAll(null)).hasMessage("opportunities");
        assertThatThrownBy(() -> rules.reviewAll(Arrays.asList(RulesFixtures.dealIn(DefaultPipelines.DISCOVERY,
                List.of()), null))).hasMessage("opportunities must not contain null");
        assertThatThrownBy(() -> rules.evaluateNextGates(Arrays.asList((dev.salespipeline.core.opportunity.Opportunity) null)))
                .hasMessage("opportunities must not contain null");
        assertThatThrownBy(() -> rules.watch(null, new RuleWatchListener() { })).hasMessage("interval");
        assertThatThrownBy(() -> rules.watch(Duration.ofSeconds(1), null)).hasMessage("listener");
        assertThatThrownBy(() -> PipelineRules.builder(null)).hasMessage("sources");
        assertThatThrownBy(() -> PipelineRules.builder(RuleSources.defaults()).sandbox(null)).hasMessage("sandbox");
        assertThatThrownBy(() -> PipelineRules.builder(RuleSources.defaults()).clock(null)).hasMessage("clock");
        assertThatThrownBy(() -> RuleSources.defaults().withDirectory((Path) null)).hasMessage("directory");
        assertThatThrownBy(() -> RuleSandbox.standard().allowingMethods(null, "trim")).hasMessage("type");
        assertThatThrownBy(() -> RuleSandbox.standard().allowingMethods(String.class, (String) null))
                .hasMessage("names must not contain null");
        assertThatThrownBy(() -> RuleSandbox.standard().check(null)).hasMessage("file");
        PipelineRules endOfTime = PipelineRules.builder(RuleSources.defaults())
                .clock(java.time.Clock.fixed(java.time.Instant.MAX, java.time.ZoneOffset.UTC)).build();
        assertThatThrownBy(() -> endOfTime.review(RulesFixtures.dealIn(dev.salespipeline.core.pipeline.DefaultPipelines
                .DISCOVERY, java.util.List.of())))
                .isInstanceOf(dev.salespipeline.core.InvalidValueException.class)
                .hasMessage("clock must be between 0001-01-01T00:00:00Z and 9999-12-31T23:59:59.999999999Z, but was"
                        + " +1000000000-12-31T23:59:59.999999999Z");
    }
}
