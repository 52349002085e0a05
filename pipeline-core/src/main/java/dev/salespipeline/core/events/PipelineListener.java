package dev.salespipeline.core.events;

/**
 * Receives pipeline events. Called synchronously on the thread that published, never concurrently for
 * one opportunity, and in order per opportunity. It should be quick (it holds that opportunity's
 * delivery) and may throw: the exception goes to the bus's error handler, and the other listeners and
 * the deal's state are unaffected.
 */
@FunctionalInterface
public interface PipelineListener {

    void on(PipelineEvent event);
}
