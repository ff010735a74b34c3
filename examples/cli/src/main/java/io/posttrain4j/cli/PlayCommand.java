package io.posttrain4j.cli;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import io.posttrain4j.core.env.Environment;
import io.posttrain4j.core.env.Environments;
import io.posttrain4j.core.env.Expert;
import io.posttrain4j.core.env.Observation;
import io.posttrain4j.core.env.Step;
import io.posttrain4j.core.env.Tally;

/**
 * {@code posttrain4j play}: a person plays one episode in the terminal, seeing exactly what a policy sees and
 * answering in its place. Works with piped standard input, one answer after another (see {@link AnswerReader}).
 */
@Command(
        name = "play",
        mixinStandardHelpOptions = true,
        description = {
            "Plays one episode by hand, seeing exactly what a policy sees.",
            "",
            "Prints every turn of the observation exactly as the policy receives it, "
                    + "writes each image to a PNG file and prints its path, reads your answer from standard input, "
                    + "then shows the reward, feedback and terminated/truncated flags, until the episode ends, "
                    + "and prints the episode metrics.",
            "",
            "Answers: an answer ends at an empty line, or at the end of a line once every bracket ( [ { opened "
                    + "in it (outside double quotes) is closed again, so a one-line formula or JSON object needs "
                    + "no empty line. End of input submits what was typed. Commands, alone on a line: :expert "
                    + "prints the expert answer (when the environment has an expert), :quit stops, :help repeats "
                    + "this rule.",
        })
public final class PlayCommand extends CliCommand {
    static final String ANSWER_RULE = "Type your answer; it ends at an empty line, or at the end of a line once "
            + "every bracket opened in it is closed. Commands: :expert, :quit, :help.";

    @Mixin
    private EnvironmentSelection selection;

    @Option(names = "--seed", paramLabel = "<seed>",
            description = "The episode seed (default: a random one, printed so the episode can be replayed).")
    private Long seed;

    @Option(names = "--out-dir", paramLabel = "<dir>",
            description = "Where images are written as PNG files (default: a new temporary folder).")
    private Path outDir;

    @Override
    public Integer call() {
        PrintWriter out = out();
        Environments environments = Environments.discover();
        long episodeSeed = seed != null ? seed : new SplittableRandom().nextLong(1_000_000);
        // Echo answers when they come from a pipe or a test, so the transcript shows what was submitted.
        boolean echo = System.console() == null;
        try (Environment env = selection.create(environments)) {
            out.println("environment " + env.id() + ", seed " + episodeSeed + optionsText(selection.options()));
            out.println(ANSWER_RULE);
            ConversationPrinter printer = new ConversationPrinter(out, outDir);
            Observation observation = env.reset(episodeSeed);
            AnswerReader reader = new AnswerReader(
                    new BufferedReader(new InputStreamReader(in(), StandardCharsets.UTF_8)));
            int steps = 0;
            boolean done = false;
            printer.print("observation " + (steps + 1), observation);
            while (!done) {
                out.println("your answer " + (steps + 1) + ":");
                out.flush();
                AnswerReader.Input input = reader.next();
                if (input instanceof AnswerReader.EndOfInput) {
                    out.println("(input ended before the episode did)");
                    break;
                }
                if (input instanceof AnswerReader.Command c) {
                    if (c.name().equals("quit")) {
                        out.println("(quit before the episode ended)");
                        break;
                    }
                    if (c.name().equals("expert")) {
                        printExpert(out, env.expert());
                    } else {
                        out.println(ANSWER_RULE);
                    }
                    continue;
                }
                String answer = ((AnswerReader.Answer) input).text();
                if (echo) {
                    out.println("----- submitted answer -----");
                    out.println(answer);
                }
                Step step = env.step(answer);
                steps++;
                printStep(out, steps, step);
                done = step.done();
                if (!done) {
                    observation = step.observation();
                    printer.print("observation " + (steps + 1), observation);
                }
            }
            printMetrics(out, steps, env.episodeMetrics());
            out.flush();
        }
        return 0;
    }

    private static void printExpert(PrintWriter out, Optional<Expert> expert) {
        if (expert.isEmpty()) {
            out.println("(this environment has no expert)");
            return;
        }
        out.println("----- expert answer -----");
        String answer = expert.get().expertAnswer();
        out.print(answer);
        if (!answer.endsWith("\n")) {
            out.println();
        }
        out.println("----- end of expert answer -----");
    }

    private static void printStep(PrintWriter out, int steps, Step step) {
        out.println("----- result of answer " + steps + " -----");
        out.println("reward: " + step.reward());
        out.println("feedback: " + step.feedback());
        out.println("success: " + step.success() + ", terminated: " + step.terminated()
                + ", truncated: " + step.truncated());
    }

    private static void printMetrics(PrintWriter out, int steps, Map<String, Tally> metrics) {
        out.println("===== episode metrics after " + steps + (steps == 1 ? " answer" : " answers") + " =====");
        if (metrics.isEmpty()) {
            out.println("(none)");
        }
        metrics.forEach((name, t) -> out.println(name + ": " + number(t.hits()) + "/" + number(t.total())
                + (t.total() > 0 ? String.format(Locale.ROOT, " (%.1f%%)", 100 * t.rate()) : "")));
    }

    private static String number(double x) {
        return x == Math.rint(x) && Math.abs(x) < 1e15 ? Long.toString((long) x) : Double.toString(x);
    }

    private static String optionsText(Map<String, String> options) {
        if (options.isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder(", options");
        options.forEach((k, v) -> sb.append(' ').append(k).append('=').append(v));
        return sb.toString();
    }
}
