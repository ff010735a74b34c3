package io.posttrain4j.spark;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.posttrain4j.core.policy.Generation;
import io.posttrain4j.core.policy.Policy;
import io.posttrain4j.core.rollout.Episode;
import io.posttrain4j.core.rollout.EvalResult;
import io.posttrain4j.core.rollout.Evaluator;
import io.posttrain4j.core.rollout.RecordedGenerations;
import io.posttrain4j.core.train.TrainablePolicy;
import io.posttrain4j.ppo.RolloutPlan;
import io.posttrain4j.ppo.RolloutWorkers;
import io.posttrain4j.spark.ExecutorSide.EvalTask;
import io.posttrain4j.spark.ExecutorSide.Fault;
import io.posttrain4j.spark.ExecutorSide.Part;
import io.posttrain4j.spark.ExecutorSide.RolloutTask;
import io.posttrain4j.spark.ExecutorSide.Task;

/**
 * PPO/GRPO rollouts and policy evaluation on Spark executors: the driver is the learner, the executors generate.
 *
 * <p>Each round (one PPO update, or one evaluation) ships the policy's current weights once, as a broadcast of its
 * saved files named by their SHA-256; every executor JVM decodes a version once and keeps it for the next tasks.
 * The round's episodes are split into tasks by {@link RolloutPlan} units (environment slots, GRPO groups) or
 * episode ranges, each task plays its share with batched generation and sends back only the generations, and the
 * driver replays them through its own environments. Episodes are seeded by counters, so a retried task (Spark
 * retries failed ones) gives the same generations, and the buffer equals the in-process one with the same seeds.
 *
 * <pre>{@code
 * try (SparkWorkers spark = SparkWorkers.start(SparkSettings.local());
 *         PpoTrainer trainer = new PpoTrainer(config, policy, environments, runDir)) {
 *     trainer.rolloutWorkers(spark).train();
 * }
 * }</pre>
 *
 * The executors find environments and the policy provider through ServiceLoader: their jars must be on the
 * executors' class path. On a cluster with GPU scheduling ({@code spark.executor.resource.gpu.amount},
 * {@code spark.task.resource.gpu.amount} and a discovery script in {@link SparkSettings#conf()}), an executor loads
 * the DJL policy on the GPU Spark assigned it. Not thread-safe: one round at a time.
 */
public final class SparkWorkers implements RolloutWorkers {
    private static final Logger LOG = LoggerFactory.getLogger(SparkWorkers.class);

    private final JavaSparkContext spark;
    private final SparkSettings settings;
    private Fault fault = Fault.NONE;
    private Round lastRound;

    /**
     * What the last round did.
     *
     * @param tasks tasks run (retries not counted)
     * @param decodesByPid executor JVM process id -> policy versions that JVM decoded so far
     * @param shippedBytes the policy version's size
     * @param seconds wall-clock seconds of the round on Spark (shipping, generation, collection)
     */
    public record Round(int tasks, Map<Long, Integer> decodesByPid, long shippedBytes, double seconds) {}

    private SparkWorkers(JavaSparkContext spark, SparkSettings settings) {
        this.spark = spark;
        this.settings = settings;
    }

    /**
     * Starts a Spark context for {@code settings} and, for a cluster master, waits until an executor registers.
     *
     * @throws IllegalArgumentException for a master that is not reachable or not understood
     * @throws IllegalStateException when no executor registers within {@link SparkSettings#startSeconds()}
     */
    public static SparkWorkers start(SparkSettings settings) {
        String master = settings.master();
        checkReachable(master, settings.startSeconds());
        SparkConf conf = new SparkConf().setMaster(master).setAppName("posttrain4j")
                .set("spark.ui.enabled", "false")
                .set("spark.broadcast.compress", "false"); // weights do not compress
        if (master.startsWith("local-cluster")) {
            prepareLocalCluster(conf);
        }
        if (!master.startsWith("local[") && !master.equals("local")) {
            conf.set("spark.executor.extraJavaOptions", forwardedProperties());
        }
        settings.conf().forEach(conf::set);
        JavaSparkContext sc;
        try {
            sc = new JavaSparkContext(conf);
        } catch (Exception e) { // Spark also throws its checked SparkException here
            throw new IllegalArgumentException("cannot start Spark with master '" + master + "': " + e.getMessage()
                    + " (accepted: local[N], local-cluster[N,cores,MB], spark://host:port; k8s:// and yarn need "
                    + "Spark's kubernetes or yarn module on the class path)", e);
        }
        if (!master.startsWith("local[") && !master.equals("local")) {
            awaitExecutor(sc, settings.startSeconds());
        }
        return new SparkWorkers(sc, settings);
    }

