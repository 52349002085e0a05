package dev.salespipeline.core.events;

/**
 * Receives pipeline events. Called on a thread that reported to the bus, never concurrently for one
 * opportunity, and in order per opportunity; no lock of the bus or of an
 * {@link dev.salespipeline.core.transition.OpportunityStore} is held meanwhile. A slow listener delays
 * the events of the deal it is handling, nothing else. It may change deals, the one it is told about
 * included (the change is delivered after the current event, to every listener), and may throw: what it
 * throws goes to the bus's error handler, and the other listeners and the deal's state are unaffected.
 */
@FunctionalInterface
public interface PipelineListener {

    void on(PipelineEvent event);
}
