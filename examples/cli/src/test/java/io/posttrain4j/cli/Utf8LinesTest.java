package io.posttrain4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class Utf8LinesTest {
    private static List<Utf8Lines.Line> read(byte[] bytes, int maxLineBytes) throws IOException {
        Utf8Lines lines = new Utf8Lines(new ByteArrayInputStream(bytes), maxLineBytes);
        List<Utf8Lines.Line> out = new ArrayList<>();
        for (Utf8Lines.Line l; (l = lines.next()) != null; ) {
            out.add(l);
        }
        return out;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void linesAreNumberedAndDecodedEachOnItsOwn() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
        b.writeBytes(utf8("first\r\n\n"));
        b.writeBytes(new byte[] {'a', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '\n'}); // an encoded surrogate
        b.writeBytes(utf8("\u00e9\u4e2d\ud83d\ude00\n"));
        b.writeBytes(new byte[] {'z', (byte) 0xE4, (byte) 0xB8}); // cut in the middle of a character, no newline

        assertThat(read(b.toByteArray(), 1000)).containsExactly(
                new Utf8Lines.Line(1, "first", null),
                new Utf8Lines.Line(2, "", null),
                new Utf8Lines.Line(3, null,
                        "not UTF-8 text: byte 2 of the line (0xED 0xA0 0x80) does not form a UTF-8 character"),
                new Utf8Lines.Line(4, "\u00e9\u4e2d\ud83d\ude00", null),
                new Utf8Lines.Line(5, null,
                        "not UTF-8 text: byte 2 of the line (0xE4 0xB8) does not form a UTF-8 character"));
        assertThat(read(new byte[0], 1000)).isEmpty();
        assertThat(read(utf8("only\n"), 1000)).containsExactly(new Utf8Lines.Line(1, "only", null));
    }

    @Test
    void aLineOverTheBoundIsReportedAndTheNextOneIsReadAsUsual() throws IOException {
        byte[] input = utf8("x".repeat(200_000) + "\nshort\n");
        assertThat(read(input, 100_000)).containsExactly(
                new Utf8Lines.Line(1, null, "line too long: 200,000 bytes; at most 100,000 are read"),
                new Utf8Lines.Line(2, "short", null));
        assertThat(read(input, 300_000).get(0).text()).hasSize(200_000);
    }
}
