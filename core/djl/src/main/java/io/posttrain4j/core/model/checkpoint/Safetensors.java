package io.posttrain4j.core.model.checkpoint;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import io.posttrain4j.core.io.AtomicFiles;

/**
 * Reads and writes Hugging Face safetensors files: an 8-byte little-endian header length, a JSON header
 * (tensor name to dtype, shape and data offsets, plus optional {@code __metadata__} strings) and the raw
 * little-endian tensor data.
 *
 * <p>Reading goes through {@link SafetensorsFile} (memory-mapped, validating); writing is atomic through {@link
 * AtomicFiles}, with tensors sorted by name so equal inputs give byte-identical files. Thread-safe.
 */
public final class Safetensors {
    private Safetensors() {}

    /** Opens and validates {@code file} ({@link SafetensorsFile.Access#READ}); close the result. */
    public static SafetensorsFile read(Path file) throws IOException {
        return SafetensorsFile.open(file);
    }

    /** Opens and validates {@code file} with the given access mode; close the result. */
    public static SafetensorsFile read(Path file, SafetensorsFile.Access access) throws IOException {
        return SafetensorsFile.open(file, access, SafetensorsFile.DEFAULT_WINDOW_BYTES);
    }

    /** Reads every tensor of {@code file} as float32, in header order. */
    public static Map<String, FloatTensor> readAll(Path file) throws IOException {
        try (SafetensorsFile f = read(file)) {
            return f.readAll();
        }
    }

    /** Writes {@code tensors} as F32 with {@code metadata} under {@code __metadata__}, atomically. */
    public static void write(Path file, Map<String, FloatTensor> tensors, Map<String, String> metadata)
            throws IOException {
        write(file, tensors, metadata, DType.F32);
    }

    /**
     * Writes {@code tensors} in {@code dtype} (F32, F16 or BF16; narrowing rounds to nearest even, F16 overflows
     * to infinity) with {@code metadata} under {@code __metadata__}, atomically.
     *
     * @throws IllegalArgumentException for another dtype, an empty or reserved tensor name, a null metadata entry
     */
    public static void write(Path file, Map<String, FloatTensor> tensors, Map<String, String> metadata, DType dtype)
            throws IOException {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(metadata, "metadata");
        Objects.requireNonNull(dtype, "dtype");
        if (dtype != DType.F32 && dtype != DType.F16 && dtype != DType.BF16) {
            throw new IllegalArgumentException("can write F32, F16 or BF16, not " + dtype);
        }
        metadata.forEach((k, v) -> {
            if (k == null || v == null) {
                throw new IllegalArgumentException("metadata keys and values must be non-null strings, got " + k
                        + " -> " + v);
            }
        });
        Map<String, FloatTensor> sorted = new TreeMap<>(Objects.requireNonNull(tensors, "tensors"));
        List<TensorEntry> entries = new ArrayList<>();
        long offset = 0;
        for (Map.Entry<String, FloatTensor> t : sorted.entrySet()) {
            String name = t.getKey();
            if (name.isEmpty() || name.equals(SafetensorsHeader.METADATA_KEY)) {
                throw new IllegalArgumentException("tensor name '" + name + "' is empty or reserved");
            }
            long bytes = t.getValue().size() * dtype.bytes();
            entries.add(new TensorEntry(name, dtype, t.getValue().shape(), offset, offset + bytes));
            offset += bytes;
        }
        byte[] header = SafetensorsHeader.encode(entries, metadata);
        AtomicFiles.write(file, out -> {
            ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(header.length);
            out.write(len.array());
            out.write(header);
            ByteBuffer chunk = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
            for (FloatTensor t : sorted.values()) {
                writeData(out, t.data(), dtype, chunk);
            }
        });
    }

    private static void writeData(OutputStream out, float[] data, DType dtype, ByteBuffer chunk) throws IOException {
        chunk.clear();
        if (dtype == DType.F32) {
            // Bulk copy through a float view: several times faster than one putFloat per value.
            int perChunk = chunk.capacity() / 4;
            for (int i = 0; i < data.length; i += perChunk) {
                int n = Math.min(perChunk, data.length - i);
                chunk.clear();
                chunk.asFloatBuffer().put(data, i, n);
                out.write(chunk.array(), 0, n * 4);
            }
            return;
        }
        for (float v : data) {
            if (chunk.remaining() < 4) {
                out.write(chunk.array(), 0, chunk.position());
                chunk.clear();
            }
            switch (dtype) {
                case F32 -> chunk.putFloat(v);
                case F16 -> chunk.putShort(HalfFloats.floatToF16(v));
                case BF16 -> chunk.putShort(HalfFloats.floatToBf16(v));
                default -> throw new IllegalStateException("unwritable dtype " + dtype);
            }
        }
        out.write(chunk.array(), 0, chunk.position());
    }
}
