package io.posttrain4j.core.model.checkpoint.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

import io.posttrain4j.core.io.AtomicFiles;
import io.posttrain4j.core.model.checkpoint.DType;
import io.posttrain4j.core.model.checkpoint.FloatTensor;
import io.posttrain4j.core.model.checkpoint.Safetensors;
import io.posttrain4j.core.model.checkpoint.SafetensorsFile;

/**
 * Measures safetensors read throughput (F32, and BF16/F16 widened to float in Java; positional reads and memory
 * mapping) against a plain {@code Files.readAllBytes} of the same F32 file, and write throughput, in one run.
 * Files are read right after being written, so they sit in the page cache: the figures are memory and conversion
 * speed, not disk speed.
 *
 * <p>Run: {@code MAVEN_OPTS=-Xmx4g mvn -B -o -q -pl core/djl exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=io.posttrain4j.core.model.checkpoint.bench.SafetensorsBench [-Dexec.args="256 32"]}
 * (F32 megabytes, tensor count).
 */
public final class SafetensorsBench {
    private SafetensorsBench() {}

    public static void main(String[] args) throws IOException {
        int megabytes = args.length > 0 ? Integer.parseInt(args[0]) : 256;
        int count = args.length > 1 ? Integer.parseInt(args[1]) : 32;
        int perTensor = (int) ((long) megabytes * (1 << 20) / 4 / count);
        SplittableRandom rng = new SplittableRandom(42);
        Map<String, FloatTensor> tensors = new LinkedHashMap<>();
        for (int t = 0; t < count; t++) {
            float[] data = new float[perTensor];
            for (int i = 0; i < data.length; i++) {
                data[i] = (float) rng.nextGaussian() * 0.02f;
            }
            tensors.put(String.format(Locale.ROOT, "layers.%03d.weight", t), new FloatTensor(new long[] {perTensor},
                    data));
        }
        long elements = (long) perTensor * count;
        Path dir = Files.createTempDirectory("safetensors-bench");
        try {
            Path f32 = dir.resolve("f32.safetensors");
            Path bf16 = dir.resolve("bf16.safetensors");
            Path f16 = dir.resolve("f16.safetensors");
            System.out.printf(Locale.ROOT, "%d tensors, %d M elements%n", count, elements / 1_000_000);
            double wF32 = best(() -> Safetensors.write(f32, tensors, Map.of("format", "pt")));
            double wBf16 = best(() -> Safetensors.write(bf16, tensors, Map.of(), DType.BF16));
            double wF16 = best(() -> Safetensors.write(f16, tensors, Map.of(), DType.F16));
            long f32Bytes = Files.size(f32);
            long halfBytes = Files.size(bf16);
            double rawCopy = best(() -> {
                byte[] b = Files.readAllBytes(f32);
                AtomicFiles.write(dir.resolve("copy.bin"), out -> out.write(b));
            });
            double readBytes = best(() -> Files.readAllBytes(f32));
            double rF32 = best(() -> Safetensors.readAll(f32));
            double rBf16 = best(() -> Safetensors.readAll(bf16));
            double rF16 = best(() -> Safetensors.readAll(f16));
            double mF32 = best(() -> readMapped(f32));
            double mBf16 = best(() -> readMapped(bf16));
            report("Files.readAllBytes (F32 file, baseline)", f32Bytes, elements, readBytes, readBytes);
            report("Safetensors.readAll F32 (READ access)", f32Bytes, elements, rF32, readBytes);
            report("Safetensors.readAll BF16 -> float", halfBytes, elements, rBf16, readBytes);
            report("Safetensors.readAll F16 -> float", halfBytes, elements, rF16, readBytes);
            report("MAPPED access, F32", f32Bytes, elements, mF32, readBytes);
            report("MAPPED access, BF16 -> float", halfBytes, elements, mBf16, readBytes);
            System.out.printf(Locale.ROOT, "%-42s %7.0f MB/s file bytes (atomic: temp + fsync + rename)%n",
                    "readAllBytes + AtomicFiles.write (baseline)", 2 * f32Bytes / rawCopy / 1e6);
            System.out.printf(Locale.ROOT, "%-42s %7.0f MB/s file bytes, %.2fx the raw copy's time%n",
                    "Safetensors.write F32", f32Bytes / wF32 / 1e6, wF32 / rawCopy);
            System.out.printf(Locale.ROOT, "%-42s %7.0f MB/s file bytes, %7.0f M elements/s%n",
                    "Safetensors.write BF16", halfBytes / wBf16 / 1e6, elements / wBf16 / 1e6);
            System.out.printf(Locale.ROOT, "%-42s %7.0f MB/s file bytes, %7.0f M elements/s%n",
                    "Safetensors.write F16", halfBytes / wF16 / 1e6, elements / wF16 / 1e6);
        } finally {
            AtomicFiles.deleteRecursively(dir);
        }
    }

    private static void readMapped(Path file) throws IOException {
        try (SafetensorsFile f = Safetensors.read(file, SafetensorsFile.Access.MAPPED)) {
            f.readAll();
        }
    }

    private static void report(String what, long bytes, long elements, double seconds, double baseline) {
        System.out.printf(Locale.ROOT, "%-42s %7.0f MB/s file bytes, %7.0f M elements/s, %.2fx baseline time%n",
                what, bytes / seconds / 1e6, elements / seconds / 1e6, seconds / baseline);
    }

    @FunctionalInterface
    private interface Task {
        void run() throws IOException;
    }

    /**
     * Best of 7 runs after two warm-ups, in seconds; a collection before each run keeps one run's garbage out of
     * the next. The minimum is the figure least disturbed by other processes on a shared machine.
     */
    private static double best(Task task) throws IOException {
        task.run();
        task.run();
        double best = Double.MAX_VALUE;
        for (int rep = 0; rep < 7; rep++) {
            System.gc();
            long t0 = System.nanoTime();
            task.run();
            best = Math.min(best, (System.nanoTime() - t0) / 1e9);
        }
        return best;
    }
}