    /** The Spark context (e.g. to read its status or share it). */
    public JavaSparkContext context() {
        return spark;
    }

    /** The master and its cores, e.g. {@code local[2] (2 cores)}. */
    public String describe() {
        return spark.master() + " (" + spark.defaultParallelism() + " cores)";
    }

    /** What the last round did, or null before the first. */
    public Round lastRound() {
        return lastRound;
    }

    /** Tests: what the first attempt of partition 0 of each later round suffers. */
    void injectFault(Fault f) {
        this.fault = Objects.requireNonNull(f);
    }

    @Override
    public Map<Long, Generation> generate(RolloutPlan plan, TrainablePolicy policy) {
        List<Task> tasks = new ArrayList<>();
        for (int[] r : ranges(plan.units())) {
            tasks.add(new RolloutTask(plan, r[0], r[1]));
        }
        return merge(round(policy, tasks), 0, tasks.size());
    }

    /**
     * {@code evaluator}'s results on {@code variants}, generated on the executors and scored here: the same results
     * as {@code evaluator.evaluate(policy, variants)}.
     */
    public Map<String, EvalResult> evaluate(TrainablePolicy policy, Evaluator evaluator, List<String> variants) {
        Map<String, EvalResult> out = new LinkedHashMap<>();
        episodes(policy, evaluator, variants).forEach((v, played) -> out.put(v, EvalResult.of(
                evaluator.environments().resolve(v).qualifiedName(), played)));
        return out;
    }

    /**
     * {@code evaluator}'s episodes of {@code variants} (whole, e.g. for transcripts), generated on the executors in
     * one round and replayed here: the same episodes as {@code evaluator.episodes(policy, variant)}.
     */
    public Map<String, List<Episode>> episodes(TrainablePolicy policy, Evaluator evaluator, List<String> variants) {
        // Every variant's episodes share the evaluation's seeds: each variant is replayed from its own tasks only.
        List<Task> tasks = new ArrayList<>();
        List<String> qualified = new ArrayList<>();
        List<int[]> taskRanges = new ArrayList<>(); // per variant: its tasks [from, to)
        for (String v : variants) {
            String q = evaluator.environments().resolve(v).qualifiedName();
            evaluator.environments().create(q, evaluator.options()).close(); // a bad name or option fails here
            qualified.add(q);
            int first = tasks.size();
            for (int[] r : ranges(evaluator.episodes())) {
                tasks.add(new EvalTask(q, evaluator.options(), evaluator.seed(), r[0], r[1] - r[0],
                        evaluator.sampling(), evaluator.batchSize()));
            }
            taskRanges.add(new int[] {first, tasks.size()});
        }
        List<Part> parts = round(policy, tasks);
        Map<String, List<Episode>> out = new LinkedHashMap<>();
        for (int i = 0; i < variants.size(); i++) {
            int[] r = taskRanges.get(i);
            Policy replay = RecordedGenerations.replaying(merge(parts, r[0], r[1]), policy.name());
            out.put(variants.get(i), evaluator.episodes(replay, qualified.get(i)));
        }
        return out;
    }

    /** The generations of parts {@code from .. to - 1}; a seed that came back twice must bring the same text. */
    private static Map<Long, Generation> merge(List<Part> parts, int from, int to) {
        Map<Long, Generation> out = new HashMap<>();
        for (Part p : parts.subList(from, to)) {
            p.generations().forEach((seed, g) -> {
                Generation before = out.put(seed, g.generation());
                if (before != null && !before.text().equals(g.text())) {
                    throw new IllegalStateException("two tasks generated for sample seed " + seed + " ('"
                            + before.text() + "' and '" + g.text() + "'): the tasks of a round overlap");
                }
            });
        }
        return out;
    }

    /** Stops the Spark context and releases the policy this JVM decoded as an executor (local modes). */
    @Override
    public void close() {
        spark.stop();
        ExecutorSide.release();
    }

    /** {@code [0, n)} as contiguous ranges, one per task. */
    private List<int[]> ranges(int n) {
        int parts = Math.min(n, settings.partitions() > 0 ? settings.partitions() : spark.defaultParallelism());
        List<int[]> out = new ArrayList<>(parts);
        for (int p = 0; p < parts; p++) {
            int from = (int) ((long) p * n / parts);
            int to = (int) ((long) (p + 1) * n / parts);
            if (from < to) {
                out.add(new int[] {from, to});
            }
        }
        return out;
    }

