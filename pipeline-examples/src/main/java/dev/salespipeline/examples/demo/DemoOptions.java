package dev.salespipeline.examples.demo;

import dev.salespipeline.importing.CrmExport;
import dev.salespipeline.importing.ImportFormat;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * The demo's command-line options.
 *
 * @param deals  how many deals to generate
 * @param seed   the generator's seed, and the Monte Carlo forecast's
 * @param input  a CRM export to report on instead of generated deals, if any
 * @param rules  a host rules directory to load beside the defaults, if any
 * @param out    where to write the dashboard
 * @param asOf   the instant the demo runs at
 * @param database an H2 store a previous run kept its portfolio in, to report on instead, if any
 * @param help   whether only the help was asked for
 */
public record DemoOptions(int deals, long seed, Optional<CrmExport> input, Optional<Path> rules, Path out, Instant asOf,
                          Optional<Path> database, boolean help) {

    public static final String USAGE = """
            Usage: PipelineDemo [options]
              --deals N      deals to generate (default 400, 1 to 100000)
              --seed S       generator seed; the same seed gives the same portfolio (default 42)
              --input FILE   report on a CRM export instead of generated deals (see docs/importing.md)
              --format F     what wrote the export: salesforce, hubspot or csv
              --mapping FILE how to read the export (its format line can stand for --format);
                             required for csv, optional for the others
              --history FILE a Salesforce OpportunityHistory export to rebuild stage histories from
              --charset NAME the export's charset, such as windows-1252 (default: the mapping's, or UTF-8)
              --db FILE      report on the deals a previous run kept in the H2 store FILE (it prints where)
              --rules DIR    also load the rule files of DIR (.drl, .dslr and .dsl; for example
                             pipeline-examples/rules) and show which gate decisions they change
              --out DIR      where to write dashboard.html (default target/sales-pipeline-demo)
              --as-of DATE   run as of this day, YYYY-MM-DD (default today, UTC)
              --help         print this help
            """;

    private static final java.util.Set<String> OPTIONS = java.util.Set.of("--deals", "--seed", "--input", "--format",
            "--mapping", "--history", "--charset", "--rules", "--out", "--as-of", "--db");

    /** Parses {@code args}; throws {@link IllegalArgumentException} with the offending option and value. */
    public static DemoOptions parse(String[] args, Instant now) {
        int deals = 400;
        long seed = 42;
        Path rules = null;
        Path input = null;
        String format = null;
        Path mapping = null;
        Path history = null;
        String charset = null;
        Path database = null;
        boolean dealsGiven = false;
        Path out = Path.of("target", "sales-pipeline-demo");
        Instant asOf = now;
        boolean help = false;
        for (int index = 0; index < args.length; index++) {
            String option = args[index];
            if (option.equals("--help") || option.equals("-h")) {
                help = true;
                continue;
            }
            if (!OPTIONS.contains(option)) {
                throw new IllegalArgumentException("unknown option '" + option + "'");
            }
            if (index + 1 >= args.length) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            String value = args[++index];
            switch (option) {
                case "--deals" -> {
                    deals = number(option, value, 1, 100_000);
                    dealsGiven = true;
                }
                case "--input" -> input = Path.of(value);
                case "--format" -> format = value;
                case "--mapping" -> mapping = Path.of(value);
                case "--history" -> history = Path.of(value);
                case "--charset" -> charset = value;
                case "--seed" -> seed = number(option, value, Long.MIN_VALUE, Long.MAX_VALUE);
                case "--rules" -> rules = Path.of(value);
                case "--out" -> out = Path.of(value);
                case "--as-of" -> asOf = date(value);
                case "--db" -> database = Path.of(value);
                default -> throw new IllegalArgumentException("unknown option '" + option + "'");
            }
        }
        Optional<CrmExport> export = input(input, format, mapping, history, charset, dealsGiven);
        if (database != null && (input != null || dealsGiven)) {
            throw new IllegalArgumentException("--db reports on a kept portfolio, --input on an export and --deals on"
                    + " generated deals: give one of them");
        }
        if (database != null) {
            // H2 keeps a store named FILE in FILE.mv.db.
            Path file = database.getFileName().toString().endsWith(".mv.db") ? database
                    : database.resolveSibling(database.getFileName() + ".mv.db");
            readable("--db", file, false);
            database = database.getFileName().toString().endsWith(".mv.db") ? database.resolveSibling(
                    database.getFileName().toString().replace(".mv.db", "")) : database;
        }
        readable("--input", input, false);
        readable("--mapping", mapping, false);
        readable("--history", history, false);
        readable("--rules", rules, true);
        return new DemoOptions(deals, seed, export, Optional.ofNullable(rules), out, asOf, Optional.ofNullable(database),
                help);
    }

    /** A file or directory an option names must be there, or the demo stops before it starts, naming it in full. */
    private static void readable(String option, Path path, boolean directory) {
        if (path == null) {
            return;
        }
        boolean there = directory ? java.nio.file.Files.isDirectory(path) : java.nio.file.Files.isRegularFile(path);
        if (!there || !java.nio.file.Files.isReadable(path)) {
            throw new IllegalArgumentException(option + " " + path.toAbsolutePath().normalize() + " cannot be read: no"
                    + " such " + (directory ? "directory" : "file"));
        }
    }

    private static Optional<CrmExport> input(Path input, String format, Path mapping, Path history, String charset,
                                             boolean dealsGiven) {
        if (input == null) {
            if (format != null || mapping != null || history != null || charset != null) {
                throw new IllegalArgumentException("--format, --mapping, --history and --charset describe an --input"
                        + " file, but no --input was given");
            }
            return Optional.empty();
        }
        if (dealsGiven) {
            throw new IllegalArgumentException("--deals generates deals and --input imports them: give one or the other");
        }
        return Optional.of(new CrmExport(input, Optional.ofNullable(format).map(DemoOptions::importFormat),
                Optional.ofNullable(mapping), Optional.ofNullable(history),
                Optional.ofNullable(charset).map(CrmExport::charset)));
    }

    /** The format an option names, in any case; throws naming the accepted ones. */
    private static ImportFormat importFormat(String value) {
        try {
            return CrmExport.format(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--format must be salesforce, hubspot or csv (any other CSV; 'generic' is taken for it too), but"
                    + " was '" + value + "'");
        }
    }

    private static int number(String option, String value, int min, int max) {
        return (int) number(option, value, (long) min, (long) max);
    }

    private static long number(String option, String value, long min, long max) {
        try {
            long number = Long.parseLong(value);
            if (number < min || number > max) {
                throw new IllegalArgumentException(option + " must be between " + min + " and " + max + ", but was " + value);
            }
            return number;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " must be a whole number, but was '" + value + "'");
        }
    }

    private static Instant date(String value) {
        try {
            return LocalDate.parse(value).atTime(12, 0).toInstant(ZoneOffset.UTC);
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException("--as-of must be a date like 2026-11-23, but was '" + value + "'");
        }
    }
}
