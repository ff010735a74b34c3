package io.posttrain4j.core.model.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.posttrain4j.core.env.Observation;
import io.posttrain4j.core.image.RgbImage;
import io.posttrain4j.core.model.DjlPolicy;
import io.posttrain4j.core.model.ModelConfig;
import io.posttrain4j.core.model.tokenizer.ByteTokenizer;
import io.posttrain4j.core.model.tokenizer.DefaultChatTemplate;
import io.posttrain4j.core.policy.Generation;
import io.posttrain4j.core.policy.Sampling;
import io.posttrain4j.core.tensor.Autograd;
import io.posttrain4j.core.train.NoGrad;
import io.posttrain4j.core.train.ScoreOptions;
import io.posttrain4j.core.train.Scores;

/**
 * Measures, in one run: the fp32 GEMM rate of a 1024x1024 matMul through DJL (the machine's baseline), then per
 * preset the training throughput (score + backward on prompts with one image and ~100-160 tokens) with its share
 * of that GEMM rate (6 N tokens/s over GEMM FLOP/s), and the generation throughput with the KV cache against
 * recomputing the whole prefix each step.
 *
 * <pre>
 * mvn -B -o -q -pl core/djl exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=io.posttrain4j.core.model.bench.ModelBench \
 *     -Dai.djl.pytorch.num_threads=2 -Dai.djl.offline=true -Dexec.args="tiny small base"
 * </pre>
 */
public final class ModelBench {
    private ModelBench() {}

    public static void main(String[] args) {
        List<String> presets = args.length == 0 ? List.of("tiny", "small", "base") : List.of(args);
        System.out.printf(Locale.ROOT, "threads: ai.djl.pytorch.num_threads=%s, cores=%d%n",
                System.getProperty("ai.djl.pytorch.num_threads", "(default)"),
                Runtime.getRuntime().availableProcessors());
        System.out.println("| preset | parameters | train tokens/step | train tokens/s | 6N x tokens/s | GEMM 1024 "
                + "| share of GEMM | gen tokens/s (KV cache) | gen tokens/s (recompute) | cache speed-up |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|");
        for (String preset : presets) {
            ModelConfig c = ModelConfig.preset(preset);
            try (DjlPolicy p = DjlPolicy.create(c, new DefaultChatTemplate(new ByteTokenizer(), c.patchCount()), 1,
                    io.posttrain4j.core.model.Devices.parse(System.getProperty("posttrain4j.bench.device", "cpu")))) {
                // The GEMM baseline is measured right before and after each training run and averaged, so the
                // share compares rates taken under the same machine load (other processes share the cores).
                double gemmBefore = gemmFlops(1024);
                double[] train = train(p, preset.equals("base") ? 3 : 6);
                double gemm = (gemmBefore + gemmFlops(1024)) / 2;
                double flops = 6.0 * p.parameterCount() * train[1];
                double[] gen = generate(p);
                System.out.printf(Locale.ROOT, "| %s | %,d | %.0f | %.0f | %.1f GFLOP/s | %.1f GFLOP/s | %.1f%% | %.0f | %.0f | %.1fx |%n",
                        preset, p.parameterCount(), train[0], train[1], flops / 1e9, gemm / 1e9, 100 * flops / gemm,
                        gen[0],
                        gen[1], gen[0] / gen[1]);
            }
        }
    }

    static double gemmFlops(int n) {
        try (NDManager m = NDManager.newBaseManager(); NoGrad ignored = NoGrad.enter()) {
            NDArray a = m.randomUniform(-1, 1, new Shape(n, n));
            NDArray b = m.randomUniform(-1, 1, new Shape(n, n));
            for (int i = 0; i < 3; i++) {
                a.matMul(b).close();
            }
            int reps = 20;
            long t0 = System.nanoTime();
            for (int i = 0; i < reps; i++) {
                NDArray c = a.matMul(b);
                c.getFloat(0, 0); // forces completion on any device
                c.close();
            }
            double s = (System.nanoTime() - t0) / 1e9;
            return 2.0 * n * n * n * reps / s;
        }
    }

    /** Returns {tokens per step, tokens per second} of score + backward. */
    static double[] train(DjlPolicy p, int steps) {
        List<Observation> obs = new ArrayList<>();
        List<int[]> responses = new ArrayList<>();
        String[] ranks = {"A", "2", "3", "4", "5", "6", "7", "8", "9", "10", "J", "Q", "K"};
        for (int i = 0; i < 16; i++) {
            String cards = "['" + ranks[i % 13] + "', '" + ranks[(i * 5 + 3) % 13] + "', '" + ranks[(i * 7 + 1) % 13]
                    + "', '" + ranks[(i * 11 + 2) % 13] + "']";
            String prompt = "Compute 24 from the cards shown; J, Q, K count as 10. Cards: " + cards
                    + " Answer with one formula." + " ".repeat(i * 2);
            obs.add(Observation.of(prompt, p.config().hasVision() ? List.of(image(i)) : List.of()));
            responses.add(p.encodeResponse("{\"cards\": " + cards + ", \"formula\": \"(9+9-10)*3=24\"}"));
        }
        double tokens = 0;
        long elapsed = 0;
        for (int s = -1; s < steps; s++) { // step -1 warms up
            long t0 = System.nanoTime();
            try (NDManager m = NDManager.newBaseManager()) {
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    Scores sc = p.score(m, obs, responses, ScoreOptions.likelihood());
                    gc.backward(sc.logProbs().sum().neg().div(sc.mask().sum()));
                    if (s >= 0) {
                        tokens += sc.totalTokens();
                    }
                }
                Autograd.zeroGradients(p.parameters().values());
            }
            if (s >= 0) {
                elapsed += System.nanoTime() - t0;
            }
        }
        return new double[] {tokens / steps, tokens / (elapsed / 1e9)};
    }

    /** Returns {tokens/s with the KV cache, tokens/s recomputing the prefix}. */
    static double[] generate(DjlPolicy p) {
        List<Observation> obs = new ArrayList<>();
        long[] seeds = new long[8];
        for (int i = 0; i < seeds.length; i++) {
            obs.add(Observation.of("Cards: ['Q', '3', '9', '" + i + "'] Answer with one formula.",
                    p.config().hasVision() ? List.of(image(i)) : List.of()));
            seeds[i] = i;
        }
        Sampling s = new Sampling(1.0, 0, 1, 64);
        p.generate(obs, s, seeds); // warm-up
        double cached = rate(() -> p.generate(obs, s, seeds));
        double recomputed = rate(() -> p.generateWithoutCache(obs, s, seeds));
        return new double[] {cached, recomputed};
    }

    private static double rate(java.util.function.Supplier<List<Generation>> run) {
        long t0 = System.nanoTime();
        long tokens = 0;
        for (Generation g : run.get()) {
            tokens += g.tokens().length;
        }
        return tokens / ((System.nanoTime() - t0) / 1e9);
    }

    private static RgbImage image(int seed) {
        int[] px = new int[96 * 96];
        for (int i = 0; i < px.length; i++) {
            px[i] = (i * 2654435761L + seed * 97L) % 7 == 0 ? 0xFFFFFF : 0x204080 + seed;
        }
        return RgbImage.of(96, 96, px);
    }
}
