/**
 * Implementation of the import: reading CSV files, parsing cells, and assembling each deal's history.
 * Nothing here is API; it may change in any release.
 */
package dev.salespipeline.importing.internal;
