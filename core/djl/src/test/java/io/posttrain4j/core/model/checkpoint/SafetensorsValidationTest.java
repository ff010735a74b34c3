package io.posttrain4j.core.model.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One malformed file per check of the reader; each message must name the file, the tensor and the field. */
class SafetensorsValidationTest {
    @TempDir
    Path dir;

    private Path file(String header, int dataBytes) throws IOException {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer buf = ByteBuffer.allocate(8 + h.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        buf.putLong(h.length).put(h);
        Path file = dir.resolve("model.safetensors");
        Files.write(file, buf.array());
        return file;
    }

    private AbstractThrowableAssert<?, ? extends Throwable> assertRejected(String header, int dataBytes)
            throws IOException {
        Path f = file(header, dataBytes);
        return assertThatThrownBy(() -> Safetensors.read(f).close())
                .isInstanceOf(SafetensorsFormatException.class)
                .hasMessageStartingWith(f + ": ");
    }

    private static String tensor(String name, String dtype, String shape, String offsets) {
        return "\"" + name + "\":{\"dtype\":\"" + dtype + "\",\"shape\":" + shape + ",\"data_offsets\":" + offsets
                + "}";
    }

    @Test
    void shapeThatDisagreesWithTheByteRangeIsNamedPrecisely() throws IOException {
        assertRejected("{" + tensor("lm_head.weight", "F32", "[5,6]", "[0,100]") + "}", 100)
                .hasMessageEndingWith(": tensor 'lm_head.weight': data_offsets [0, 100] hold 100 bytes but shape "
                        + "[5, 6] of F32 needs 120");
    }

    @Test
    void shapeWhoseByteCountOverflowsIsRejected() throws IOException {
        assertRejected("{" + tensor("t", "F32", "[4611686018427387904,4]", "[0,8]") + "}", 8)
                .hasMessageContaining("tensor 't': data_offsets [0, 8] hold 8 bytes")
                .hasMessageContaining("needs more than 2^63");
    }

    @Test
    void fileShorterThanTheLengthFieldIsRejected() throws IOException {
        Path f = dir.resolve("tiny.safetensors");
        Files.write(f, new byte[] {1, 2, 3});
        assertThatThrownBy(() -> Safetensors.read(f)).isInstanceOf(SafetensorsFormatException.class)
                .hasMessage(f + ": file holds 3 bytes, fewer than the 8-byte header length (truncated file?)");
    }

    @Test
    void insaneHeaderLengthIsRejected() throws IOException {
        Path f = dir.resolve("junk.safetensors");
        byte[] junk = new byte[64];
        Arrays.fill(junk, (byte) 0x7F);
        Files.write(f, junk);
        assertThatThrownBy(() -> Safetensors.read(f)).isInstanceOf(SafetensorsFormatException.class)
                .hasMessageContaining("header length 9187201950435737471 outside [2, 100000000]");
    }

    @Test
    void headerLongerThanTheFileIsRejected() throws IOException {
        Path f = dir.resolve("short.safetensors");
        Files.write(f, ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN).putLong(100).array());
        assertThatThrownBy(() -> Safetensors.read(f)).isInstanceOf(SafetensorsFormatException.class)
                .hasMessageContaining("header length 100 exceeds the 4 bytes after the length field");
    }

    @Test
    void headerThatIsNotJsonIsRejected() throws IOException {
        assertRejected("{\"a\": [1,", 0).hasMessageContaining("header is not valid JSON");
    }

    @Test
    void headerThatIsNotAnObjectIsRejected() throws IOException {
        assertRejected("[1, 2]", 0).hasMessageContaining("header must be a JSON object, got array");
    }

    @Test
    void duplicateTensorNamesAreRejected() throws IOException {
        assertRejected("{" + tensor("a", "F32", "[1]", "[0,4]") + "," + tensor("a", "F32", "[1]", "[4,8]") + "}", 8)
                .hasMessageContaining("header is not valid JSON").hasMessageContaining("Duplicate field 'a'");
    }

    @Test
    void metadataMustBeAnObjectOfStrings() throws IOException {
        assertRejected("{\"__metadata__\":[1]}", 0).hasMessageContaining("__metadata__ must be an object");
        assertRejected("{\"__metadata__\":{\"step\":3}}", 0)
                .hasMessageContaining("__metadata__ value of 'step' must be a string, got 3");
    }

