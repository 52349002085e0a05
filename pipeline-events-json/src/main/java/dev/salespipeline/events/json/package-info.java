/**
 * Pipeline events as JSON, schema version 1: {@link dev.salespipeline.events.json.EventJson}.
 * docs/integration.md documents every field.
 */
package dev.salespipeline.events.json;
