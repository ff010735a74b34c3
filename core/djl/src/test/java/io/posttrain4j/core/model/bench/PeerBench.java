package io.posttrain4j.core.model.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import io.posttrain4j.core.env.Observation;
import io.posttrain4j.core.model.DjlPolicy;
import io.posttrain4j.core.model.ModelConfig;
import io.posttrain4j.core.model.tokenizer.ByteTokenizer;
import io.posttrain4j.core.model.tokenizer.DefaultChatTemplate;
import io.posttrain4j.core.policy.Generation;
import io.posttrain4j.core.policy.Sampling;
import io.posttrain4j.core.tensor.Autograd;
import io.posttrain4j.core.train.ScoreOptions;
import io.posttrain4j.core.train.Scores;

/**
 * This library's side of the PyTorch peer comparison ({@code src/test/python/peer_bench.py} is the other side,
 * {@code src/test/python/run_peer_bench.sh} alternates them): the text decoder of the {@code small} and
 * {@code base} presets (no image encoder), byte vocabulary (263), fp32 on the CPU.
 *
 * <ul>
 *   <li>training: 16 rows of 128 prompt + 48 response tokens; forward, mean NLL of the response tokens, backward,
 *       gradients zeroed (no optimizer step); {@value #WARM_UP} warm-up steps, then {@code steps} timed steps (the
 *       first steps of a process run cold code in the JVM and cold caches in libtorch's allocator; a training run
 *       takes thousands); tokens/s counts all
 *       176 x 16 tokens of a step. The policy's value head (a small MLP on the last prompt token) runs too.
 *   <li>generation: 8 rows of a 128-token prompt, 64 new tokens sampled at temperature 1 with the KV cache; the
 *       rate counts rows x steps run (a row that stops early still occupies its batch slot); {@value #WARM_UP}
 *       warm-up calls, then the best of 3.
 * </ul>
 *
 * Prints one JSON line per shape: {@code {"impl":"posttrain4j","shape":...,"train_tok_s":...,"gen_tok_s":...}}.
 */
public final class PeerBench {
    static final int ROWS = 16;
    static final int PROMPT = 128;
    static final int RESPONSE = 48;
    static final int GEN_ROWS = 8;
    static final int NEW_TOKENS = 64;
    /** Untimed steps (training) or calls (generation) before the timed ones; peer_bench.py does the same. */
    static final int WARM_UP = 3;

    private PeerBench() {}

    /** The text-only config of a preset's decoder. */
    static ModelConfig text(String preset) {
        ModelConfig c = ModelConfig.preset(preset);
        return new ModelConfig(c.vocabSize(), c.hiddenSize(), c.layers(), c.heads(), c.kvHeads(),
                c.intermediateSize(), c.rmsNormEps(), c.ropeTheta(), c.maxPositions(), true, false, 0, 0, 0, 0, 0, 0,
                c.valueHidden(), null, false, null);
    }

    public static void main(String[] args) {
        List<String> shapes = args.length == 0 ? List.of("small", "base") : List.of(args);
        for (String shape : shapes) {
            ModelConfig c = text(shape);
            try (DjlPolicy p = DjlPolicy.create(c, new DefaultChatTemplate(new ByteTokenizer(), 0), 1,
                    io.posttrain4j.core.model.Devices.parse(System.getProperty("posttrain4j.bench.device", "cpu")))) {
                double train = train(p, shape.equals("base") ? 4 : 8);
                double gen = generate(p);
                System.out.printf(Locale.ROOT,
                        "{\"impl\":\"posttrain4j\",\"shape\":\"%s\",\"parameters\":%d,\"train_tok_s\":%.1f,"
                                + "\"gen_tok_s\":%.1f}%n", shape, p.parameterCount(), train, gen);
            }
        }
    }

    /** A prompt of exactly {@code PROMPT} tokens: bos, user role, text, end of turn, assistant role. */
    private static Observation prompt(SplittableRandom rng) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < PROMPT - 4; i++) {
            text.append((char) ('a' + rng.nextInt(26)));
        }
        return Observation.of(text.toString());
    }

    static double train(DjlPolicy p, int steps) {
        SplittableRandom rng = new SplittableRandom(7);
        List<Observation> obs = new ArrayList<>();
        List<int[]> responses = new ArrayList<>();
        for (int i = 0; i < ROWS; i++) {
            obs.add(prompt(rng));
            int[] r = new int[RESPONSE];
            for (int j = 0; j < r.length; j++) {
                r[j] = 'a' + rng.nextInt(26);
            }
            responses.add(r);
        }
        if (p.promptTokens(obs.get(0)) != PROMPT) {
            throw new IllegalStateException("prompt has " + p.promptTokens(obs.get(0)) + " tokens, not " + PROMPT);
        }
        long elapsed = 0;
        for (int s = -WARM_UP; s < steps; s++) { // negative steps warm up
            long t0 = System.nanoTime();
            try (NDManager m = NDManager.newBaseManager()) {
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    Scores sc = p.score(m, obs, responses, ScoreOptions.likelihood());
                    gc.backward(sc.logProbs().sum().neg().div(sc.mask().sum()));
                }
                Autograd.zeroGradients(p.parameters().values());
            }
            if (s >= 0) {
                elapsed += System.nanoTime() - t0;
            }
        }
        return (double) ROWS * (PROMPT + RESPONSE) * steps / (elapsed / 1e9);
    }

    static double generate(DjlPolicy p) {
        SplittableRandom rng = new SplittableRandom(11);
        List<Observation> obs = new ArrayList<>();
        long[] seeds = new long[GEN_ROWS];
        for (int i = 0; i < GEN_ROWS; i++) {
            obs.add(prompt(rng));
            seeds[i] = i;
        }
        Sampling s = new Sampling(1.0, 0, 1, NEW_TOKENS);
        for (int w = 0; w < WARM_UP; w++) {
            p.generate(obs, s, seeds);
        }
        double best = 0;
        for (int rep = 0; rep < 3; rep++) {
            long t0 = System.nanoTime();
            int steps = 0;
            for (Generation g : p.generate(obs, s, seeds)) {
                steps = Math.max(steps, g.tokens().length);
            }
            best = Math.max(best, (double) GEN_ROWS * steps / ((System.nanoTime() - t0) / 1e9));
        }
        return best;
    }
}
