/** Money as a value: {@link dev.salespipeline.core.money.Money} never mixes currencies and never rounds silently. */
package dev.salespipeline.core.money;
