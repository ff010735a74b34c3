package io.posttrain4j.cli;

import java.util.LinkedHashMap;
import java.util.Map;

import picocli.CommandLine.Option;

import io.posttrain4j.spark.SparkSettings;
import io.posttrain4j.spark.SparkWorkers;

/** picocli mixin of where Spark runs: {@code --spark-master}, {@code --spark-conf}, {@code --spark-partitions}. */
final class SparkOptions {
    @Option(names = "--spark-master", paramLabel = "<url>",
            description = "Run the episodes on Spark: local[N] (embedded), local-cluster[N,cores,MB], or "
                    + "spark://host:port (default for --rollouts spark: local[2]).")
    String master;

    @Option(names = "--spark-conf", paramLabel = "<key=value>",
            description = "A Spark setting, e.g. spark.executor.memory=4g; repeatable.")
    Map<String, String> conf = new LinkedHashMap<>();

    @Option(names = "--spark-partitions", defaultValue = "0", paramLabel = "<n>",
            description = "Tasks per round; 0 = Spark's default parallelism (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--spark-timeout", paramLabel = "<seconds>",
            description = "How long to wait for the master and the first executor (default: 60).")
    Integer timeout;

    /** Whether any Spark option was given. */
    boolean requested() {
        return master != null || !conf.isEmpty() || partitions != 0 || timeout != null;
    }

    /**
     * Starts Spark, its executors loading policies with {@code provider}.
     *
     * @throws IllegalArgumentException naming a bad master, setting or count (a usage error)
     */
    SparkWorkers start(String provider) {
        SparkSettings settings = new SparkSettings(master != null ? master : "local[2]", conf, partitions,
                timeout != null ? timeout : 60, provider, Map.of());
        return SparkWorkers.start(settings);
    }
}
