package dev.salespipeline.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.salespipeline.core.evidence.EvidenceTypes;
import dev.salespipeline.core.gate.GateDecision;
import dev.salespipeline.core.gate.UnmetCriterion;
import dev.salespipeline.core.opportunity.Opportunity;
import dev.salespipeline.core.opportunity.OpportunityId;
import dev.salespipeline.core.pipeline.DefaultPipelines;
import dev.salespipeline.rules.outcome.DealReview;
import dev.salespipeline.rules.testing.RulesFixtures;

import java.io.IOException;
import java.lang.ref.WeakReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Many threads evaluate and sweep while the rules are reloaded again and again, some reloads broken. */
@Tag("slow")
class ReloadStressTest {

    private static final String STRICT = RulesFixtures.HOST_HEADER + RulesFixtures.SECURITY_REVIEW_RULE;
    private static final String RELAXED = RulesFixtures.HOST_HEADER + "// relaxed: no security review\n";
    private static final String BROKEN = STRICT.replace("then", "thne");
    private static final String HOSTILE = RulesFixtures.HOST_HEADER
            + "rule \"Exit\"\nwhen\n    $gate : GateCheck( )\nthen\n    System.exit( 1 );\nend\n";

    @TempDir
    Path hostRules;

    private PipelineRules rulesWith(String content) throws IOException {
        Files.writeString(hostRules.resolve("variant.drl"), content);
        return PipelineRules.builder(RuleSources.defaults().withDirectory(hostRules)).clock(RulesFixtures.CLOCK).build();
    }

    private String versionOf(String content) throws IOException {
        Path folder = Files.createTempDirectory(hostRules.getParent(), "variant");
        Files.writeString(folder.resolve("variant.drl"), content);
        return PipelineRules.load(RuleSources.defaults().withDirectory(folder)).version();
    }

    /** Proposal deals with every default criterion met: allowed when relaxed, blocked by the security review when strict. */
    private static List<Opportunity> portfolio() {
        List<Opportunity> deals = new ArrayList<>();
        for (int index = 0; index < 20; index++) {
            Opportunity deal = RulesFixtures.PLACER.open(OpportunityId.of("opp-" + index), RulesFixtures.PIPELINE,
                    RulesFixtures.completeDetails(), RulesFixtures.REP);
            deal = RulesFixtures.PLACER.overrideGate(deal, DefaultPipelines.PROPOSAL, RulesFixtures.REP, "placed");
            deals.add(RulesFixtures.withEvidence(deal, EvidenceTypes.progression()));
        }
        return deals;
    }

    @Test
    void eightThreadsSeeWholeRuleSetsThroughAHundredReloadsSomeBroken() throws Exception {
        String strict = versionOf(STRICT);
        String relaxed = versionOf(RELAXED);
        PipelineRules rules = rulesWith(STRICT);
        List<Opportunity> deals = portfolio();

        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong requested = new AtomicLong();
        ConcurrentLinkedQueue<GateDecision> decisions = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<DealReview> reviews = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Throwable> escaped = new ConcurrentLinkedQueue<>();
        CountDownLatch started = new CountDownLatch(8);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<?>> workers = new ArrayList<>();
        for (int thread = 0; thread < 8; thread++) {
            boolean sweeper = thread % 2 == 0;
            int offset = thread;
            workers.add(pool.submit(() -> {
                started.countDown();
                int round = offset;
                while (running.get()) {
                    try {
                        if (sweeper) {
                            requested.addAndGet(deals.size() * 2L);
                            Map<OpportunityId, GateDecision> swept = rules.evaluateNextGates(deals);
                            decisions.addAll(swept.values());
                            reviews.addAll(rules.reviewAll(deals));
                        } else {
                            requested.incrementAndGet();
                            decisions.add(rules.evaluate(deals.get(round++ % deals.size()), DefaultPipelines.NEGOTIATION));
                        }
                    } catch (Throwable anything) {
                        escaped.add(anything);
                    }
                    // Eight busy threads on a two-core machine would starve the reloads this test is about.
                    java.util.concurrent.locks.LockSupport.parkNanos(500_000);
                }
            }));
        }
        started.await(30, TimeUnit.SECONDS);

        List<String> cycle = List.of(STRICT, RELAXED, BROKEN, STRICT, HOSTILE, RELAXED);
        int refusedReloads = 0;
        for (int reload = 0; reload < 100; reload++) {
            String content = cycle.get(reload % cycle.size());
            String before = rules.version();
            Files.writeString(hostRules.resolve("variant.drl"), content);
            try {
                rules.reload();
                assertThat(content).isNotIn(BROKEN, HOSTILE);
            } catch (RuleLoadException refused) {
                refusedReloads++;
                assertThat(content).isIn(BROKEN, HOSTILE);
                assertThat(rules.version()).isEqualTo(before);
            }
        }
        running.set(false);
        for (Future<?> worker : workers) {
            worker.get(120, TimeUnit.SECONDS);
        }
        pool.shutdown();

        assertThat(escaped).as("exceptions that escaped an evaluation").isEmpty();
        assertThat(refusedReloads).isEqualTo(33);
        assertThat((long) decisions.size() + reviews.size()).as("no decision lost").isEqualTo(requested.get());
        assertThat(decisions).extracting(GateDecision::ruleSetVersion).contains(strict, relaxed);
        assertThat(decisions).allSatisfy(decision -> {
            assertThat(decision.ruleSetVersion()).isIn(strict, relaxed);
            if (decision.ruleSetVersion().equals(strict)) {
                assertThat(decision.unmetCriteria()).extracting(UnmetCriterion::criterionId)
                        .containsExactly("security-review-passed");
            } else {
                assertThat(decision.isAllowed()).isTrue();
            }
        });
        assertThat(reviews).allSatisfy(review -> assertThat(review.ruleSetVersion()).isIn(strict, relaxed));
    }

    @Test
    void replacedRuleSetsAreReleased() throws Exception {
        PipelineRules rules = rulesWith(STRICT);
        Opportunity deal = portfolio().get(0);
        List<WeakReference<RuleSet>> replaced = new ArrayList<>();
        for (int reload = 0; reload < 30; reload++) {
            replaced.add(new WeakReference<>(rules.ruleSet()));
            rules.evaluate(deal, DefaultPipelines.NEGOTIATION);
            rules.review(deal);
            Files.writeString(hostRules.resolve("variant.drl"), reload % 2 == 0 ? RELAXED : STRICT);
            rules.reload();
        }

        for (int attempt = 0; attempt < 20 && stillReachable(replaced) > 0; attempt++) {
            System.gc();
            Thread.sleep(100);
        }

        assertThat(stillReachable(replaced)).as("replaced rule sets still reachable after 30 reloads").isZero();
    }

    private static long stillReachable(Collection<WeakReference<RuleSet>> references) {
        return references.stream().filter(reference -> reference.get() != null).count();
    }
}
