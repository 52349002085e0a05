/**
 * Views by role: what a rep, a manager, a sales leader or an executive may see of the pipeline — deals,
 * anything about deals (alerts, reviews), metrics and forecast — given the host's org structure.
 * Start at {@link dev.salespipeline.core.view.PipelineView}.
 */
package dev.salespipeline.core.view;
