package io.posttrain4j.core.model.tokenizer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import ai.djl.huggingface.tokenizers.Encoding;

/**
 * A {@link Tokenizer} over a local Hugging Face {@code tokenizer.json} (any model type the {@code tokenizers}
 * library reads: BPE, WordLevel, WordPiece, Unigram), through DJL's native binding. Never touches the network.
 *
 * <p>The special tokens are found by spelling ({@link SpecialTokenNames}); by default the Llama 3 or Qwen2 preset
 * is detected from the vocabulary. To keep the {@link Tokenizer} contract that plain text never yields special
 * tokens, text that spells an added token is encoded in pieces cut inside each such spelling. Thread-safe; {@link
 * #close()} frees the native tokenizer (otherwise the garbage collector does).
 */
public final class HuggingFaceTokenizer implements Tokenizer, AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path source;
    private final ai.djl.huggingface.tokenizers.HuggingFaceTokenizer delegate;
    private final int vocabSize;
    private final SpecialTokens special;
    private final SpecialTokenNames names;
    private final List<String> addedTokens;
    /** First characters of the added tokens: text without any of them needs no search for spellings. */
    private final String addedFirstChars;
    private final Set<Integer> droppedOnDecode;

    private HuggingFaceTokenizer(Path source, ai.djl.huggingface.tokenizers.HuggingFaceTokenizer delegate,
            int vocabSize, SpecialTokens special, SpecialTokenNames names, List<String> addedTokens,
            Set<Integer> droppedOnDecode) {
        this.source = source;
        this.delegate = delegate;
        this.vocabSize = vocabSize;
        this.special = special;
        this.names = names;
        this.addedTokens = addedTokens;
        this.addedFirstChars = addedTokens.stream().map(t -> t.substring(0, 1)).distinct().reduce("", String::concat);
        this.droppedOnDecode = droppedOnDecode;
    }

    /** Loads {@code tokenizerJson} with the special-token preset detected from its vocabulary. */
    public static HuggingFaceTokenizer load(Path tokenizerJson) throws IOException {
        return load(tokenizerJson, null);
    }

    /**
     * Loads {@code tokenizerJson} (a file, or a folder holding {@code tokenizer.json}).
     *
     * @param names how to find the special tokens; {@code null} detects a preset from the vocabulary
     * @throws IOException naming the file if it is missing, not JSON, or has no usable vocabulary
     * @throws IllegalArgumentException if a special token is not in the vocabulary
     */
    public static HuggingFaceTokenizer load(Path tokenizerJson, SpecialTokenNames names) throws IOException {
        Path file = Files.isDirectory(tokenizerJson) ? tokenizerJson.resolve("tokenizer.json") : tokenizerJson;
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, "no Hugging Face tokenizer.json there");
        }
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            throw new IOException(file + ": not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new IOException(file + ": a tokenizer.json must hold a JSON object");
        }
        Map<String, Integer> vocab = new HashMap<>();
        readModelVocab(file, root.path("model"), vocab);
        List<String> added = new ArrayList<>();
        Set<Integer> specialAdded = new HashSet<>();
        for (JsonNode t : root.path("added_tokens")) {
            if (!t.path("id").isInt() || !t.path("content").isTextual()) {
                throw new IOException(file + ": added_tokens entries need an integer id and a string content, got "
                        + t);
            }
            vocab.put(t.get("content").textValue(), t.get("id").intValue());
            if (!t.get("content").textValue().isEmpty()) {
                added.add(t.get("content").textValue());
            }
            if (t.path("special").asBoolean(false)) {
                specialAdded.add(t.get("id").intValue());
            }
        }
        if (vocab.isEmpty()) {
            throw new IOException(file + ": model.vocab is empty or missing");
        }
        int size = Collections.max(vocab.values()) + 1;
        SpecialTokenNames chosen;
        SpecialTokens ids;
        SpecialTokenNames wanted = names != null ? names : SpecialTokenNames.detect(vocab);
        try {
            ids = wanted.resolve(vocab);
            chosen = wanted.chosen(vocab);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
        Set<Integer> dropped = new HashSet<>(specialAdded);
        dropped.addAll(List.of(ids.pad(), ids.beginOfText(), ids.endOfTurn(), ids.image(), ids.system(), ids.user(),
                ids.assistant()));
        ai.djl.huggingface.tokenizers.HuggingFaceTokenizer delegate =
                ai.djl.huggingface.tokenizers.HuggingFaceTokenizer.newInstance(file, Map.of(
                        "addSpecialTokens", "false", "truncation", "false", "padding", "false"));
        // Longest spellings first, so a cut inside "<|eot_id|>" is not preempted by a shorter overlapping token.
        added.sort((a, b) -> b.length() != a.length() ? b.length() - a.length() : a.compareTo(b));
        return new HuggingFaceTokenizer(file, delegate, size, ids, chosen, List.copyOf(added), Set.copyOf(dropped));
    }

    private static void readModelVocab(Path file, JsonNode model, Map<String, Integer> out) throws IOException {
        JsonNode vocab = model.path("vocab");
        if (vocab.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = vocab.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!e.getValue().isInt()) {
                    throw new IOException(file + ": model.vocab['" + e.getKey() + "'] must be an integer id, got "
                            + e.getValue());
                }
                out.put(e.getKey(), e.getValue().intValue());
            }
        } else if (vocab.isArray()) {
            // Unigram: [[piece, score], ...], the id is the position.
            for (int i = 0; i < vocab.size(); i++) {
                out.put(vocab.get(i).path(0).asText(), i);
            }
        } else {
            throw new IOException(file + ": model.vocab must be an object or an array, got " + vocab.getNodeType()
                    + " (model.type " + model.path("type") + ")");
        }
    }

    /** The {@code tokenizer.json} this was loaded from. */
    public Path source() {
        return source;
    }

    /** The spellings of the special tokens in use, one per component. */
    public SpecialTokenNames specialNames() {
        return names;
    }

    @Override
    public int vocabSize() {
        return vocabSize;
    }

    @Override
    public int[] encode(String text) {
        Objects.requireNonNull(text, "text");
        if (text.isEmpty()) {
            return new int[0];
        }
        if (!containsAnyChar(text, addedFirstChars)) {
            return toInts(delegate.encode(text, false, false));
        }
        TreeSet<Integer> cuts = new TreeSet<>();
        for (String token : addedTokens) {
            for (int at = text.indexOf(token); at >= 0; at = text.indexOf(token, at + 1)) {
                cuts.add(at + Character.charCount(text.codePointAt(at)));
            }
        }
        if (cuts.isEmpty()) {
            return toInts(delegate.encode(text, false, false));
        }
        List<int[]> parts = new ArrayList<>();
        int start = 0;
        cuts.add(text.length());
        for (int cut : cuts) {
            if (cut > start) {
                parts.add(toInts(delegate.encode(text.substring(start, cut), false, false)));
            }
            start = cut;
        }
        return parts.stream().flatMapToInt(java.util.Arrays::stream).toArray();
    }

    /** Drops the template's special ids and every added token marked special. */
    @Override
    public String decode(int[] ids) {
        long[] kept = new long[ids.length];
        int n = 0;
        for (int id : ids) {
            if (id < 0 || id >= vocabSize) {
                throw new IllegalArgumentException("token id " + id + " out of range [0, " + vocabSize + ")");
            }
            if (!droppedOnDecode.contains(id)) {
                kept[n++] = id;
            }
        }
        return n == 0 ? "" : delegate.decode(java.util.Arrays.copyOf(kept, n), true);
    }

    @Override
    public SpecialTokens special() {
        return special;
    }

    @Override
    public void close() {
        delegate.close();
    }

    @Override
    public String toString() {
        return "HuggingFaceTokenizer[" + source + ", vocab=" + vocabSize + "]";
    }

    private static boolean containsAnyChar(String text, String chars) {
        for (int i = 0; i < text.length(); i++) {
            if (chars.indexOf(text.charAt(i)) >= 0) {
                return true;
            }
        }
        return false;
    }

    private static int[] toInts(Encoding encoding) {
        long[] ids = encoding.getIds();
        int[] out = new int[ids.length];
        for (int i = 0; i < ids.length; i++) {
            out[i] = Math.toIntExact(ids[i]);
        }
        return out;
    }
}
