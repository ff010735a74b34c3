package io.posttrain4j.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/**
 * The {@code posttrain4j} command line: the root command and its entry point.
 *
 * <p>To add a command, write a {@link CliCommand} subclass annotated with
 * {@code @Command(name = "...", mixinStandardHelpOptions = true, description = "...")} and add its class to the
 * {@code subcommands} list below, one class per line. Exit codes: 0 success, 1 failure while running, 2 usage
 * error (unknown command, option, id or value; the message names the bad value and what is accepted).
 *
 * <p>Standard input is injected through the constructor so tests can drive interactive commands with a string;
 * output goes to the {@link CommandLine#getOut()} and {@link CommandLine#getErr()} writers.
 */
@Command(
        name = "posttrain4j",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Post-training of vision-language policies (SFT, PPO) against rule-based verifiers.",
        footerHeading = "%n",
        footer = "'posttrain4j help <command>' or 'posttrain4j <command> --help' explains a command; "
                + "docs/CLI.md has example sessions.",
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {
            "0:success",
            "1:the command ran and failed (e.g. verify found bad lines)",
            "2:usage error: unknown command, option, id or value",
        },
        subcommands = {
            ListCommand.class,
            PlayCommand.class,
            VerifyCommand.class,
            PretrainCommand.class,
            ProbeCommand.class,
            SftCommand.class,
            EvalCommand.class,
            GenerateCommand.class,
            PpoCommand.class,
            ReproduceCommand.class,
            RouteCommand.class,
            RenderCommand.class,
            CommandLine.HelpCommand.class,
        })
public final class PosttrainCli implements Callable<Integer> {
    /** Exit code of a command that ran and failed. */
    public static final int EXIT_FAILURE = 1;

    /** Exit code of a usage error, as picocli uses it. */
    public static final int EXIT_USAGE = 2;

    /** Set to {@code true} (or set the environment variable POSTTRAIN4J_STACKTRACE) to print stack traces. */
    public static final String STACKTRACE_PROPERTY = "posttrain4j.stacktrace";

    private final InputStream in;

    @Spec
    private CommandSpec spec;

    /** A root command reading the process's standard input. */
    public PosttrainCli() {
        this(System.in);
    }

    /** A root command whose interactive subcommands read {@code in}. */
    public PosttrainCli(InputStream in) {
        this.in = Objects.requireNonNull(in, "in");
    }

    /** The standard input of this invocation. */
    public InputStream in() {
        return in;
    }

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "missing command; choose one of: "
                + String.join(", ", spec.subcommands().keySet()));
    }

    /** Runs the command line and exits with its exit code. */
    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(new PrintStream(System.out, true, StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new PrintStream(System.err, true, StandardCharsets.UTF_8), true);
        int code = commandLine(System.in, out, err).execute(args);
        out.flush();
        err.flush();
        System.exit(code);
    }

    /**
     * A configured command line: {@code in} is the standard input, {@code out} and {@code err} receive all
     * output; usage errors print one clear line plus a pointer to {@code --help} and exit with 2; other
     * failures print their message and exit with 1.
     */
    public static CommandLine commandLine(InputStream in, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new PosttrainCli(in));
        cl.setOut(out);
        cl.setErr(err);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setParameterExceptionHandler(PosttrainCli::handleUsageError);
        cl.setExecutionExceptionHandler(PosttrainCli::handleFailure);
        return cl;
    }

    private static int handleUsageError(ParameterException e, String[] args) {
        CommandLine cl = e.getCommandLine();
        PrintWriter err = cl.getErr();
        err.println("error: " + e.getMessage());
        if (!CommandLine.UnmatchedArgumentException.printSuggestions(e, err)) {
            err.println("Try '" + cl.getCommandSpec().qualifiedName() + " --help' for usage.");
        }
        err.flush();
        return EXIT_USAGE;
    }

    private static int handleFailure(Exception e, CommandLine cl, ParseResult parseResult) {
        PrintWriter err = cl.getErr();
        StringBuilder message = new StringBuilder("error: ").append(describe(e));
        // The causes usually say what really went wrong (a file that cannot be read, a provider's own error).
        Throwable c = e.getCause();
        for (int depth = 0; c != null && depth < 8; depth++, c = c.getCause()) {
            message.append("\n  caused by: ").append(describe(c));
        }
        err.println(message);
        if (Boolean.getBoolean(STACKTRACE_PROPERTY) || System.getenv("POSTTRAIN4J_STACKTRACE") != null) {
            e.printStackTrace(err);
        } else {
            err.println("(set POSTTRAIN4J_STACKTRACE=1 for the stack trace)");
        }
        err.flush();
        return EXIT_FAILURE;
    }

    private static String describe(Throwable t) {
        return t.getMessage() == null || t.getMessage().isBlank() ? t.getClass().getName() : t.getMessage();
    }
}
