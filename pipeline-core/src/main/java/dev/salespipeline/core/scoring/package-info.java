/**
 * Win-probability scoring from deal characteristics: an explainable logistic regression trained on
 * the host's closed deals, reported (Brier score, reliability) against a naive-Bayes baseline on the
 * same held-out deals.
 */
package dev.salespipeline.core.scoring;
