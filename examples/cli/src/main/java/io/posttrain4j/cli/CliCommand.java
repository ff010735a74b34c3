package io.posttrain4j.cli;

import java.io.InputStream;
import java.io.PrintWriter;
import java.util.concurrent.Callable;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Base class of the {@code posttrain4j} subcommands: gives access to the invocation's standard input, output
 * and error streams, and makes usage errors (exit code 2).
 *
 * <p>Subclasses implement {@link #call()} returning the exit code (0 on success) and throw
 * {@link #usageError(String)} for a bad argument value; any other exception is reported as a failure (exit 1).
 */
public abstract class CliCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    /** The picocli model of this command (name, options, parent). */
    protected final CommandSpec spec() {
        return spec;
    }

    /** Where results go (standard output unless a test captured it). */
    protected final PrintWriter out() {
        return spec.commandLine().getOut();
    }

    /** Where prompts for a person, warnings and notes go when they must not mix with results. */
    protected final PrintWriter err() {
        return spec.commandLine().getErr();
    }

    /** The invocation's standard input (a test's string when driven in-process). */
    protected final InputStream in() {
        Object root = spec.root().userObject();
        if (root instanceof PosttrainCli cli) {
            return cli.in();
        }
        return System.in;
    }

    /**
     * A usage error to throw: printed as {@code error: message} with a pointer to this command's help, exit
     * code 2. The message should name the bad value and what is accepted.
     */
    protected final ParameterException usageError(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
