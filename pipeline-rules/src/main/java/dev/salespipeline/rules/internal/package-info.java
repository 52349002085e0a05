/**
 * Implementation details of pipeline-rules. Nothing here is API: it may change in any release without
 * notice. Do not use it from host code or from rules.
 */
package dev.salespipeline.rules.internal;
