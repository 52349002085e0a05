package dev.salespipeline.rules;

/**
 * Told what happened when watched rule directories changed. Called on the watcher's thread; keep it
 * short. Both methods do nothing by default.
 */
public interface RuleWatchListener {

    /** The changed files compiled and are now in force. */
    default void reloaded(RuleSet ruleSet) {
    }

    /** The changed files did not load; the previous rules stay in force. */
    default void failed(RuleLoadException problem) {
    }
}
