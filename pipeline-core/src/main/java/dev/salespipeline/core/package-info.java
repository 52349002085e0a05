/**
 * The pure-Java domain core of sales-pipeline: pipeline definitions, opportunities with their evidence
 * and append-only stage history, and the transition service that makes every stage change earned.
 *
 * <p>Public API lives in the concept packages ({@code money}, {@code pipeline}, {@code evidence},
 * {@code opportunity}, {@code gate}); nothing in {@code internal} is part of the API.
 *
 * <p>Null contract for the whole core: parameters and return values are non-null unless the Javadoc
 * says otherwise; optional values are returned as {@link java.util.Optional}.
 */
package dev.salespipeline.core;
