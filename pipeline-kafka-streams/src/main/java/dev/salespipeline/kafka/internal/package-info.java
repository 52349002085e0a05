/** The topology's processors and codecs; not part of the public API. */
package dev.salespipeline.kafka.internal;
