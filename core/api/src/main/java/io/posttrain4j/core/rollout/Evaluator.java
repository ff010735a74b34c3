package io.posttrain4j.core.rollout;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.posttrain4j.core.env.Environments;
import io.posttrain4j.core.policy.Policy;
import io.posttrain4j.core.policy.Sampling;

/**
 * Scores a policy on named environment variants at fixed seeds: the same episodes every time it is called, so
 * that evaluations along training are comparable.
 *
 * @param environments where variant names are resolved
 * @param episodes episodes per variant
 * @param seed the root of the evaluation episodes' seeds
 * @param sampling how the policy answers (greedy in the study's evaluations)
 * @param batchSize environments stepped together
 * @param options option overrides applied to every variant (e.g. {@code prompt=compact})
 */
public record Evaluator(
        Environments environments, int episodes, long seed, Sampling sampling, int batchSize, Map<String, String> options) {
    public Evaluator {
        Objects.requireNonNull(environments, "environments");
        if (episodes < 1 || batchSize < 1) {
            throw new IllegalArgumentException("need episodes >= 1 and batchSize >= 1, got " + episodes + ", " + batchSize);
        }
        Objects.requireNonNull(sampling, "sampling");
        options = Map.copyOf(options);
    }

    /** Evaluates one variant. */
    public EvalResult evaluate(Policy policy, String variant) {
        return EvalResult.of(environments.resolve(variant).qualifiedName(), episodes(policy, variant));
    }

    /**
     * Plays the evaluation episodes of one variant and returns them whole (every turn's observation, generation
     * and step), e.g. to read transcripts with {@link Transcripts} or to compare two policies episode by episode:
     * the same seeds give the same tasks to every policy.
     */
    public List<Episode> episodes(Policy policy, String variant) {
        String qualified = environments.resolve(variant).qualifiedName();
        environments.create(qualified, options).close(); // fail fast on a bad name or option
        EpisodeRunner runner = new EpisodeRunner(policy, sampling, batchSize, 1000);
        return runner.run(() -> environments.create(qualified, options), seed, 0, episodes);
    }

    /** Evaluates several variants, in the given order. */
    public Map<String, EvalResult> evaluate(Policy policy, List<String> variants) {
        Map<String, EvalResult> out = new LinkedHashMap<>();
        for (String v : variants) {
            out.put(v, evaluate(policy, v));
        }
        return out;
    }
}
