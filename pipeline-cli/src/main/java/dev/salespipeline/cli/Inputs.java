package dev.salespipeline.cli;

import dev.salespipeline.core.opportunity.Opportunity;
import dev.salespipeline.core.pipeline.DefaultPipelines;
import dev.salespipeline.core.transition.OpportunityCursor;
import dev.salespipeline.core.view.OrgChart;
import dev.salespipeline.core.view.OrgStructure;
import dev.salespipeline.core.view.Viewer;
import dev.salespipeline.importing.CrmExport;
import dev.salespipeline.importing.ImportResult;
import dev.salespipeline.rules.RuleSources;
import dev.salespipeline.store.jdbc.JdbcOpportunityStore;
import dev.salespipeline.store.jdbc.StoreException;

import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import javax.sql.DataSource;

/** What several commands read: rule directories, export files and days, each checked before it is used. */
final class Inputs {

    private Inputs() {
    }

    /** The options that describe an export besides its file; mixed into the commands that read one. */
    static final class ExportOptions {

        @Option(names = "--format", paramLabel = "F", description = "what wrote the export: salesforce, hubspot or csv"
                + " (any other CSV; also taken as generic)")
        String format;

        @Option(names = "--mapping", paramLabel = "FILE", description = "how to read the export (its format line can"
                + " stand for --format); required for csv")
        Path mapping;

        @Option(names = "--history", paramLabel = "FILE", description = "a Salesforce OpportunityHistory export to"
                + " rebuild stage histories from")
        Path history;

        @Option(names = "--charset", paramLabel = "NAME", description = "the export's charset, such as"
                + " windows-1252, in place of the mapping's (UTF-8 unless its charset line says)")
        String charset;

        /**
         * Imports {@code file}, after checking that every file named is readable: a missing file is named with
         * its full path before anything is loaded.
         */
        ImportResult read(CommandLine command, String option, Path file) {
            readable(command, option, file);
            if (mapping != null) {
                readable(command, "--mapping", mapping);
            }
            if (history != null) {
                readable(command, "--history", history);
            }
            CrmExport export;
            try {
                export = new CrmExport(file, Optional.ofNullable(format).map(CrmExport::format),
                        Optional.ofNullable(mapping), Optional.ofNullable(history),
                        Optional.ofNullable(charset).map(CrmExport::charset));
            } catch (IllegalArgumentException e) {
                throw new ParameterException(command, e.getMessage());
            }
            try {
                return export.read(DefaultPipelines.catalog());
            } catch (IllegalArgumentException | UncheckedIOException e) {
                throw new ParameterException(command, e.getMessage());
            }
        }
    }

    static void readable(CommandLine command, String option, Path file) {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new ParameterException(command, option + " " + file.toAbsolutePath() + " cannot be read: "
                    + (Files.exists(file) ? "it is not a readable file" : "no such file"));
        }
    }

    /** The word {@code defaults}, or a rules directory loaded over the defaults. */
    static RuleSources rules(CommandLine command, String value) {
        if (value.equals("defaults")) {
            return RuleSources.defaults();
        }
        Path directory = Path.of(value);
        if (!Files.isDirectory(directory)) {
            throw new ParameterException(command, directory.toAbsolutePath().normalize() + " is not a directory; give"
                    + " a rules directory or the word 'defaults'");
        }
        return RuleSources.defaults().withDirectory(directory);
    }

    /**
     * Every deal of the store at {@code url} (a {@code jdbc:postgresql:} or {@code jdbc:h2:} URL, credentials
     * in it), read through one cursor. The store must exist: nothing is created or migrated.
     */
    static List<Opportunity> fromDatabase(CommandLine command, String url) {
        DataSource dataSource;
        if (url.startsWith("jdbc:h2:")) {
            // Never create an empty database where the user meant an existing one.
            dataSource = JdbcOpportunityStore.unpooled(url.contains(";IFEXISTS=") ? url : url + ";IFEXISTS=TRUE");
        } else if (url.startsWith("jdbc:postgresql:")) {
            dataSource = JdbcOpportunityStore.unpooled(url);
        } else {
            throw new ParameterException(command, "--db must be a jdbc:postgresql: or jdbc:h2: URL, but was '" + url
                    + "'");
        }
        List<Opportunity> deals = new ArrayList<>();
        try (OpportunityCursor cursor = JdbcOpportunityStore.builder(dataSource).migrate(false).build().allDeals()) {
            cursor.forEachRemaining(deals::add);
        } catch (StoreException e) {
            throw new ParameterException(command, "--db " + url + " cannot be read as a sales-pipeline store: "
                    + e.getMessage());
        }
        return deals;
    }

    /** {@code rep:ana}, {@code manager:budi}… as a viewer. */
    static Viewer viewer(CommandLine command, String value) {
        int colon = value.indexOf(':');
        String role = colon < 0 ? "" : value.substring(0, colon).toUpperCase(Locale.ROOT);
        String id = colon < 0 ? "" : value.substring(colon + 1).strip();
        if (!Set.of("REP", "MANAGER", "LEADER", "EXECUTIVE").contains(role) || id.isEmpty()) {
            throw new ParameterException(command, "--viewer must be rep:ID, manager:ID, leader:ID or executive:ID, but"
                    + " was '" + value + "'");
        }
        return new Viewer(id, Viewer.Role.valueOf(role));
    }

    /**
     * The org chart of {@code file} (columns id, role and reports_to, a header first); without a file, for a
     * rep only, the chart of that rep alone.
     */
    static OrgStructure org(CommandLine command, Path file, Viewer viewer) {
        if (file == null) {
            if (viewer.role() != Viewer.Role.REP) {
                throw new ParameterException(command, "--viewer " + viewer.role().name().toLowerCase(Locale.ROOT)
                        + ":" + viewer.id() + " needs --org FILE, the org chart that says who reports to whom");
            }
            return OrgChart.of(List.of(new OrgChart.Person(viewer.id(), Viewer.Role.REP, null)));
        }
        readable(command, "--org", file);
        List<OrgChart.Person> people = new ArrayList<>();
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (java.io.IOException e) {
            throw new ParameterException(command, "--org " + file.toAbsolutePath() + " cannot be read: " + e.getMessage());
        }
        for (int index = 1; index < lines.size(); index++) {
            String line = lines.get(index).strip();
            if (line.isEmpty()) {
                continue;
            }
            String[] cells = line.split(",", -1);
            String where = file.getFileName() + ":" + (index + 1) + ": ";
            if (cells.length != 3) {
                throw new ParameterException(command, where + "a row is id,role,reports_to, but has " + cells.length
                        + " cells");
            }
            String role = cells[1].strip().toUpperCase(Locale.ROOT);
            if (!Set.of("REP", "MANAGER", "LEADER", "EXECUTIVE").contains(role)) {
                throw new ParameterException(command, where + "the role must be rep, manager, leader or executive, but"
                        + " was '" + cells[1].strip() + "'");
            }
            try {
                people.add(new OrgChart.Person(cells[0].strip(), Viewer.Role.valueOf(role), cells[2].strip()));
            } catch (RuntimeException e) {
                throw new ParameterException(command, where + e.getMessage());
            }
        }
        try {
            return OrgChart.of(people);
        } catch (RuntimeException e) {
            throw new ParameterException(command, file.getFileName() + ": " + e.getMessage());
        }
    }

    /** A day as given, or today; the instant is its noon in UTC. */
    static Instant noonOf(LocalDate day) {
        return day.atTime(12, 0).toInstant(ZoneOffset.UTC);
    }
}
