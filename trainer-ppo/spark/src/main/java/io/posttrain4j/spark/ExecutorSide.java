package io.posttrain4j.spark;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.spark.TaskContext;

import io.posttrain4j.core.env.Environments;
import io.posttrain4j.core.env.Observation;
import io.posttrain4j.core.policy.Generation;
import io.posttrain4j.core.policy.Policies;
import io.posttrain4j.core.policy.Policy;
import io.posttrain4j.core.policy.Sampling;
import io.posttrain4j.core.rollout.EpisodeRunner;
import io.posttrain4j.core.rollout.RecordedGenerations;
import io.posttrain4j.ppo.RolloutCollector;
import io.posttrain4j.ppo.RolloutPlan;

/**
 * What runs on an executor: one cached policy per JVM and version, and the tasks that play their share of
 * episodes with it and send back the generations.
 */
final class ExecutorSide {
    private static final Object LOCK = new Object();
    private static String cachedVersion;
    private static Policy cached;
    private static Path cachedDir;
    private static int decodes;
    private static Environments environments;

    static {
        // an executor JVM that ends (or is killed gently) leaves no unpacked weights behind
        Runtime.getRuntime().addShutdownHook(new Thread(() -> PolicyShipment.delete(cachedDir), "posttrain4j-cleanup"));
    }

    private ExecutorSide() {}

    /** What a test asks a task to suffer on its first attempt (partition 0 only). */
    enum Fault {
        NONE,
        /** The task throws: Spark retries it (local mode needs {@code local[N,retries]}). */
        FAIL_FIRST_ATTEMPT,
        /** The executor JVM halts, as if killed: Spark reschedules the task (cluster modes only). */
        HALT_FIRST_ATTEMPT
    }

    /** A share of a round's episodes. */
    sealed interface Task extends Serializable permits RolloutTask, EvalTask {}

    /** Units {@code from .. to - 1} of a rollout plan. */
    record RolloutTask(RolloutPlan plan, int from, int to) implements Task {}

    /** Episodes {@code first .. first + count - 1} of an evaluation stream. */
    record EvalTask(String variant, Map<String, String> options, long root, long first, int count, double temperature,
            int topK, double topP, int maxNewTokens, int batch) implements Task {
        EvalTask(String variant, Map<String, String> options, long root, long first, int count, Sampling sampling,
                int batch) {
            this(variant, options, root, first, count, sampling.temperature(), sampling.topK(), sampling.topP(),
                    sampling.maxNewTokens(), batch);
        }

        Sampling sampling() {
            return new Sampling(temperature, topK, topP, maxNewTokens);
        }
    }

    /** A generation as it travels back. */
    record Wire(String text, int[] tokens, float[] logProbs, boolean stopped) implements Serializable {
        Generation generation() {
            return new Generation(text, tokens, logProbs, stopped);
        }
    }

    /**
     * A task's result.
     *
     * @param pid the executor JVM's process id
     * @param decodes policy versions this JVM decoded so far
     */
    record Part(long pid, int decodes, HashMap<Long, Wire> generations) implements Serializable {}

    static Part run(PolicyShipment shipment, Task task, Fault fault) {
        TaskContext context = TaskContext.get();
        if (fault != Fault.NONE && context != null && context.attemptNumber() == 0 && context.partitionId() == 0) {
            if (fault == Fault.HALT_FIRST_ATTEMPT) {
                Runtime.getRuntime().halt(137);
            }
            throw new IllegalStateException("injected failure of the first attempt");
        }
        Map<Long, Generation> recorded = new HashMap<>();
        Policy policy;
        int decoded;
        synchronized (LOCK) {
            policy = policy(shipment);
            decoded = decodes;
        }
        Policy recording = RecordedGenerations.recording(serialized(policy), recorded);
        if (task instanceof RolloutTask r) {
            RolloutPlan plan = r.plan();
            new RolloutCollector(recording, ExecutorSide::noCount, plan.sampling(), plan.maxTurns())
                    .collect(plan, () -> environments().create(plan.environment(), plan.options()), r.from(), r.to());
        } else if (task instanceof EvalTask e) {
            new EpisodeRunner(recording, e.sampling(), e.batch(), 1000)
                    .run(() -> environments().create(e.variant(), e.options()), e.root(), e.first(), e.count());
        }
        HashMap<Long, Wire> out = new HashMap<>();
        recorded.forEach((seed, g) -> out.put(seed, new Wire(g.text(), g.tokens(), g.logProbs(), g.stopped())));
        return new Part(ProcessHandle.current().pid(), decoded, out);
    }

    /** Prompt tokens are counted by the learner when it replays; not here. */
    private static int noCount(Observation observation) {
        return 0;
    }

    /** The policy of {@code shipment}'s version, decoded once per JVM (the previous version is closed). */
    private static Policy policy(PolicyShipment shipment) {
        if (shipment.sha256().equals(cachedVersion)) {
            return cached;
        }
        releaseCached();
        Path dir = null;
        try {
            dir = Files.createTempDirectory("posttrain4j-policy-");
            shipment.unzipTo(dir);
            cached = Policies.discover().get(shipment.provider()).create(dir.toString(), options(shipment));
            cachedDir = dir;
            cachedVersion = shipment.sha256();
            decodes++;
            return cached;
        } catch (IOException e) {
            PolicyShipment.delete(dir);
            throw new UncheckedIOException("cannot unpack policy version " + shipment.sha256(), e);
        } catch (RuntimeException e) {
            PolicyShipment.delete(dir);
            throw e;
        }
    }

    /** Closes the cached policy (after any generation in flight on it) and deletes its folder. Holds LOCK. */
    private static void releaseCached() {
        if (cached != null) {
            synchronized (cached) { // serialized(): a generation in flight finishes first
                cached.close();
            }
            PolicyShipment.delete(cachedDir);
            cached = null;
            cachedDir = null;
            cachedVersion = null;
        }
    }

    /** Releases this JVM's cached policy, e.g. when the driver of a local mode stops Spark. */
    static void release() {
        synchronized (LOCK) {
            releaseCached();
        }
    }

    /**
     * The shipment's policy options; for the DJL policy on an executor that Spark gave a GPU ({@code spark.executor.resource.gpu.*},
     * {@code spark.task.resource.gpu.amount}), {@code device=gpu:<address>} unless the options name a device.
     */
    static Map<String, String> options(PolicyShipment shipment) {
        TaskContext context = TaskContext.get();
        if (context == null || !shipment.provider().equals("djl") || shipment.options().containsKey("device")
                || !context.resourcesJMap().containsKey("gpu")) {
            return shipment.options();
        }
        String[] addresses = context.resourcesJMap().get("gpu").addresses();
        if (addresses.length == 0) {
            return shipment.options();
        }
        Map<String, String> out = new HashMap<>(shipment.options());
        out.put("device", "gpu:" + addresses[0]);
        return out;
    }

    private static Environments environments() {
        synchronized (LOCK) {
            if (environments == null) {
                environments = Environments.discover();
            }
            return environments;
        }
    }

    /** Tasks of one JVM share the cached policy, which need not be thread-safe: one generation at a time. */
    private static Policy serialized(Policy policy) {
        return new Policy() {
            @Override
            public String name() {
                return policy.name();
            }

            @Override
            public List<Generation> generate(List<Observation> observations, Sampling sampling, long[] seeds) {
                synchronized (policy) {
                    return policy.generate(observations, sampling, seeds);
                }
            }
        };
    }
}
