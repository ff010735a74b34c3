package io.posttrain4j.core.model.checkpoint;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * An open safetensors file: the validated header, and tensors read on demand, in windows, into Java arrays.
 *
 * <p>Each tensor is fetched in windows of at most {@code windowBytes} (1 GiB by default) at long file positions,
 * either memory-mapped ({@link Access#MAPPED}) or by positional reads ({@link Access#READ}, the default), so files
 * and tensors past 2 GiB work although a buffer is int-indexed. F16 and BF16 are widened to float in Java (libtorch's
 * bf16 path aborts the JVM). Reads are thread-safe; {@link #close()} releases the file handle (mapped pages go when
 * their buffers are collected).
 */
public final class SafetensorsFile implements AutoCloseable {
    /** Default mapping window: well under the 2 GiB limit of one mapping. */
    public static final long DEFAULT_WINDOW_BYTES = 1L << 30;

    /** Largest buffer a {@link Access#READ} window fills at once. */
    private static final long READ_CHUNK_BYTES = 4L << 20;

    /** How tensor bytes get from the file into Java. */
    public enum Access {
        /** {@link FileChannel#map} windows: no read buffer, the kernel pages data in on first touch. */
        MAPPED,
        /**
         * Positional reads into a 4 MiB buffer per window step. Measured several times faster than {@link
         * #MAPPED} on the development VMs, where page faults are costly (docs/BENCHMARKS.md); the default.
         */
        READ
    }

    private final Path file;
    private final String label;
    private final FileChannel channel;
    private final long dataStart;
    private final long windowBytes;
    private final Access access;
    private final SafetensorsHeader header;

    private SafetensorsFile(Path file, FileChannel channel, long dataStart, long windowBytes, Access access,
            SafetensorsHeader header) {
        this.file = file;
        this.access = access;
        this.label = file.toString();
        this.channel = channel;
        this.dataStart = dataStart;
        this.windowBytes = windowBytes;
        this.header = header;
    }

    /** Opens and validates {@code file} with {@link Access#READ} and the default window. */
    public static SafetensorsFile open(Path file) throws IOException {
        return open(file, Access.READ, DEFAULT_WINDOW_BYTES);
    }

    /**
     * Opens and validates {@code file}.
     *
     * @param access how tensor bytes are fetched
     * @param windowBytes the largest region mapped (or read) at once, {@code >= 8}; tests use a few bytes to
     *     exercise the multi-window path that files past 2 GiB take
     * @throws SafetensorsFormatException if the file breaks the format (the message names file, tensor, field)
     * @throws NoSuchFileException if the file does not exist
     */
    public static SafetensorsFile open(Path file, Access access, long windowBytes) throws IOException {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(access, "access");
        if (windowBytes < 8) {
            throw new IllegalArgumentException("windowBytes must be >= 8, got " + windowBytes);
        }
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        try {
            String label = file.toString();
            long size = channel.size();
            if (size < 8) {
                throw new SafetensorsFormatException(label + ": file holds " + size
                        + " bytes, fewer than the 8-byte header length (truncated file?)");
            }
            ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(channel, lenBuf, 0);
            long headerLength = lenBuf.getLong(0);
            if (headerLength < 2 || headerLength > SafetensorsHeader.MAX_HEADER_BYTES) {
                throw new SafetensorsFormatException(label + ": header length " + Long.toUnsignedString(headerLength)
                        + " outside [2, " + SafetensorsHeader.MAX_HEADER_BYTES + "] (not a safetensors file?)");
            }
            if (headerLength > size - 8) {
                throw new SafetensorsFormatException(label + ": header length " + headerLength + " exceeds the "
                        + (size - 8) + " bytes after the length field (truncated file?)");
            }
            ByteBuffer json = ByteBuffer.allocate((int) headerLength);
            readFully(channel, json, 8);
            long dataStart = 8 + headerLength;
            SafetensorsHeader header = SafetensorsHeader.parse(label, json.array(), size - dataStart);
            return new SafetensorsFile(file, channel, dataStart, windowBytes, access, header);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** The file this was opened from. */
    public Path path() {
        return file;
    }

    /** Tensor names in header order. */
    public Set<String> names() {
        return header.tensors.keySet();
    }

    /** The entries by name, in header order. */
    public Map<String, TensorEntry> entries() {
        return header.tensors;
    }

    /** The {@code __metadata__} strings (empty if the file has none). */
    public Map<String, String> metadata() {
        return header.metadata;
    }

    /** Whether the file holds a tensor named {@code name}. */
    public boolean contains(String name) {
        return header.tensors.containsKey(name);
    }

    /** The header entry of {@code name}. */
    public TensorEntry entry(String name) {
        TensorEntry e = header.tensors.get(Objects.requireNonNull(name, "name"));
        if (e == null) {
            throw new IllegalArgumentException(label + ": no tensor '" + name + "'; the file holds "
                    + header.tensors.size() + " tensors" + sample());
        }
        return e;
    }

    /**
     * Reads tensor {@code name} as float32. Floating types are widened exactly (F64 is rounded); integer types
     * are converted, exactly for magnitudes up to 2^24.
     */
    public FloatTensor read(String name) throws IOException {
        TensorEntry e = entry(name);
        float[] out = new float[elementCount(e)];
        int elemBytes = e.dtype().bytes();
        forEachWindow(e, (buf, first, count) -> {
            switch (e.dtype()) {
                case F32 -> buf.asFloatBuffer().get(out, first, count);
                case BF16, F16 -> widenHalves(buf, count, out, first, e.dtype() == DType.BF16);
                case F64 -> {
                    for (int i = 0; i < count; i++) {
                        out[first + i] = (float) buf.getDouble(i * 8);
                    }
                }
                default -> {
                    for (int i = 0; i < count; i++) {
                        out[first + i] = (float) integerAt(e.dtype(), buf, i * elemBytes);
                    }
                }
            }
        });
        return new FloatTensor(e.shape(), out);
    }

    /** Reads an integer tensor (I64, I32, I16, I8, U8, BOOL) exactly, as longs. */
    public long[] readLongs(String name) throws IOException {
        TensorEntry e = entry(name);
        if (e.dtype().isFloating()) {
            throw new IllegalArgumentException(label + ": tensor '" + name + "': dtype " + e.dtype()
                    + " is floating-point; readLongs accepts I64, I32, I16, I8, U8, BOOL (use read)");
        }
        long[] out = new long[elementCount(e)];
        int elemBytes = e.dtype().bytes();
        forEachWindow(e, (buf, first, count) -> {
            for (int i = 0; i < count; i++) {
                out[first + i] = integerAt(e.dtype(), buf, i * elemBytes);
            }
        });
        return out;
    }

    /** Reads every tensor as float32, in header order. */
    public Map<String, FloatTensor> readAll() throws IOException {
        Map<String, FloatTensor> out = new LinkedHashMap<>();
        for (String name : names()) {
            out.put(name, read(name));
        }
        return out;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    @Override
    public String toString() {
        return "SafetensorsFile[" + label + ", " + header.tensors.size() + " tensors]";
    }

    @FunctionalInterface
    private interface WindowConsumer {
        /** {@code buf} holds {@code count} little-endian elements, position 0, starting at element {@code first}. */
        void accept(ByteBuffer buf, int first, int count);
    }

    /** Hands the tensor's bytes to {@code consumer} in whole-element windows of at most {@code windowBytes}. */
    private void forEachWindow(TensorEntry e, WindowConsumer consumer) throws IOException {
        int elemBytes = e.dtype().bytes();
        long window = access == Access.READ ? Math.min(windowBytes, READ_CHUNK_BYTES) : windowBytes;
        long step = (window / elemBytes) * elemBytes;
        long start = dataStart + e.begin();
        long length = e.byteLength();
        ByteBuffer readBuffer = null;
        for (long done = 0; done < length; done += step) {
            long n = Math.min(step, length - done);
            ByteBuffer buf;
            if (access == Access.MAPPED) {
                buf = channel.map(FileChannel.MapMode.READ_ONLY, start + done, n);
            } else {
                if (readBuffer == null) {
                    readBuffer = ByteBuffer.allocateDirect((int) Math.min(step, length));
                }
                readBuffer.clear().limit((int) n);
                readWindow(e, readBuffer, start + done);
                buf = readBuffer.flip();
            }
            buf.order(ByteOrder.LITTLE_ENDIAN);
            consumer.accept(buf, (int) (done / elemBytes), (int) (n / elemBytes));
        }
    }

    private void readWindow(TensorEntry e, ByteBuffer buf, long position) throws IOException {
        long pos = position;
        while (buf.hasRemaining()) {
            int n = channel.read(buf, pos);
            if (n < 0) {
                // Only if the file shrank after it was validated.
                throw new SafetensorsFormatException(label + ": tensor '" + e.name() + "': file ends at byte " + pos
                        + ", inside data_offsets [" + e.begin() + ", " + e.end() + "] (file truncated while open?)");
            }
            pos += n;
        }
    }

    /** Bulk-copies 16-bit patterns into a scratch array first: far cheaper than one bounds-checked get each. */
    private static void widenHalves(ByteBuffer buf, int count, float[] out, int first, boolean bf16) {
        java.nio.ShortBuffer halves = buf.asShortBuffer();
        short[] scratch = new short[Math.min(count, 1 << 16)];
        for (int done = 0; done < count; ) {
            int n = Math.min(scratch.length, count - done);
            halves.get(scratch, 0, n);
            if (bf16) {
                for (int i = 0; i < n; i++) {
                    out[first + done + i] = HalfFloats.bf16ToFloat(scratch[i]);
                }
            } else {
                for (int i = 0; i < n; i++) {
                    out[first + done + i] = HalfFloats.f16ToFloat(scratch[i]);
                }
            }
            done += n;
        }
    }

    private int elementCount(TensorEntry e) {
        long n = e.elements();
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(label + ": tensor '" + e.name() + "': shape "
                    + Arrays.toString(e.shape()) + " has " + n + " elements, more than one Java array holds");
        }
        return (int) n;
    }

    private static long integerAt(DType dtype, ByteBuffer buf, int offset) {
        return switch (dtype) {
            case I64 -> buf.getLong(offset);
            case I32 -> buf.getInt(offset);
            case I16 -> buf.getShort(offset);
            case I8 -> buf.get(offset);
            case U8, BOOL -> buf.get(offset) & 0xFF;
            default -> throw new IllegalStateException("not an integer dtype: " + dtype);
        };
    }

    private String sample() {
        String names = String.join(", ", header.tensors.keySet().stream().limit(5).toList());
        return header.tensors.isEmpty() ? "" : " (" + names + (header.tensors.size() > 5 ? ", ..." : "") + ")";
    }

    private static void readFully(FileChannel channel, ByteBuffer buf, long position) throws IOException {
        long pos = position;
        while (buf.hasRemaining()) {
            int n = channel.read(buf, pos);
            if (n < 0) {
                throw new IOException("unexpected end of file at byte " + pos);
            }
            pos += n;
        }
    }
}
