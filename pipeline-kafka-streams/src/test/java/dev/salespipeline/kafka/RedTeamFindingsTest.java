package dev.salespipeline.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.salespipeline.core.pipeline.DefaultPipelines;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/**
 * What a red-team session that had only docs/scaling.md tried against the topology, each kept as it found
 * it: hostile commands of every shape, refusals that must name field and value, dead letters that must keep
 * the command id, rules that fail while alerts are evaluated, refused and hostile rule files, tombstones.
 */
class RedTeamFindingsTest extends DrivenTopology {

    private static final Instant START = Instant.parse("2026-03-02T09:00:00Z");

    private final List<String> refusedRules = new ArrayList<>();

    private void start(String name) {
        drive(PipelineTopology.builder(DefaultPipelines.catalog()).clock(Clock.fixed(START, ZoneOffset.UTC))
                .sweepInterval(Duration.ofHours(1)).onRulesRefused((file, reason) -> refusedRules.add(file + ": " + reason)),
                "red-team-" + name, START);
    }

    private static String command(String id, String commandId, String type, String fields) {
        return "{\"schema\":\"sales-pipeline.command/1\",\"commandId\":\"" + commandId + "\",\"type\":\"" + type
                + "\",\"opportunityId\":\"" + id + "\",\"actor\":\"rep-ana\"" + (fields.isEmpty() ? "" : ",") + fields + "}";
    }

    private static final String DETAILS = "\"details\":{\"account\":\"PT Maju\",\"owner\":\"rep-ana\","
            + "\"value\":{\"amount\":\"120000.00\",\"currency\":\"EUR\",\"kind\":\"ACV\"},\"expectedCloseDate\":\"2026-04-30\"}";

    private void open(String id) {
        commands.pipeInput(id, command(id, "c-open-" + id, "open", "\"pipeline\":\"evidence-based\"," + DETAILS));
    }

