package io.posttrain4j.cli;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;

/** One in-process run of the command line with captured output, for tests. */
record CliRun(int exitCode, String out, String err) {
    /** Runs {@code args} with {@code stdin} as standard input. */
    static CliRun run(String stdin, String... args) {
        return run(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), new StringWriter(), args);
    }

    /** Runs {@code args} reading {@code stdin} and writing results to {@code out}. */
    static CliRun run(InputStream stdin, StringWriter out, String... args) {
        StringWriter err = new StringWriter();
        int code = PosttrainCli.commandLine(stdin, new PrintWriter(out, true), new PrintWriter(err, true))
                .execute(args);
        return new CliRun(code, out.toString(), err.toString());
    }
}
