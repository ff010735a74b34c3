package io.posttrain4j.core.model.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/**
 * Reads {@code golden.safetensors}, written by the reference implementation (the Hugging Face {@code safetensors}
 * Python package; see {@code generate_golden.py} next to it for the command), including an empty tensor that shares
 * its offset with the next one, a scalar, and non-finite and subnormal values.
 */
class SafetensorsGoldenTest {

    private static Path golden() throws URISyntaxException {
        return Path.of(SafetensorsGoldenTest.class.getResource("golden.safetensors").toURI());
    }

    @Test
    void readsEveryTensorOfTheReferenceFileExactly() throws IOException, URISyntaxException {
        for (SafetensorsFile.Access access : SafetensorsFile.Access.values()) {
            try (SafetensorsFile f = SafetensorsFile.open(golden(), access, SafetensorsFile.DEFAULT_WINDOW_BYTES)) {
                assertThat(f.metadata()).containsOnlyKeys("format", "note").containsEntry("format", "np");
                assertThat(f.names()).containsExactlyInAnyOrder("a.f32", "b.f16", "c.i64", "d.i32", "e.u8",
                        "f.bool", "g.scalar", "h.empty", "i.f64");

                FloatTensor a = f.read("a.f32");
                assertThat(a.shape()).containsExactly(2, 3);
                assertThat(a.data()).containsExactly(1.5f, -0.0f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY,
                        Float.MIN_VALUE, Float.MAX_VALUE);
                assertThat(Float.floatToRawIntBits(a.data()[1])).isEqualTo(0x80000000);

                assertThat(f.entry("b.f16").dtype()).isEqualTo(DType.F16);
                assertThat(f.read("b.f16").data()).containsExactly(65504f, (float) -Math.pow(2, -24),
                        Float.POSITIVE_INFINITY, 0.333251953125f);

                assertThat(f.readLongs("c.i64")).containsExactly(-5L, 1L << 40, 0L);
                assertThat(f.readLongs("d.i32")).containsExactly(7L, -9L);
                assertThat(f.entry("d.i32").shape()).containsExactly(2, 1);
                assertThat(f.readLongs("e.u8")).containsExactly(0L, 200L, 255L);
                assertThat(f.readLongs("f.bool")).containsExactly(1L, 0L);

                FloatTensor scalar = f.read("g.scalar");
                assertThat(scalar.shape()).isEmpty();
                assertThat(scalar.data()).containsExactly(42f);
                FloatTensor empty = f.read("h.empty");
                assertThat(empty.shape()).containsExactly(0, 3);
                assertThat(empty.data()).isEmpty();
                assertThat(f.read("i.f64").data()).containsExactly(0.1f, -2.5f);
            }
        }
    }
}
