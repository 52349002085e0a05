package dev.salespipeline.rules;

import dev.salespipeline.core.opportunity.Opportunity;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Evaluates many deals on up to {@code parallelism} threads: the calling thread and tasks handed to the
 * host's {@link Executor} (the common fork-join pool unless the host gives its own), in chunks, answering
 * in the deals' order.
 *
 * <p>The calling thread works too (with one thread or one chunk, it does it all) and waits only for
 * chunks other threads took: tasks that start late find no work, so a busy executor slows a sweep but
 * never stalls it. A failure stops the chunks after it from starting; those before it still run, so the
 * failure thrown is the first deal's in the deals' order, as a sequential sweep would throw.
 *
 * <p>Thread-safe; holds no state between calls.
 */
final class BatchExecutor {

    /**
     * Deals handed out in chunks, so that a thread that draws slow deals does not hold the others up.
     * Small enough to balance two to a few dozen threads over a few thousand deals.
     */
    static final int CHUNK = 256;

    private final Executor executor;
    private final int parallelism;

    BatchExecutor(Executor executor, int parallelism) {
        this.executor = executor;
        this.parallelism = parallelism;
    }

    /**
     * Deals drawn per window of a streaming sweep. At a window's end a thread waits for the others' last
     * chunks, about half a chunk each: eight chunks a thread keep that wait near a sixteenth, while a
     * window's deals and answers stay a few tens of megabytes.
     */
    int window() {
        return CHUNK * 8 * parallelism;
    }

    <T> List<T> evaluateAll(List<Opportunity> deals, Function<Opportunity, T> evaluation) {
        int size = deals.size();
        int chunks = (size + CHUNK - 1) / CHUNK;
        int helpers = Math.min(parallelism, chunks) - 1;
        Object[] answers = new Object[size];
        Throwable[] failures = new Throwable[chunks];
        AtomicInteger nextChunk = new AtomicInteger();
        AtomicInteger firstFailedChunk = new AtomicInteger(chunks);
        CountDownLatch finished = new CountDownLatch(chunks);
        Runnable worker = () -> {
            for (int chunk = nextChunk.getAndIncrement(); chunk < chunks; chunk = nextChunk.getAndIncrement()) {
                try {
                    if (chunk < firstFailedChunk.get()) {
                        for (int i = chunk * CHUNK, end = Math.min(size, i + CHUNK); i < end; i++) {
                            answers[i] = evaluation.apply(deals.get(i));
                        }
                    }
                } catch (RuntimeException | Error e) {
                    failures[chunk] = e;
                    firstFailedChunk.accumulateAndGet(chunk, Math::min);
                } finally {
                    finished.countDown();
                }
            }
        };
        for (int i = 0; i < helpers; i++) {
            executor.execute(worker);
        }
        worker.run();
        awaitUninterruptibly(finished);
        for (Throwable failure : failures) {
            if (failure instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (failure instanceof Error error) {
                throw error;
            }
        }
        List<T> results = new ArrayList<>(size);
        for (Object answer : answers) {
            @SuppressWarnings("unchecked")
            T typed = (T) answer;
            results.add(typed);
        }
        return results;
    }

    /** The chunks other threads took finish soon; an interrupt is kept for the caller, not lost. */
    private static void awaitUninterruptibly(CountDownLatch latch) {
        boolean interrupted = false;
        while (true) {
            try {
                latch.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
