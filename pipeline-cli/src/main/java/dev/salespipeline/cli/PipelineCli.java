package dev.salespipeline.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Properties;

/**
 * The analysts' command line, on picocli. {@code java -jar pipeline-cli/target/pipeline-cli.jar --help}
 * lists the commands: {@code check} (rules and their scenarios), {@code diff} (impact analysis of a
 * candidate rule set) and {@code report} (the health report on a CRM export); each has its own
 * {@code --help}. Each writes text, or JSON with {@code --json}, and exits {@value #OK} when all is well,
 * {@value #FINDINGS} when it found what it was asked to find (rules that do not load, failing scenarios,
 * nothing imported), and {@value #USAGE_ERROR} on bad usage or unreadable input.
 */
@Command(name = "pipeline-cli", mixinStandardHelpOptions = true, versionProvider = PipelineCli.Version.class,
        description = "Check rules, compare rule sets and report on pipelines: sales-pipeline's command line.",
        synopsisSubcommandLabel = "COMMAND",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:all is well", "1:findings: rules that do not load, failing scenarios, nothing imported",
                "2:bad usage or unreadable input"})
public final class PipelineCli implements Runnable {

    public static final int OK = 0;
    public static final int FINDINGS = 1;
    public static final int USAGE_ERROR = 2;

    @Spec
    private CommandSpec spec;

    private PipelineCli() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err, Clock.systemUTC()));
    }

    /** Runs one command; returns its exit code. Output goes to {@code out}, errors and usage to {@code err}. */
    public static int run(String[] args, PrintStream out, PrintStream err, Clock clock) {
        CommandLine cli = commandLine(out, err, clock);
        cli.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
        cli.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
        return cli.execute(args);
    }

    static CommandLine commandLine(PrintStream out, PrintStream err, Clock clock) {
        CommandLine cli = new CommandLine(new PipelineCli());
        cli.addSubcommand(new CheckCommand(out, clock));
        cli.addSubcommand(new DiffCommand(out, clock));
        cli.addSubcommand(new ReportCommand(out, err, clock));
        // Every mistake of usage exits 2, with the message and the usage of the command it was made on.
        cli.setParameterExceptionHandler((exception, args) -> {
            CommandLine command = exception.getCommandLine();
            command.getErr().println(exception.getMessage());
            command.usage(command.getErr());
            return USAGE_ERROR;
        });
        return cli;
    }

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "give a command: check, diff or report");
    }

    /** The version the build wrote into the jar. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            Properties properties = new Properties();
            try (InputStream in = PipelineCli.class.getResourceAsStream("version.properties")) {
                if (in != null) {
                    properties.load(in);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return new String[] {"pipeline-cli " + properties.getProperty("version", "(development build)")};
        }
    }
}
