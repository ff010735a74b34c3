package io.posttrain4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import picocli.CommandLine.Option;

import io.posttrain4j.core.env.Observation;
import io.posttrain4j.core.policy.Policy;
import io.posttrain4j.core.train.KlFromBase;

/**
 * picocli mixin of the training commands that log the forward KL from a base policy (RL's Razor's predictor of
 * forgetting): {@code --kl-from-base <policy>} and {@code --kl-prompts <n>}.
 */
final class KlFromBaseOptions {
    @Option(names = "--kl-from-base", paramLabel = "<policy>",
            description = "Log kl_from_base at every evaluation: the forward KL from this policy (e.g. the "
                    + "pretrained base), on responses it samples once for --kl-prompts training prompts.")
    String base;

    @Option(names = "--kl-prompts", defaultValue = "128", paramLabel = "<n>",
            description = "Training prompts of the KL estimate (default: ${DEFAULT-VALUE}).")
    int prompts;

    /** Whether a base was given. */
    boolean enabled() {
        return base != null;
    }

    /** Checks the values before anything is loaded; the message names the bad value. */
    void check() {
        if (prompts < 1) {
            throw new IllegalArgumentException("--kl-prompts must be >= 1, got " + prompts);
        }
    }

    /** Samples the base's responses to the first {@code --kl-prompts} prompts and closes the base. */
    KlFromBase sample(String provider, List<Observation> trainingPrompts, int maxNewTokens, long seed, PrintWriter w)
            throws IOException {
        List<Observation> chosen = trainingPrompts.subList(0, Math.min(prompts, trainingPrompts.size()));
        try (Policy p = EvalCommand.loadPolicy(provider, base, Map.of())) {
            long t0 = System.nanoTime();
            KlFromBase kl = KlFromBase.sample(p, chosen, maxNewTokens, seed);
            w.printf(Locale.ROOT, "kl_from_base: %d responses of %s sampled in %.1f s%n", kl.size(), base,
                    (System.nanoTime() - t0) / 1e9);
            return kl;
        }
    }
}
