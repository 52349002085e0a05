/**
 * Implementation details of pipeline-core. Nothing here is API: it may change in any release without
 * notice. Do not use it from host code.
 */
package dev.salespipeline.core.internal;
