package io.posttrain4j.core.model.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsTest {
    @TempDir
    Path dir;

    /** A tensor of random bit patterns, NaN payloads and subnormals included. */
    private static FloatTensor randomBits(SplittableRandom rng, long... shape) {
        int n = 1;
        for (long d : shape) {
            n *= (int) d;
        }
        float[] data = new float[n];
        for (int i = 0; i < n; i++) {
            data[i] = Float.intBitsToFloat(rng.nextInt());
        }
        return new FloatTensor(shape, data);
    }

    private static int[] bits(float[] data) {
        int[] out = new int[data.length];
        for (int i = 0; i < data.length; i++) {
            out[i] = Float.floatToRawIntBits(data[i]);
        }
        return out;
    }

    /** Builds a file from a header string and a data section, as another writer might lay it out. */
    private Path rawFile(String name, String header, byte[] data) throws IOException {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer buf = ByteBuffer.allocate(8 + h.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        buf.putLong(h.length).put(h).put(data);
        Path file = dir.resolve(name);
        Files.write(file, buf.array());
        return file;
    }

    private static byte[] littleEndianFloats(float... values) {
        ByteBuffer buf = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            buf.putFloat(v);
        }
        return buf.array();
    }

    @Test
    void f32RoundTripIsBitForBitWithMetadata() throws IOException {
        SplittableRandom rng = new SplittableRandom(1);
        Map<String, FloatTensor> tensors = new LinkedHashMap<>();
        tensors.put("b.weight", randomBits(rng, 3, 5));
        tensors.put("a.bias", randomBits(rng, 7));
        tensors.put("scalar", new FloatTensor(new long[0], new float[] {42f}));
        tensors.put("empty", new FloatTensor(new long[] {0, 4}, new float[0]));
        Path file = dir.resolve("model.safetensors");
        Safetensors.write(file, tensors, Map.of("format", "pt", "step", "12"));

        try (SafetensorsFile f = Safetensors.read(file)) {
            assertThat(f.names()).containsExactly("a.bias", "b.weight", "empty", "scalar");
            assertThat(f.metadata()).containsExactlyInAnyOrderEntriesOf(Map.of("format", "pt", "step", "12"));
            for (var e : tensors.entrySet()) {
                FloatTensor got = f.read(e.getKey());
                assertThat(got.shape()).containsExactly(e.getValue().shape());
                assertThat(bits(got.data())).containsExactly(bits(e.getValue().data()));
            }
            assertThat(f.entry("b.weight").dtype()).isEqualTo(DType.F32);
        }
    }

    @Test
    void headerIsPaddedToEightBytesAndWritingIsDeterministic() throws IOException {
        Map<String, FloatTensor> tensors = Map.of("x", new FloatTensor(new long[] {1}, new float[] {1f}),
                "yy", new FloatTensor(new long[] {2}, new float[] {2f, 3f}));
        Path a = dir.resolve("a.safetensors");
        Path b = dir.resolve("b.safetensors");
        Safetensors.write(a, tensors, Map.of());
        Safetensors.write(b, new LinkedHashMap<>(tensors), Map.of());
        byte[] bytes = Files.readAllBytes(a);
        long headerLength = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
        assertThat(headerLength % 8).isZero();
        assertThat(bytes).isEqualTo(Files.readAllBytes(b));
        String header = new String(bytes, 8, (int) headerLength, StandardCharsets.UTF_8);
        assertThat(header).startsWith("{\"x\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}");
        assertThat(bytes).hasSize(8 + (int) headerLength + 12);
    }

    @Test
    void halfPrecisionWritesRoundTripEveryRepresentableValue() throws IOException {
        float[] f16Values = new float[1 << 16];
        float[] bf16Values = new float[1 << 16];
        int n16 = 0;
        int nbf = 0;
        for (int h = 0; h < 1 << 16; h++) {
            float a = HalfFloats.f16ToFloat((short) h);
            float b = HalfFloats.bf16ToFloat((short) h);
            if (!Float.isNaN(a)) {
                f16Values[n16++] = a;
            }
            if (!Float.isNaN(b)) {
                bf16Values[nbf++] = b;
            }
        }
        FloatTensor f16 = new FloatTensor(new long[] {n16}, java.util.Arrays.copyOf(f16Values, n16));
        FloatTensor bf16 = new FloatTensor(new long[] {nbf}, java.util.Arrays.copyOf(bf16Values, nbf));
        Path a = dir.resolve("f16.safetensors");
        Path b = dir.resolve("bf16.safetensors");
        Safetensors.write(a, Map.of("t", f16), Map.of(), DType.F16);
        Safetensors.write(b, Map.of("t", bf16), Map.of(), DType.BF16);
        try (SafetensorsFile fa = Safetensors.read(a); SafetensorsFile fb = Safetensors.read(b)) {
            assertThat(fa.entry("t").dtype()).isEqualTo(DType.F16);
            assertThat(fb.entry("t").dtype()).isEqualTo(DType.BF16);
            assertThat(bits(fa.read("t").data())).containsExactly(bits(f16.data()));
            assertThat(bits(fb.read("t").data())).containsExactly(bits(bf16.data()));
        }
        assertThat(Files.size(a)).isLessThan(8 + 200 + 2L * n16);
    }

    @Test
    void readsAHandWrittenFileWithAnUnpaddedHeaderAndIntegerTensors() throws IOException {
        ByteBuffer data = ByteBuffer.allocate(12 + 16 + 8 + 2).order(ByteOrder.LITTLE_ENDIAN);
        data.putFloat(1.5f).putFloat(-2f).putFloat(0.25f); // w: F32 [3]
        data.putLong(-5L).putLong(1L << 40); // ids: I64 [2]
        data.putInt(7).putInt(-9); // n: I32 [2]
        data.putShort((short) 0x3FC0); // h: BF16 [1] = 1.5
        String header = "{\"w\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,12]},"
                + "\"ids\":{\"dtype\":\"I64\",\"shape\":[2],\"data_offsets\":[12,28]},"
                + "\"__metadata__\":{\"format\":\"pt\"},"
                + "\"n\":{\"dtype\":\"I32\",\"shape\":[1,2],\"data_offsets\":[28,36]},"
                + "\"h\":{\"dtype\":\"BF16\",\"shape\":[1],\"data_offsets\":[36,38]}}";
        Path file = rawFile("hand.safetensors", header, data.array());
        for (long window : new long[] {8, 12, 20, SafetensorsFile.DEFAULT_WINDOW_BYTES}) {
            for (SafetensorsFile.Access access : SafetensorsFile.Access.values()) {
                try (SafetensorsFile f = SafetensorsFile.open(file, access, window)) {
                    assertThat(f.read("w").data()).containsExactly(1.5f, -2f, 0.25f);
                    assertThat(f.readLongs("ids")).containsExactly(-5L, 1L << 40);
                    assertThat(f.read("n").data()).containsExactly(7f, -9f);
                    assertThat(f.readLongs("n")).containsExactly(7L, -9L);
                    assertThat(f.read("h").data()).containsExactly(1.5f);
                    assertThat(f.metadata()).containsEntry("format", "pt");
                }
            }
        }
    }

    @Test
    void smallWindowsSplitTensorsIntoManyMappingsWithoutChangingValues() throws IOException {
        SplittableRandom rng = new SplittableRandom(3);
        Map<String, FloatTensor> tensors = new LinkedHashMap<>();
        tensors.put("a", randomBits(rng, 13, 7));
        tensors.put("b", randomBits(rng, 1));
        tensors.put("c", randomBits(rng, 101));
        for (DType dtype : List.of(DType.F32, DType.BF16, DType.F16)) {
            Path file = dir.resolve(dtype + ".safetensors");
            Safetensors.write(file, tensors, Map.of(), dtype);
            Map<String, FloatTensor> reference;
            try (SafetensorsFile whole = Safetensors.read(file)) {
                reference = whole.readAll();
            }
            // 9 and 10 bytes are no multiple of some element sizes: windows must round down to whole elements.
            for (long window : new long[] {8, 9, 10, 64}) {
                for (SafetensorsFile.Access access : SafetensorsFile.Access.values()) {
                    try (SafetensorsFile f = SafetensorsFile.open(file, access, window)) {
                        for (String name : tensors.keySet()) {
                            assertThat(bits(f.read(name).data())).as("%s %s %s window %d", dtype, name, access,
                                    window).containsExactly(bits(reference.get(name).data()));
                        }
                    }
                }
            }
        }
    }

    @Test
    void readsATensorPlacedBeyondTwoGibibytesInASparseFile() throws IOException {
        long big = (1L << 31) + 1000; // a U8 filler bigger than one int-indexed mapping
        String header = "{\"filler\":{\"dtype\":\"U8\",\"shape\":[" + big + "],\"data_offsets\":[0," + big + "]},"
                + "\"tail\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[" + big + "," + (big + 8) + "]}}";
        Path file = rawFile("big.safetensors", header, new byte[0]);
        long dataStart = Files.size(file);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(dataStart + big + 8); // sparse: no disk blocks for the filler
            raf.seek(dataStart + big);
            raf.write(littleEndianFloats(3.25f, -1f));
        }
        for (SafetensorsFile.Access access : SafetensorsFile.Access.values()) {
            try (SafetensorsFile f = Safetensors.read(file, access)) {
                assertThat(f.entry("filler").byteLength()).isGreaterThan(Integer.MAX_VALUE);
                assertThat(f.read("tail").data()).containsExactly(3.25f, -1f);
                assertThatThrownBy(() -> f.read("filler"))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("'filler'")
                        .hasMessageContaining("more than one Java array holds");
            }
        }
    }

    @Test
    void readAllReturnsTensorsInHeaderOrder() throws IOException {
        Path file = dir.resolve("m.safetensors");
        Safetensors.write(file, Map.of("z", new FloatTensor(new long[] {1}, new float[] {1}),
                "a", new FloatTensor(new long[] {1}, new float[] {2})), Map.of());
        assertThat(Safetensors.readAll(file).keySet()).containsExactly("a", "z");
    }

    @Test
    void unknownTensorNameListsWhatTheFileHolds() throws IOException {
        Path file = dir.resolve("m.safetensors");
        Safetensors.write(file, Map.of("a", new FloatTensor(new long[] {1}, new float[] {2})), Map.of());
        try (SafetensorsFile f = Safetensors.read(file)) {
            assertThatThrownBy(() -> f.read("b")).hasMessageContaining("no tensor 'b'").hasMessageContaining("(a)");
            assertThatThrownBy(() -> f.readLongs("a")).hasMessageContaining("F32 is floating-point");
        }
    }

    @Test
    void writerRejectsUnsupportedDtypesAndReservedNames() {
        FloatTensor t = new FloatTensor(new long[] {1}, new float[] {1});
        assertThatThrownBy(() -> Safetensors.write(dir.resolve("x"), Map.of("a", t), Map.of(), DType.I32))
                .hasMessageContaining("F32, F16 or BF16, not I32");
        assertThatThrownBy(() -> Safetensors.write(dir.resolve("x"), Map.of("__metadata__", t), Map.of()))
                .hasMessageContaining("reserved");
        Map<String, String> nullValue = new java.util.HashMap<>();
        nullValue.put("step", null);
        assertThatThrownBy(() -> Safetensors.write(dir.resolve("x"), Map.of("a", t), nullValue))
                .hasMessageContaining("step -> null");
        assertThat(dir.resolve("x")).doesNotExist();
    }
}