    private static String header(TestRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** What one input did: the outputs per topic, or the exception that escaped the topology. */
    private String outcome(Runnable input) {
        try {
            input.run();
        } catch (RuntimeException e) {
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            return "CRASH " + e.getClass().getSimpleName() + " / " + root;
        }
        List<String> out = new ArrayList<>();
        events.readValuesToList().forEach(v -> out.add("EVENT " + v.replaceAll(".*?\"type\":\"([a-z-]+)\".*", "$1")));
        refusals.readValuesToList().forEach(v -> out.add("REFUSAL " + v.replaceAll("\\s+", " ")));
        deadLetters.readValuesToList().forEach(v -> out.add("DEAD " + v.replaceAll(".*\"reason\":(\"(?:[^\"\\\\]|\\\\.)*\").*",
                "$1")));
        alerts.readValuesToList().forEach(v -> out.add("ALERT " + v.replaceAll(".*?\"kind\":\"([a-z-]+)\".*", "$1")));
        return String.join(" | ", out);
    }

    // ---- 1. poison commands ---------------------------------------------------------------------------

    @Test
    void hostileCommandsBecomeRefusalsOrDeadLettersAndTheStreamGoesOn() {
        start("poison");
        open("opp-1");
        events.readValuesToList();
        Map<String, String[]> probes = new LinkedHashMap<>();
        String deep = "[".repeat(5_000) + "]".repeat(5_000);
        probes.put("deep nesting", new String[] {"opp-1", deep});
        probes.put("deep nesting in details", new String[] {"opp-x1", command("opp-x1", "c1", "open",
                "\"pipeline\":\"evidence-based\",\"details\":{\"account\":\"A\",\"owner\":\"o\",\"value\":{\"amount\":\"1\","
                        + "\"currency\":\"EUR\",\"kind\":\"ACV\"},\"expectedCloseDate\":\"2026-04-30\",\"attributes\":"
                        + "{\"a\":".repeat(25) + "1" + "}".repeat(25) + "}")});
        probes.put("amount 1e999999 as number", new String[] {"opp-x2", command("opp-x2", "c2", "open",
                "\"pipeline\":\"evidence-based\"," + DETAILS.replace("\"120000.00\"", "1e999999"))});
        probes.put("amount 1e999999999 as string", new String[] {"opp-x3", command("opp-x3", "c3", "open",
                "\"pipeline\":\"evidence-based\"," + DETAILS.replace("120000.00", "1e999999999"))});
        probes.put("amount 1e-999999999", new String[] {"opp-x4", command("opp-x4", "c4", "open",
                "\"pipeline\":\"evidence-based\"," + DETAILS.replace("120000.00", "1e-999999999"))});
        probes.put("number with 5000 digits", new String[] {"opp-1", command("opp-1", "c5", "advance",
                "\"target\":\"qualification\",\"x\":" + "9".repeat(5000))});
        probes.put("control chars in account", new String[] {"opp-x5", command("opp-x5", "c6", "open",
                "\"pipeline\":\"evidence-based\"," + DETAILS.replace("PT Maju", "A\\u0000\\u001b[31m\\u2028B"))});
        probes.put("lone surrogate in account", new String[] {"opp-x6", command("opp-x6", "c7", "open",
                "\"pipeline\":\"evidence-based\"," + DETAILS.replace("PT Maju", "A\\ud800B"))});
        probes.put("lone surrogate in commandId", new String[] {"opp-1", command("opp-1", "c\\udc00", "advance",
                "\"target\":\"qualification\"")});
        probes.put("lone surrogate in key+opportunityId", new String[] {"opp-\ud800", command("opp-\\ud800", "c8", "open",
                "\"pipeline\":\"evidence-based\"," + DETAILS)});
        probes.put("unknown field in details", new String[] {"opp-x7", command("opp-x7", "c9", "open",
                "\"pipeline\":\"evidence-based\"," + DETAILS.replace("\"account\"", "\"evil\":{\"x\":1},\"account\""))});
        probes.put("details null", new String[] {"opp-x8", command("opp-x8", "c10", "open",
                "\"pipeline\":\"evidence-based\",\"details\":null")});
        probes.put("details array", new String[] {"opp-x9", command("opp-x9", "c11", "open",
                "\"pipeline\":\"evidence-based\",\"details\":[]")});
        probes.put("value array", new String[] {"opp-x10", command("opp-x10", "c12", "open",
                "\"pipeline\":\"evidence-based\"," + DETAILS.replaceAll("\"value\":\\{[^}]*\\}", "\"value\":[]"))});
        probes.put("stakeholders object", new String[] {"opp-x11", command("opp-x11", "c13", "open",
                "\"pipeline\":\"evidence-based\"," + DETAILS.replace("\"account\"", "\"stakeholders\":{},\"account\""))});
        probes.put("pipeline that does not exist", new String[] {"opp-x12", command("opp-x12", "c14", "open",
                "\"pipeline\":\"nope\"," + DETAILS)});
        probes.put("pipeline null", new String[] {"opp-x13", command("opp-x13", "c15", "open",
                "\"pipeline\":null," + DETAILS)});
        probes.put("expectedCloseDate +999999999", new String[] {"opp-x14", command("opp-x14", "c16", "open",
                "\"pipeline\":\"evidence-based\"," + DETAILS.replace("2026-04-30", "+999999999-12-31"))});
        probes.put("expectedCloseDate -999999999", new String[] {"opp-x15", command("opp-x15", "c17", "open",
                "\"pipeline\":\"evidence-based\"," + DETAILS.replace("2026-04-30", "-999999999-01-01"))});
        probes.put("repProbability 1e999999999", new String[] {"opp-x16", command("opp-x16", "c18", "open",
                "\"pipeline\":\"evidence-based\"," + DETAILS.replace("\"account\"", "\"repProbability\":\"1e999999999\",\"account\""))});
        probes.put("advance to a stage of another pipeline", new String[] {"opp-1", command("opp-1", "c19", "advance",
                "\"target\":\"needs-analysis\"")});
        probes.put("advance to the won stage", new String[] {"opp-1", command("opp-1", "c19b", "advance",
                "\"target\":\"closed-won\"")});
        probes.put("advance target array", new String[] {"opp-1", command("opp-1", "c20", "advance", "\"target\":[]")});
        probes.put("withdraw evidence that does not exist", new String[] {"opp-1", command("opp-1", "c21",
                "withdraw-evidence", "\"evidenceId\":\"ev-999\",\"reason\":\"gone\"")});
        probes.put("withdraw evidence id with spaces", new String[] {"opp-1", command("opp-1", "c22",
                "withdraw-evidence", "\"evidenceId\":\"ev 1 \\u0000\",\"reason\":\"gone\"")});
        probes.put("evidence type weird", new String[] {"opp-1", command("opp-1", "c23", "record-evidence",
                "\"evidence\":{\"type\":\"../../etc\",\"source\":\"EMAIL\"}")});
        probes.put("activity in year 1000000000", new String[] {"opp-1", command("opp-1", "c24", "log-activity",
                "\"activity\":{\"type\":\"CALL\",\"direction\":\"FROM_BUYER\",\"occurredAt\":\"+1000000000-12-31T23:59:59Z\"}")});
        probes.put("activity before the deal", new String[] {"opp-1", command("opp-1", "c25", "log-activity",
                "\"activity\":{\"type\":\"CALL\",\"direction\":\"FROM_BUYER\",\"occurredAt\":\"0001-01-01T00:00:00Z\"}")});
        probes.put("next step due +999999999", new String[] {"opp-1", command("opp-1", "c26", "set-next-step",
                "\"nextStep\":{\"description\":\"x\",\"dueDate\":\"+999999999-12-31\"}")});
        probes.put("null key", new String[] {null, command("opp-1", "c27", "win", "")});
        probes.put("null value", new String[] {"opp-1", null});
        probes.put("key 100k chars", new String[] {"k".repeat(100_000), command("k".repeat(100_000), "c28", "open",
                "\"pipeline\":\"evidence-based\"," + DETAILS)});
        probes.put("actor 201 chars", new String[] {"opp-1", command("opp-1", "c29", "advance",
                "\"target\":\"qualification\"").replace("rep-ana", "a".repeat(201))});
        probes.put("duplicate field", new String[] {"opp-1", command("opp-1", "c30", "advance",
                "\"target\":\"qualification\",\"target\":\"closing\"")});
        probes.put("type null / schema number", new String[] {"opp-1", "{\"schema\":1,\"type\":null}"});
        probes.put("trailing garbage", new String[] {"opp-1", command("opp-1", "c31", "win", "") + "{}"});
        probes.put("10001 stakeholders", new String[] {"opp-x17", command("opp-x17", "c32", "open",
                "\"pipeline\":\"evidence-based\"," + DETAILS.replace("\"account\"", "\"stakeholders\":["
                        + String.join(",", java.util.Collections.nCopies(10_001, "{\"name\":\"a\",\"role\":\"CHAMPION\"}"))
                        + "],\"account\""))});

        Map<String, String> results = new LinkedHashMap<>();
        int n = 0;
        for (Map.Entry<String, String[]> probe : probes.entrySet()) {
            String key = probe.getValue()[0];
            String value = probe.getValue()[1];
            results.put(probe.getKey(), outcome(() -> commands.pipeInput(key, value)));
            String ok = "ok-" + (n++);
            results.put(probe.getKey() + " -> next command", outcome(() -> open(ok)));
        }
        assertThat(results).as("no input escapes the topology as an exception")
                .allSatisfy((probe, result) -> assertThat(result).as(probe).doesNotStartWith("CRASH"));
        assertThat(results.entrySet().stream().filter(e -> e.getKey().endsWith("-> next command")))
                .as("each following command is applied").allSatisfy(e -> assertThat(e.getValue()).as(e.getKey())
                        .startsWith("EVENT created"));
    }

    @Test
    void aStateMachineRefusalNamesTheFieldAndTheValue() {
        start("refusal-fields");
        open("opp-1");
        events.readValuesToList();
        commands.pipeInput("opp-1", command("opp-1", "c-a", "advance", "\"target\":\"needs-analysis\""));
        commands.pipeInput("opp-1", command("opp-1", "c-w", "withdraw-evidence", "\"evidenceId\":\"ev-999\",\"reason\":\"x\""));
        List<String> refused = refusals.readValuesToList();
        assertThat(refused).hasSize(2);
        assertThat(refused.get(0)).as("docs: a refusal names the field and the value").contains("\"field\":\"target\"",
                "\"value\":\"needs-analysis\"");
        assertThat(refused.get(1)).contains("\"field\":\"evidenceId\"", "\"value\":\"ev-999\"");
    }

    // ---- 2. headers -------------------------------------------------------------------------------------

    @Test
    void aDeadLetterOfACommandWithACommandIdCarriesItAsAHeader() {
        start("headers");
        // key is not the opportunityId: a dead letter; the command has commandId "c-77"
        commands.pipeInput("opp-1", command("opp-2", "c-77", "advance", "\"target\":\"qualification\""));
        TestRecord<String, String> dead = deadLetters.readRecord();
        assertThat(header(dead, "ruleSetVersion")).isNotBlank();
        assertThat(dead.value()).as("the document's commandId").contains("\"commandId\":\"c-77\"");
        assertThat(header(dead, "commandId")).as("docs: every output carries commandId when the command had one")
                .isEqualTo("c-77");
    }

    // ---- 3. a rule that fails while alerts are computed, after the history was stored -----------------

    private static String boomRule() {
        String literal = "x".repeat(9_000);
        return "package host.rules;\n"
                + "import dev.salespipeline.rules.facts.AlertSweep;\n"
                + "import dev.salespipeline.rules.facts.Deal;\n"
                + "rule \"Boom\"\n"
                + "when\n"
                + "    $sweep : AlertSweep( )\n"
                + "    $deal : Deal( id == $sweep.dealId, hasEvidence( \"boom\" ) )\n"
                + "then\n"
                + "    String a = \"" + literal + "\";\n"
                + "    String b = a + a + a + a + a + a\n      + a + a + a + a + a + a;\n"
                + "    $sweep.raise( \"boom\", \"WARNING\", $deal.getStageEnteredOn(), b.substring( 0, 10 ) );\n"
                + "end\n";
    }

    @Test
    void aCommandIsEitherAppliedOrSetAsideNeverBoth() {
        start("half-applied");
        rules.pipeInput("boom.drl", boomRule());
        assertThat(refusedRules).as("the rule file is accepted").isEmpty();
        open("opp-1");
        events.readValuesToList();
        commands.pipeInput("opp-1", command("opp-1", "c-boom", "record-evidence",
                "\"evidence\":{\"type\":\"boom\",\"source\":\"EMAIL\"}"));
        List<String> applied = events.readValuesToList();
        List<String> dead = deadLetters.readValuesToList();
        String stored = driver.<String, String>getKeyValueStore("sales-pipeline-deals").get("opp-1");
        // Later commands on the deal, and the sweep
        commands.pipeInput("opp-1", command("opp-1", "c-next", "set-next-step",
                "\"nextStep\":{\"description\":\"call\",\"dueDate\":\"2026-03-20\"}"));
        driver.advanceWallClockTime(Duration.ofHours(1));
        assertThat(applied.isEmpty() || dead.isEmpty())
                .as("docs: an applied command has its events; a dead letter is a command set aside - not both "
                        + "(events=%s, dead=%s)", applied.size(), dead.size()).isTrue();
    }

    @Test
    void theSweepDoesNotCallAReadableHistoryUnreadable() {
        start("sweep-blame");
        open("opp-1");
        commands.pipeInput("opp-1", command("opp-1", "c-ev", "record-evidence",
                "\"evidence\":{\"type\":\"boom\",\"source\":\"EMAIL\"}"));
        rules.pipeInput("boom.drl", boomRule());
        events.readValuesToList();
        driver.advanceWallClockTime(Duration.ofHours(1));
        List<String> dead = deadLetters.readValuesToList();
        assertThat(dead).noneSatisfy(value -> assertThat(value).contains("cannot be read"));
    }

    // ---- record sizes: a record over the producer's max.request.size (1 MiB) stops an instance on a broker

    @Test
    void aDeadLetterStaysFarBelowARecordsLimitWhateverTheCommandHeld() {
        start("huge-dead-letter");
        String controls = "\u0001".repeat(200_000);
        commands.pipeInput("opp-1", controls);
        open("opp-1");

        String dead = deadLetters.readValue();
        // Escaped, each control character is six bytes: the whole value would be 1.2 MB.
        assertThat(dead.getBytes(java.nio.charset.StandardCharsets.UTF_8).length).isLessThan(200_000);
        assertThat(dead).contains("\"valueCharacters\":200000");
        assertThat(events.readValuesToList()).hasSize(1);
    }

    @Test
    void aHistoryThatWouldOutgrowItsRecordIsRefusedNamingTheLimit() {
        drive(PipelineTopology.builder(DefaultPipelines.catalog()).clock(Clock.fixed(START, ZoneOffset.UTC))
                .maxHistoryBytes(40_000), "red-team-history", START);
        open("opp-1");
        String note = "n".repeat(9_000);
        for (int evidence = 0; evidence < 6; evidence++) {
            commands.pipeInput("opp-1", command("opp-1", "c-ev" + evidence, "record-evidence",
                    "\"evidence\":{\"type\":\"budget-range-confirmed\",\"source\":\"EMAIL\",\"note\":\"" + note + "\"}"));
        }

        List<String> refused = refusals.readValuesToList();
        assertThat(refused).isNotEmpty().allSatisfy(value -> assertThat(value).contains("would exceed 40000 bytes"));
        String stored = driver.<String, String>getKeyValueStore("sales-pipeline-deals").get("opp-1");
        assertThat(stored.getBytes(java.nio.charset.StandardCharsets.UTF_8).length).isLessThanOrEqualTo(40_000);
        assertThat(events.readValuesToList()).hasSize(1 + 6 - refused.size());
    }

    // ---- 4. the rules topic -----------------------------------------------------------------------------

    private String blockedAdvance(String id) {
        commands.pipeInput(id, command(id, "c-adv", "advance", "\"target\":\"qualification\""));
        return refusals.readValue();
    }

    @Test
    void aRefusedFileCountsAsAbsentOnEveryInstanceAliveOrRestarted() {
        start("refused-then-restart");
        open("opp-1");
        rules.pipeInput("gate-discovery-exit.drl", BUDGET_ONLY_GATE);
        rules.pipeInput("gate-discovery-exit.drl", BUDGET_ONLY_GATE.replace("$gate.unmet(", "System.exit( 1 ); $gate.unmet("));
        assertThat(refusedRules).singleElement().asString().startsWith("gate-discovery-exit.drl: ");
        commands.pipeInput("opp-1", command("opp-1", "c-adv", "advance", "\"target\":\"qualification\""));
        TestRecord<String, String> before = refusals.readRecord();
        String heldInStore = driver.<String, String>getKeyValueStore("sales-pipeline-rules").get("gate-discovery-exit.drl");

        // Restart: a new instance reads the rules topic; after compaction it holds the latest value per key only.
        start("refused-then-restart-2");
        open("opp-1");
        rules.pipeInput("gate-discovery-exit.drl", heldInStore);
        commands.pipeInput("opp-1", command("opp-1", "c-adv", "advance", "\"target\":\"qualification\""));
        TestRecord<String, String> after = refusals.readRecord();

        // Both judge by the topic's content: the refused file is left out, so the default gate of that name applies.
        assertThat(before.value()).contains("timeline-committed");
        assertThat(header(after, "ruleSetVersion")).isEqualTo(header(before, "ruleSetVersion"));
        assertThat(after.value().replaceAll("\"occurredAt\":\"[^\"]*\"", ""))
                .isEqualTo(before.value().replaceAll("\"occurredAt\":\"[^\"]*\"", ""));
    }

    @Test
    void hostileRuleFileNamesAreRefusedAndWriteNothingOutsideTheInstancesDirectory() throws Exception {
        start("names");
        Path outside = state.resolve("escaped.drl");
        List<String> names = List.of("../x.drl", "../../escaped.drl", outside.toString(), "/tmp/x.drl", "a/b.drl",
                ".hidden.drl", "x.drl\u0000.txt", "x.DRL", "x.drl ", "CON.drl", "a".repeat(101) + ".drl",
                "x.drl/", "..drl");
        for (String name : names) {
            String result = outcome(() -> rules.pipeInput(name, BUDGET_ONLY_GATE));
        }
        assertThat(Files.exists(outside)).isFalse();
        assertThat(Files.exists(Path.of("/tmp/x.drl"))).isFalse();
        // "..drl" starts with '.', refused; "x.DRL" does not end in .drl: refused
        assertThat(refusedRules).hasSizeGreaterThanOrEqualTo(names.size() - 2);
    }

    @Test
    void aRulesRecordWithANullKeyIsRefusedNotFatal() {
        start("null-key-rule");
        String result = outcome(() -> rules.pipeInput((String) null, BUDGET_ONLY_GATE));
        assertThat(result).doesNotStartWith("CRASH");
    }

    @Test
    void tombstonesForFilesThatNeverExistedAndForDefaultFilesChangeNothing() {
        start("tombstones");
        open("opp-1");
        TestRecord<String, String> before = null;
        commands.pipeInput("opp-1", command("opp-1", "c-adv", "advance", "\"target\":\"qualification\""));
        before = refusals.readRecord();
        String result1 = outcome(() -> rules.pipeInput("never-existed.drl", (String) null));
        String result2 = outcome(() -> rules.pipeInput("gate-discovery-exit.drl", (String) null));
        String result3 = outcome(() -> rules.pipeInput("pipeline.dsl", (String) null));
        commands.pipeInput("opp-1", command("opp-1", "c-adv", "advance", "\"target\":\"qualification\""));
        commands.pipeInput("opp-1", command("opp-1", "c-adv", "advance", "\"target\":\"qualification\""));
        TestRecord<String, String> after = refusals.readRecord();
        assertThat(after.value().replaceAll("\"at\":\"[^\"]*\"", "")).isEqualTo(
                before.value().replaceAll("\"at\":\"[^\"]*\"", ""));
        assertThat(header(after, "ruleSetVersion")).as("no rule changed, so the version is the same")
                .isEqualTo(header(before, "ruleSetVersion"));
    }

    @Test
    void anEmptyOrBlankFileReplacingADefaultGateIsWhatTheDocsSay() {
        start("empty-default");
        open("opp-1");
        String emptied = outcome(() -> rules.pipeInput("gate-discovery-exit.drl", ""));
        commands.pipeInput("opp-1", command("opp-1", "c-adv", "advance", "\"target\":\"qualification\""));
    }

    @Test
    void noRuleDirectoryOutlivesItsBuildSoNoneCanBeCleanedAwayFromUnderIt() throws Exception {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        List<Path> before;
        try (Stream<Path> listing = Files.list(tmp)) {
            before = listing.filter(p -> p.getFileName().toString().startsWith("sales-pipeline-rules")).toList();
        }
        start("tmp-cleaned");
        String result = outcome(() -> rules.pipeInput("gate-discovery-exit.drl", BUDGET_ONLY_GATE));
        List<Path> left;
        try (Stream<Path> listing = Files.list(tmp)) {
            left = listing.filter(p -> p.getFileName().toString().startsWith("sales-pipeline-rules"))
                    .filter(p -> !before.contains(p)).toList();
        }
        assertThat(left).isEmpty();
        assertThat(result).doesNotStartWith("CRASH");
        open("opp-1");
        assertThat(blockedAdvance("opp-1")).contains("budget-range-confirmed").doesNotContain("timeline-committed");
    }

    @Test
    void aListenerThatThrowsDoesNotStopTheInstance() {
        drive(PipelineTopology.builder(DefaultPipelines.catalog()).onRulesRefused((file, reason) -> {
            throw new IllegalStateException("host's listener failed");
        }), "red-team-listener", START);
        String result;
        try {
            rules.pipeInput("bad.drl", "not a rule");
            result = "no exception";
        } catch (RuntimeException e) {
            result = "CRASH " + e;
        }
        assertThat(result).doesNotStartWith("CRASH");
    }

    @Test
    void aCatastrophicRegexInMatchesDoesNotHangTheStream() {
        start("regex");
        rules.pipeInput("regex.drl", """
                package host.rules;
                import dev.salespipeline.rules.facts.GateCheck;
                import dev.salespipeline.rules.facts.Deal;
                rule "Regex"
                when
                    $gate : GateCheck( )
                    Deal( id == $gate.dealId, account matches "(a+)+$" )
                then
                    $gate.unmet( "regex", "x" );
                end
                """);
        commands.pipeInput("opp-1", command("opp-1", "c-open", "open", "\"pipeline\":\"evidence-based\","
                + DETAILS.replace("PT Maju", "a".repeat(199) + "!")));
        long started = System.nanoTime();
        commands.pipeInput("opp-1", command("opp-1", "c-adv", "advance", "\"target\":\"qualification\""));
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertThat(millis).isLessThan(5_000);
    }

    @Test
    void aDealsHistoryGrowsWithoutBoundInOneStoreValue() {
        start("history-size");
        open("opp-1");
        String note = "n".repeat(10_000);
        for (int i = 0; i < 110; i++) {
            commands.pipeInput("opp-1", command("opp-1", "c-" + i, "record-evidence",
                    "\"evidence\":{\"type\":\"e-" + i + "\",\"source\":\"EMAIL\",\"note\":\"" + note + "\"}"));
        }
        String stored = driver.<String, String>getKeyValueStore("sales-pipeline-deals").get("opp-1");
    }
}
