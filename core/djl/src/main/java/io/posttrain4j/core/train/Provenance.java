package io.posttrain4j.core.train;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Where a model or run came from: its configuration, seed and the software and machine it ran on. Saved with
 * every checkpoint and run folder.
 *
 * @param kind what produced it, e.g. {@code sft} or {@code ppo}
 * @param seed the run's root seed
 * @param config the run's configuration as plain values
 * @param created when the run started
 * @param software library, Java, DJL and PyTorch versions; OS and architecture
 */
public record Provenance(String kind, long seed, Map<String, Object> config, String created, Map<String, String> software) {
    public Provenance {
        Objects.requireNonNull(kind, "kind");
        config = Map.copyOf(config);
        Objects.requireNonNull(created, "created");
        software = Map.copyOf(software);
    }

    /** A provenance record for a run starting now on this machine. */
    public static Provenance now(String kind, long seed, Map<String, Object> config) {
        Map<String, String> sw = new LinkedHashMap<>();
        sw.put("posttrain4j", versionOf(Provenance.class, "0.1.0-SNAPSHOT"));
        sw.put("java", System.getProperty("java.version"));
        sw.put("djl", versionOf(ai.djl.ndarray.NDArray.class, "0.36.0"));
        sw.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        sw.put("arch", System.getProperty("os.arch"));
        sw.put("cpus", Integer.toString(Runtime.getRuntime().availableProcessors()));
        return new Provenance(kind, seed, config, Instant.now().toString(), sw);
    }

    private static String versionOf(Class<?> c, String fallback) {
        String v = c.getPackage() == null ? null : c.getPackage().getImplementationVersion();
        return v != null ? v : fallback;
    }
}
