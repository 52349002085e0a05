package dev.salespipeline.cli;

import dev.salespipeline.examples.demo.DemoOptions;
import dev.salespipeline.importing.ImportResult;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;

/**
 * The analysts' command line. {@code java -jar pipeline-cli/target/pipeline-cli.jar --help} lists the
 * commands: {@code check} (rules and their scenarios), {@code diff} (impact analysis of a candidate
 * rule set) and {@code report} (the health report on a CRM export). Each writes text, or JSON with
 * {@code --json}, and exits 0 when all is well, 1 when it found what it was asked to find (rules that
 * do not load, failing scenarios, nothing imported), and 2 on bad usage or unreadable input.
 */
public final class PipelineCli {

    public static final int OK = 0;
    public static final int FINDINGS = 1;
    public static final int USAGE_ERROR = 2;

    static final String USAGE = "Usage: pipeline-cli <command> [options]\n\n"
            + CheckCommand.USAGE + "\n\n" + DiffCommand.USAGE + "\n\n" + ReportCommand.USAGE + "\n\n"
            + "Exit codes: 0 all is well, 1 findings (rules that do not load, failing scenarios, nothing imported),\n"
            + "2 bad usage or unreadable input.\n";

    private PipelineCli() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err, Clock.systemUTC()));
    }

    /** Runs one command; returns its exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err, Clock clock) {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help")) {
            (args.length == 0 ? err : out).print(USAGE);
            return args.length == 0 ? USAGE_ERROR : OK;
        }
        List<String> rest = Arrays.asList(args).subList(1, args.length);
        try {
            return switch (args[0]) {
                case "check" -> CheckCommand.run(rest, out, LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC));
                case "diff" -> DiffCommand.run(rest, out, clock.instant());
                case "report" -> ReportCommand.run(rest, out, err, clock.instant());
                default -> throw new Arguments.UsageException("unknown command '" + args[0]
                        + "'; the commands are check, diff and report");
            };
        } catch (Arguments.UsageException e) {
            err.println(e.getMessage());
            err.print(USAGE);
            return USAGE_ERROR;
        }
    }

    static Path directory(String value) {
        Path path = Path.of(value);
        if (!Files.isDirectory(path)) {
            throw new Arguments.UsageException("'" + value + "' is not a directory");
        }
        return path;
    }

    static LocalDate date(String value) {
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw new Arguments.UsageException("expected a date like 2026-11-23, but was '" + value + "'");
        }
    }

    static int number(String option, String value, int min, int max) {
        try {
            int number = Integer.parseInt(value);
            if (number < min || number > max) {
                throw new Arguments.UsageException(option + " must be between " + min + " and " + max + ", but was " + value);
            }
            return number;
        } catch (NumberFormatException e) {
            throw new Arguments.UsageException(option + " must be a whole number, but was '" + value + "'");
        }
    }

    /** Imports {@code fileOption}'s file with --format, --mapping and --history, checked as the demo checks them. */
    static ImportResult importInput(Arguments arguments, String fileOption) {
        try {
            return DemoOptions.Input.of(fileOption, Path.of(arguments.option(fileOption).orElseThrow()),
                    arguments.option("--format"), arguments.option("--mapping").map(Path::of),
                    arguments.option("--history").map(Path::of)).read();
        } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
            throw new Arguments.UsageException(e.getMessage());
        }
    }
}
