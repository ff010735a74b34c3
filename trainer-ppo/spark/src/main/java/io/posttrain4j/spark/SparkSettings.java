package io.posttrain4j.spark;

import java.util.Map;
import java.util.Objects;

/**
 * Where rollouts and evaluations run on Spark, and how.
 *
 * @param master the cluster: {@code local[N]} (embedded, the default {@code local[2]}), {@code local-cluster[N,C,M]}
 *     (executor JVMs on this machine, for tests), {@code spark://host:port} (standalone); {@code k8s://} and
 *     {@code yarn} need Spark's own modules on the class path
 * @param conf Spark settings passed as they are (e.g. {@code spark.executor.memory}, or on a cluster
 *     {@code spark.executor.resource.gpu.amount}; GPU resources are refused in local modes, where Spark would never
 *     schedule the job)
 * @param partitions tasks per round; 0 = Spark's default parallelism (its executor cores)
 * @param startSeconds how long to wait for a master to answer and for the first executor to register before
 *     failing (a wrong class path makes executors die and restart forever: this bounds it)
 * @param policyProvider the id of the policy provider that loads the shipped weights on the executors (e.g.
 *     {@code djl})
 * @param policyOptions its options there (e.g. {@code device=gpu})
 */
public record SparkSettings(String master, Map<String, String> conf, int partitions, int startSeconds,
        String policyProvider, Map<String, String> policyOptions) {
    public SparkSettings {
        Objects.requireNonNull(master, "master");
        conf = Map.copyOf(conf);
        policyOptions = Map.copyOf(policyOptions);
        Objects.requireNonNull(policyProvider, "policyProvider");
        if (partitions < 0) {
            throw new IllegalArgumentException("partitions must be >= 0 (0 = Spark's default parallelism), got "
                    + partitions);
        }
        if (startSeconds < 1) {
            throw new IllegalArgumentException("startSeconds must be >= 1, got " + startSeconds);
        }
        if (master.startsWith("local")) {
            for (String key : conf.keySet()) {
                if (key.startsWith("spark.executor.resource.gpu") || key.startsWith("spark.task.resource.gpu")
                        || key.startsWith("spark.driver.resource.gpu")) {
                    throw new IllegalArgumentException(key + ": GPU resources are not scheduled in " + master
                            + " (Spark would wait forever); give the policy option device=gpu instead, or a "
                            + "cluster master (spark://, k8s://, yarn)");
                }
            }
        }
    }

    /** {@code local[2]}, the DJL policy provider, default settings. */
    public static SparkSettings local() {
        return of("local[2]");
    }

    /** {@code master} with the DJL policy provider and default settings. */
    public static SparkSettings of(String master) {
        return new SparkSettings(master, Map.of(), 0, 60, "djl", Map.of());
    }

    /** A copy with {@code conf}. */
    public SparkSettings withConf(Map<String, String> more) {
        java.util.Map<String, String> all = new java.util.LinkedHashMap<>(conf);
        all.putAll(more);
        return new SparkSettings(master, all, partitions, startSeconds, policyProvider, policyOptions);
    }

    /** A copy with {@code partitions} tasks per round. */
    public SparkSettings withPartitions(int n) {
        return new SparkSettings(master, conf, n, startSeconds, policyProvider, policyOptions);
    }

    /** A copy that waits at most {@code seconds} for the cluster. */
    public SparkSettings withStartSeconds(int seconds) {
        return new SparkSettings(master, conf, partitions, seconds, policyProvider, policyOptions);
    }

    /** A copy whose executors load the policy with {@code provider} and {@code options}. */
    public SparkSettings withPolicy(String provider, Map<String, String> options) {
        return new SparkSettings(master, conf, partitions, startSeconds, provider, options);
    }
}
