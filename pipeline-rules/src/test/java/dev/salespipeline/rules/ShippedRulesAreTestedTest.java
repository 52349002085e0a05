package dev.salespipeline.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Every rule the library ships has a passing test named after it: a test (or a parameterized case) whose
 * display name is the rule's name, in the test class of the rule's kind. An analyst reading the test report
 * finds each shipped rule by name; a rule added to the defaults without a test fails the build.
 */
class ShippedRulesAreTestedTest {

    private static final List<Class<?>> RULE_TESTS = List.of(DefaultGateRulesTest.class,
            DefaultAlertRulesTest.class, DefaultReviewRulesTest.class, WorkflowHooksTest.class);

    @Test
    void everyShippedRuleHasAPassingTestNamedAfterIt() {
        Set<String> shipped = new TreeSet<>(PipelineRules.builder(RuleSources.defaults()).build().ruleSet().ruleNames());

        Set<String> passed = passingTestNames();

        assertThat(shipped).as("the defaults' rules").hasSizeGreaterThan(40);
        assertThat(passed).containsAll(shipped);
    }

    private static Set<String> passingTestNames() {
        Set<String> passed = ConcurrentHashMap.newKeySet();
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(RULE_TESTS.stream().map(testClass -> selectClass(testClass)).toList())
                .build();
        LauncherFactory.create().execute(request, new TestExecutionListener() {
            @Override
            public void executionFinished(TestIdentifier test, TestExecutionResult result) {
                if (test.isTest() && result.getStatus() == TestExecutionResult.Status.SUCCESSFUL) {
                    passed.add(test.getDisplayName());
                }
            }
        });
        return passed;
    }
}
