package io.posttrain4j.spark;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import io.posttrain4j.core.train.TrainablePolicy;

/**
 * A policy version as it travels to the executors: the files its {@code save} writes, zipped, named by their
 * SHA-256 (the version), with the provider that loads them there.
 *
 * @param sha256 the checksum of {@code zip}: the version an executor caches under
 * @param provider the policy provider id on the executors
 * @param options its options
 * @param zip the saved folder, zipped (stored, not compressed: weights do not compress)
 */
public record PolicyShipment(String sha256, String provider, Map<String, String> options, byte[] zip)
        implements Serializable {
    private static final long serialVersionUID = 1L;

    public PolicyShipment {
        options = Map.copyOf(options);
    }

    /** {@code policy}'s current weights. */
    public static PolicyShipment of(TrainablePolicy policy, String provider, Map<String, String> options) {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("posttrain4j-ship-");
            Path saved = dir.resolve("policy");
            policy.save(saved);
            byte[] zip = zip(saved);
            return new PolicyShipment(sha256(zip), provider, options, zip);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the policy for the executors", e);
        } finally {
            delete(dir);
        }
    }

    /** Unzips the files into {@code dir} (created). */
    void unzipTo(Path dir) throws IOException {
        Files.createDirectories(dir);
        try (ZipInputStream in = new ZipInputStream(new java.io.ByteArrayInputStream(zip))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                Path target = dir.resolve(e.getName()).normalize();
                if (!target.startsWith(dir)) {
                    throw new IOException("zip entry outside the folder: " + e.getName());
                }
                if (e.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(in, target);
                }
            }
        }
    }

    private static byte[] zip(Path root) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        List<Path> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(root)) {
            walk.filter(Files::isRegularFile).sorted().forEach(files::add);
        }
        try (ZipOutputStream out = new ZipOutputStream(bytes)) {
            out.setLevel(0);
            for (Path f : files) {
                ZipEntry e = new ZipEntry(root.relativize(f).toString().replace('\\', '/'));
                e.setTime(0); // the same weights give the same bytes, hence the same version
                out.putNextEntry(e);
                try (InputStream in = Files.newInputStream(f)) {
                    in.transferTo(out);
                }
                out.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static void delete(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary folder left behind is harmless
        }
    }
}
