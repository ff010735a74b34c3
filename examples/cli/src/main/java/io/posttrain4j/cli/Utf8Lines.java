package io.posttrain4j.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;

/**
 * Reads a byte stream as numbered lines of UTF-8 text, one at a time, each decoded on its own: a line that is not
 * valid UTF-8, or is longer than the bound, comes back as an error for that line alone, and the lines before and
 * after it are read as usual. Lines end with {@code \n} (a {@code \r} before it is dropped); a last line without
 * one counts; a byte order mark at the very start is skipped. Only the bytes of the current line are held, and no
 * byte past its end is asked of the stream before the line is handed out. Not thread-safe.
 */
final class Utf8Lines {
    /** The longest line read, in bytes (64 MiB); a longer one is reported and skipped to its end. */
    static final int DEFAULT_MAX_LINE_BYTES = 64 << 20;

    /**
     * One line.
     *
     * @param number 1 for the first line
     * @param text the decoded line without its end, or null when {@code error} is set
     * @param error why the line could not be read, in the user's terms, or null
     */
    record Line(long number, String text, String error) {}

    private final InputStream in;
    private final int maxLineBytes;
    private final byte[] buffer = new byte[1 << 16];
    private int pos;
    private int limit;
    private boolean eof;
    private long number;
    private byte[] line = new byte[256];
    private int lineLength;

    Utf8Lines(InputStream in) {
        this(in, DEFAULT_MAX_LINE_BYTES);
    }

    Utf8Lines(InputStream in, int maxLineBytes) {
        this.in = Objects.requireNonNull(in, "in");
        this.maxLineBytes = maxLineBytes;
    }

    /** The next line, or null at the end of the input. */
    Line next() throws IOException {
        lineLength = 0;
        long total = 0;
        boolean sawAny = false;
        while (true) {
            if (pos == limit && !fill()) {
                if (!sawAny) {
                    return null;
                }
                break;
            }
            sawAny = true;
            int start = pos;
            while (pos < limit && buffer[pos] != '\n') {
                pos++;
            }
            int n = pos - start;
            total += n;
            if (total <= maxLineBytes) {
                append(start, n);
            }
            if (pos < limit) {
                pos++; // the '\n'
                break;
            }
        }
        number++;
        if (total > maxLineBytes) {
            return new Line(number, null, String.format(Locale.ROOT,
                    "line too long: %,d bytes; at most %,d are read", total, maxLineBytes));
        }
        int length = lineLength;
        if (length > 0 && line[length - 1] == '\r') {
            length--;
        }
        int offset = 0;
        if (number == 1 && length >= 3 && (line[0] & 0xff) == 0xef && (line[1] & 0xff) == 0xbb
                && (line[2] & 0xff) == 0xbf) {
            offset = 3;
        }
        return decode(line, offset, length - offset);
    }

    private Line decode(byte[] bytes, int offset, int length) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes, offset, length);
        CharBuffer out = CharBuffer.allocate(length);
        CoderResult r = decoder.decode(in, out, true);
        if (!r.isError()) {
            r = decoder.flush(out);
        }
        if (r.isError()) {
            int at = in.position() - offset;
            StringBuilder shown = new StringBuilder();
            for (int i = 0; i < r.length() && i < 4; i++) {
                shown.append(i == 0 ? "" : " ").append(String.format(Locale.ROOT, "0x%02X",
                        bytes[in.position() + i] & 0xff));
            }
            return new Line(number, null, "not UTF-8 text: byte " + (at + 1) + " of the line (" + shown
                    + ") does not form a UTF-8 character");
        }
        out.flip();
        return new Line(number, out.toString(), null);
    }

    private void append(int start, int n) {
        if (lineLength + n > line.length) {
            line = Arrays.copyOf(line, Math.max(lineLength + n, Math.min(maxLineBytes, line.length * 2)));
        }
        System.arraycopy(buffer, start, line, lineLength, n);
        lineLength += n;
    }

    private boolean fill() throws IOException {
        if (eof) {
            return false;
        }
        int n = in.read(buffer, 0, buffer.length);
        while (n == 0) {
            n = in.read(buffer, 0, buffer.length);
        }
        if (n < 0) {
            eof = true;
            return false;
        }
        pos = 0;
        limit = n;
        return true;
    }
}
