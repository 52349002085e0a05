package dev.salespipeline.importing;

import dev.salespipeline.core.InvalidValueException;
import dev.salespipeline.core.pipeline.PipelineCatalog;

import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * One CRM export on disk, as a user points at it: the file, which CRM wrote it (or a mapping file whose
 * {@code format} line says), and for Salesforce the OpportunityHistory export that rebuilds stage
 * histories. The demo and the command line read exports through it.
 *
 * <p>Immutable and thread-safe.
 *
 * @param file    the export
 * @param format  which CRM wrote it; when absent, the mapping file's {@code format} line says
 * @param mapping a mapping file; required for a generic CSV
 * @param history a Salesforce OpportunityHistory export, if any
 * @param charset the files' charset, in place of the mapping's (UTF-8 unless its {@code charset} line says)
 */
public record CrmExport(Path file, Optional<ImportFormat> format, Optional<Path> mapping, Optional<Path> history,
                        Optional<Charset> charset) {

    /**
     * @throws IllegalArgumentException when neither a format nor a mapping is given, a generic CSV has no
     *                                  mapping, or a history accompanies another CRM's export; the message
     *                                  says what to give
     */
    public CrmExport {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(mapping, "mapping");
        Objects.requireNonNull(history, "history");
        Objects.requireNonNull(charset, "charset");
        if (format.isEmpty() && mapping.isEmpty()) {
            throw new IllegalArgumentException("the export " + file + " needs its format (salesforce, hubspot or csv)"
                    + " or a mapping file");
        }
        if (format.equals(Optional.of(ImportFormat.CSV)) && mapping.isEmpty()) {
            throw new IllegalArgumentException("a generic CSV export needs a mapping file that says which column"
                    + " holds what");
        }
        if (history.isPresent() && format.isPresent() && format.get() != ImportFormat.SALESFORCE) {
            throw new IllegalArgumentException("the history file is a Salesforce OpportunityHistory export, but the"
                    + " export's format is " + format.get().name().toLowerCase(Locale.ROOT));
        }
    }

    /** An export in the mapping's charset. */
    public CrmExport(Path file, Optional<ImportFormat> format, Optional<Path> mapping, Optional<Path> history) {
        this(file, format, mapping, history, Optional.empty());
    }

    /**
     * The charset a user names, such as {@code windows-1252}.
     *
     * @throws InvalidValueException naming the value when Java knows no such charset
     */
    public static Charset charset(String name) {
        Objects.requireNonNull(name, "name");
        try {
            return Charset.forName(name.strip());
        } catch (IllegalArgumentException e) {
            throw new InvalidValueException("charset", name, "must be one Java knows, such as UTF-8, windows-1252 or"
                    + " ISO-8859-1");
        }
    }

    /**
     * The format a user names, in any case: {@code salesforce}, {@code hubspot} or {@code csv} (also taken as {@code generic}).
     *
     * @throws InvalidValueException naming the accepted names otherwise
     */
    public static ImportFormat format(String name) {
        Objects.requireNonNull(name, "name");
        if (name.equalsIgnoreCase("generic")) {
            // What a user looking for "any CSV" types; the format's one name stays csv.
            return ImportFormat.CSV;
        }
        for (ImportFormat format : ImportFormat.values()) {
            if (format.name().equalsIgnoreCase(name)) {
                return format;
            }
        }
        throw new InvalidValueException("format", name, "must be salesforce, hubspot or csv (any other CSV; 'generic' is taken for it too)");
    }

    /**
     * Imports the export into {@code catalog}'s pipelines in valid-deals mode: every deal that can be
     * imported is, and the report lists the rest.
     *
     * @throws IllegalArgumentException if the mapping is unusable or names another format than {@code format}
     */
    public ImportResult read(PipelineCatalog catalog) {
        Objects.requireNonNull(catalog, "catalog");
        ImportMapping chosen = mapping.map(ImportMapping::parse).orElseGet(() -> ImportMapping.defaults(format.orElseThrow()));
        if (format.isPresent() && format.get() != chosen.format()) {
            throw new IllegalArgumentException("--format says " + format.get() + ", but the mapping file "
                    + mapping.orElseThrow() + " is for " + chosen.format());
        }
        CrmImport.Builder builder = CrmImport.builder(chosen, catalog).mode(ImportMode.VALID_DEALS);
        charset.ifPresent(builder::charset);
        CrmImport crm = builder.build();
        return history.map(historyFile -> crm.read(file, historyFile)).orElseGet(() -> crm.read(file));
    }
}