    /** Runs {@code tasks} with {@code policy}'s current weights; their parts in task order. */
    private List<Part> round(TrainablePolicy policy, List<Task> tasks) {
        long t0 = System.nanoTime();
        PolicyShipment shipment = PolicyShipment.of(policy, settings.policyProvider(), settings.policyOptions());
        Broadcast<PolicyShipment> weights = spark.broadcast(shipment);
        Fault f = fault;
        List<Part> parts;
        try {
            parts = spark.parallelize(tasks, tasks.size()).map(t -> ExecutorSide.run(weights.value(), t, f))
                    .collect();
        } catch (Exception e) { // Spark's checked SparkException too: a task failed more often than allowed
            throw rootCause(e);
        } finally {
            weights.destroy();
        }
        Map<Long, Integer> decodes = new TreeMap<>();
        for (Part p : parts) {
            decodes.merge(p.pid(), p.decodes(), Math::max);
        }
        lastRound = new Round(tasks.size(), decodes, shipment.zip().length, (System.nanoTime() - t0) / 1e9);
        LOG.debug("spark round: {}", lastRound);
        return parts;
    }

    /**
     * A task's own error as the error of the round: a bad argument (e.g. a prompt longer than the model) stays an
     * {@link IllegalArgumentException} with the executor's message, anything else is an IllegalStateException.
     */
    private static RuntimeException rootCause(Exception e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root instanceof IllegalArgumentException) {
            return new IllegalArgumentException(root.getMessage(), e);
        }
        return new IllegalStateException("a Spark round failed: " + root, e);
    }

    /** A standalone master that does not answer fails here, in bounded time, rather than in Spark's retries. */
    private static void checkReachable(String master, int seconds) {
        if (!master.startsWith("spark://")) {
            return;
        }
        for (String hostPort : master.substring("spark://".length()).split(",")) {
            URI uri = URI.create("spark://" + hostPort);
            if (uri.getHost() == null || uri.getPort() < 0) {
                throw new IllegalArgumentException("master '" + master + "': expected spark://host:port");
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), Math.min(5, seconds) * 1000);
                return;
            } catch (IOException e) {
                LOG.debug("master {} does not answer: {}", hostPort, e.toString());
            }
        }
        throw new IllegalArgumentException("cannot reach the Spark master '" + master + "' (no answer within "
                + Math.min(5, seconds) + " s); is it running, and is the host:port right?");
    }

    /** local-cluster forks executor JVMs from this JVM's class path (it is meant for tests). */
    private static void prepareLocalCluster(SparkConf conf) {
        String home = System.getenv("SPARK_HOME");
        if (home == null || System.getenv("SPARK_SCALA_VERSION") == null) {
            throw new IllegalStateException("local-cluster needs the environment variables SPARK_SCALA_VERSION=2.13 "
                    + "and SPARK_HOME (a folder whose jars/ may be empty) to fork executors from Maven jars");
        }
        try {
            Files.createDirectories(Path.of(home, "jars"));
        } catch (IOException e) {
            throw new IllegalStateException("cannot create " + home + "/jars: " + e.getMessage(), e);
        }
        // absolute: the executors start in the worker's own folder
        conf.set("spark.executor.extraClassPath", java.util.Arrays.stream(System.getProperty("java.class.path")
                .split(java.io.File.pathSeparator)).map(e -> Path.of(e).toAbsolutePath().toString())
                .collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator)));
    }

    /** The system properties executors need as the driver has them (DJL offline, libtorch threads). */
    private static String forwardedProperties() {
        StringBuilder sb = new StringBuilder();
        for (String key : List.of("ai.djl.offline", "ai.djl.pytorch.num_threads", "ai.djl.pytorch.num_interop_threads",
                "java.awt.headless")) {
            String v = System.getProperty(key);
            if (v != null) {
                sb.append(sb.length() > 0 ? " " : "").append("-D").append(key).append('=').append(v);
            }
        }
        return sb.toString();
    }

    private static void awaitExecutor(JavaSparkContext sc, int seconds) {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (sc.sc().getExecutorMemoryStatus().size() < 2) { // the driver counts as one
            if (System.nanoTime() > deadline) {
                sc.stop();
                throw new IllegalStateException("no Spark executor registered within " + seconds + " s; executors "
                        + "may be failing to start (check spark.executor.extraClassPath and the workers' logs)");
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                sc.stop();
                throw new IllegalStateException("interrupted while waiting for Spark executors", e);
            }
        }
    }
}