    @Test
    void entryThatIsNotAnObjectIsRejected() throws IOException {
        assertRejected("{\"w\":7}", 0).hasMessageContaining("tensor 'w': entry must be an object");
    }

    @Test
    void missingOrUnknownDtypeIsRejected() throws IOException {
        assertRejected("{\"w\":{\"shape\":[1],\"data_offsets\":[0,4]}}", 4)
                .hasMessageContaining("tensor 'w': dtype must be a string, got null");
        assertRejected("{" + tensor("w", "F8_E4M3", "[1]", "[0,1]") + "}", 1)
                .hasMessageContaining("tensor 'w': dtype 'F8_E4M3' unknown; known: F64, F32, F16, BF16");
    }

    @Test
    void malformedShapeIsRejected() throws IOException {
        assertRejected("{\"w\":{\"dtype\":\"F32\",\"data_offsets\":[0,4]}}", 4)
                .hasMessageContaining("tensor 'w': shape must be an array of non-negative integers, got null");
        assertRejected("{" + tensor("w", "F32", "[-1]", "[0,4]") + "}", 4)
                .hasMessageContaining("tensor 'w': shape must be an array of non-negative integers below 2^63, got "
                        + "[-1]");
        assertRejected("{" + tensor("w", "F32", "[1.5]", "[0,4]") + "}", 4)
                .hasMessageContaining("tensor 'w': shape");
    }

    @Test
    void malformedDataOffsetsAreRejected() throws IOException {
        assertRejected("{" + tensor("w", "F32", "[1]", "[0]") + "}", 4)
                .hasMessageContaining("tensor 'w': data_offsets must have 2 entries, got [0]");
        assertRejected("{" + tensor("w", "F32", "[0]", "[4,0]") + "}", 4)
                .hasMessageContaining("tensor 'w': data_offsets [4, 0] end before they begin");
        assertRejected("{" + tensor("w", "F32", "[1]", "[0,18446744073709551615]") + "}", 4)
                .hasMessageContaining("tensor 'w': data_offsets must be an array of non-negative integers");
    }

    @Test
    void overlappingTensorsAreRejected() throws IOException {
        assertRejected("{" + tensor("a", "F32", "[2]", "[0,8]") + "," + tensor("b", "F32", "[1]", "[4,8]") + "}", 8)
                .hasMessageContaining("tensor 'b': data_offsets [4, 8] overlap the previous tensor, which ends at 8");
    }

    @Test
    void gapsBetweenTensorsAreRejected() throws IOException {
        assertRejected("{" + tensor("a", "F32", "[1]", "[0,4]") + "," + tensor("b", "F32", "[1]", "[8,12]") + "}", 12)
                .hasMessageContaining("tensor 'b': data_offsets [8, 12] leave a gap: the previous tensor ends at 4");
    }

    @Test
    void tensorReachingPastTheEndOfTheFileIsRejected() throws IOException {
        assertRejected("{" + tensor("a", "F32", "[4]", "[0,16]") + "}", 10)
                .hasMessageContaining("tensor 'a': data_offsets [0, 16] reach past the data section, which holds 10 "
                        + "bytes (truncated file?)");
    }

    @Test
    void trailingBytesNoTensorClaimsAreRejected() throws IOException {
        assertRejected("{" + tensor("a", "F32", "[1]", "[0,4]") + "}", 9)
                .hasMessageContaining("tensors cover 4 bytes of data but the file holds 9 bytes after the header");
    }

    @Test
    void everyTruncationOfAValidFileGivesAFormatError() throws IOException {
        Path good = dir.resolve("good.safetensors");
        Safetensors.write(good, Map.of("w", new FloatTensor(new long[] {2, 3}, new float[6]),
                "b", new FloatTensor(new long[] {3}, new float[3])), Map.of("k", "v"));
        byte[] bytes = Files.readAllBytes(good);
        Path cut = dir.resolve("cut.safetensors");
        for (int len = 0; len < bytes.length; len++) {
            Files.write(cut, Arrays.copyOf(bytes, len));
            Throwable t = catchThrowable(() -> Safetensors.read(cut).close());
            assertThat(t).as("truncated to %d of %d bytes", len, bytes.length)
                    .isInstanceOf(SafetensorsFormatException.class)
                    .hasMessageStartingWith(cut + ": ");
        }
    }

    @Test
    void missingFileIsReportedWithItsPath() {
        Path missing = dir.resolve("nope.safetensors");
        assertThatThrownBy(() -> Safetensors.read(missing)).isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining("nope.safetensors");
    }
}
