package io.posttrain4j.core.model.tokenizer;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits text into the chunks BPE merges never cross, in the style of GPT-2: an optional space plus a run of
 * letters, of up to three digits, or of other symbols; runs of whitespace. The chunks concatenate back to the text.
 *
 * <p>Runs are capped in length so that a pathological input (a megabyte of one letter) costs linear time, and
 * whitespace is spelled out as {@code [\t\n\x0B\f\r ]} so that the pattern means the same in Java and in the
 * Oniguruma engine of Hugging Face {@code tokenizers}, which lets a saved BPE load there unchanged.
 */
final class PreTokenizer {
    /** The pattern, exactly as written into a saved {@code tokenizer.json}. */
    static final String REGEX = " ?\\p{L}{1,32}| ?\\p{N}{1,3}| ?[^\\t\\n\\x0B\\f\\r \\p{L}\\p{N}]{1,16}"
            + "|[\\t\\n\\x0B\\f\\r ]{1,16}(?![^\\t\\n\\x0B\\f\\r ])|[\\t\\n\\x0B\\f\\r ]{1,16}";

    private static final Pattern PATTERN = Pattern.compile(REGEX);

    private PreTokenizer() {}

    /** The chunks of {@code text} in order; their concatenation equals {@code text}. */
    static List<String> split(String text) {
        List<String> out = new ArrayList<>();
        forEach(text, out::add);
        return out;
    }

    /** Calls {@code sink} with each chunk of {@code text} in order. */
    static void forEach(String text, java.util.function.Consumer<String> sink) {
        Matcher m = PATTERN.matcher(text);
        int end = 0;
        while (m.find()) {
            if (m.start() != end) {
                // Every code point belongs to one alternative, so this only guards against a broken pattern edit.
                throw new IllegalStateException("pre-tokenizer skipped text at index " + end);
            }
            sink.accept(text.substring(m.start(), m.end()));
            end = m.end();
        }
        if (end != text.length()) {
            throw new IllegalStateException("pre-tokenizer skipped text at index " + end);
        }
    }
}
