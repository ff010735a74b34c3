package io.posttrain4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import io.posttrain4j.core.corpus.Corpora;
import io.posttrain4j.core.corpus.Probe;
import io.posttrain4j.core.policy.Policy;
import io.posttrain4j.core.train.NoGrad;

/**
 * {@code posttrain4j probe}: scores a policy on held-out questions of corpus families, e.g. whether a base, or a
 * model fine-tuned from it, still reads the rule stated in a question.
 */
@Command(
        name = "probe",
        mixinStandardHelpOptions = true,
        description = {
            "Scores a policy on held-out corpus questions by exact match of its greedy answers.",
            "",
            "Each --probe is a corpus family under option overrides, e.g. generalpoints/rules@faceValues=11,12,13; "
                    + "the questions come from the probe seed, the same for every policy, so two policies are "
                    + "compared on the same questions. Prints one accuracy per probe.",
        })
public final class ProbeCommand extends CliCommand {
    @Option(names = "--policy", required = true, paramLabel = "<preset|dir>",
            description = "A preset, or a policy/checkpoint/run folder.")
    private String policy;

    @Option(names = "--provider", defaultValue = "djl", paramLabel = "<id>",
            description = "The policy provider (default: ${DEFAULT-VALUE}).")
    private String provider;

    @Option(names = "--probe", paramLabel = "<family[@key=value;...]>",
            description = "A probe, repeatable (default: the GeneralPoints rule probes of pretrain).")
    private List<String> probes;

    @Option(names = "--questions", defaultValue = "200", paramLabel = "<n>",
            description = "Questions per probe (default: ${DEFAULT-VALUE}).")
    private int questions;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "<seed>",
            description = "Root of the probe questions; pretrain's probes use its --seed (default: ${DEFAULT-VALUE}).")
    private long seed;

    @Option(names = "--device", paramLabel = "<cpu|gpu|gpu:N>",
            description = "Where the policy runs (default: the provider's, cpu for djl); a missing GPU is an error.")
    private String device;

    @Option(names = "--max-new-tokens", defaultValue = "32", paramLabel = "<n>",
            description = "Answer budget (default: ${DEFAULT-VALUE}).")
    private int maxNewTokens;

    @Override
    public Integer call() throws IOException {
        if (questions < 1) {
            throw usageError("--questions must be >= 1, got " + questions);
        }
        List<Probe> list;
        try {
            list = ProbeSpecs.parse(Corpora.discover(), probes != null ? probes : PretrainCommand.GENERALPOINTS_PROBES,
                    Map.of(), questions, ProbeSpecs.seed(seed));
            EvalCommand.locatePolicy("--policy", provider, policy);
        } catch (IllegalArgumentException e) {
            throw usageError(e.getMessage());
        }
        PrintWriter w = out();
        try (Policy p = EvalCommand.loadPolicy(provider, policy,
                device != null ? Map.of("device", device) : Map.of()); NoGrad ignored = NoGrad.enter()) {
            w.println("probes of " + p.name() + " (" + questions + " questions each, exact match, greedy):");
            for (Probe probe : list) {
                w.println(ProbeSpecs.line(probe.name(), probe.accuracy(p, Math.min(64, questions), maxNewTokens)));
                w.flush();
            }
        }
        return 0;
    }
}
