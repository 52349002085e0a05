package dev.salespipeline.rules;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Watches rule directories on a daemon thread of its own and reloads when a rule or vocabulary file in
 * them is added, changed or removed. Nothing stops it but {@link AutoCloseable#close()}: a reload that
 * fails reaches the listener's {@code failed}, and a listener that throws is logged.
 */
final class RuleWatcher {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(RuleWatcher.class);

    private RuleWatcher() {
    }

    static AutoCloseable watch(List<Path> directories, Duration interval, Supplier<RuleSet> reload,
                               RuleWatchListener listener) {
        ScheduledExecutorService watcher = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "pipeline-rules-watch");
            thread.setDaemon(true);
            return thread;
        });
        AtomicReference<Map<Path, List<Object>>> seen = new AtomicReference<>(snapshot(directories));
        // A periodic task that throws is cancelled for good: nothing may escape this one.
        watcher.scheduleWithFixedDelay(() -> {
            try {
                Map<Path, List<Object>> now = snapshot(directories);
                if (!now.equals(seen.getAndSet(now))) {
                    RuleSet reloaded;
                    try {
                        reloaded = reload.get();
                    } catch (RuleLoadException problem) {
                        listener.failed(problem);
                        return;
                    } catch (RuntimeException | Error unforeseen) {
                        listener.failed(new RuleLoadException(List.of(new RuleProblem("(rule sources)", 0,
                                "reloading failed: " + unforeseen)), unforeseen));
                        return;
                    }
                    listener.reloaded(reloaded);
                }
            } catch (RuntimeException | Error listenerFailure) {
                LOG.warn("A rule watch listener failed; watching goes on", listenerFailure);
            }
        }, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        return watcher::shutdownNow;
    }

    /** Name, size and modification time of every rule file in the watched directories. */
    private static Map<Path, List<Object>> snapshot(List<Path> directories) {
        Map<Path, List<Object>> state = new HashMap<>();
        for (Path directory : directories) {
            try (Stream<Path> files = Files.list(directory)) {
                for (Path file : files.filter(path -> RuleSources.isRuleOrVocabulary(path.getFileName().toString()))
                        .toList()) {
                    state.put(file, List.of(Files.size(file), Files.getLastModifiedTime(file)));
                }
            } catch (IOException | RuntimeException e) {
                state.put(directory, List.of(e.toString()));
            }
        }
        return state;
    }
}
