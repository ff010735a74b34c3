package io.posttrain4j.core.model.tokenizer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The Hugging Face {@code tokenizer.json} form of the own byte-level tokenizers: a {@code BPE} model over GPT-2's
 * byte alphabet, the {@link PreTokenizer} regex as a {@code Split} pre-tokenizer followed by {@code ByteLevel}
 * without its own regex, a {@code ByteLevel} decoder, and the special tokens as added tokens. The {@code
 * tokenizers} library loading this file produces the same ids as {@link BpeTokenizer}.
 */
final class ByteLevelBpeJson {
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ByteLevelBpeJson() {}

    /** The JSON text for a vocabulary of byte tokens grown by {@code merges}. */
    static String write(BpeTokenizer tokenizer) {
        return write(tokenizer.merges(), tokenizer.vocabSize() - SpecialVocabulary.COUNT, tokenizer::tokenBytes);
    }

    /** The JSON text of the byte tokenizer: the same layout with no merges. */
    static String writeBytes() {
        return write(List.of(), ByteTokenizer.BYTES, id -> new byte[] {(byte) id});
    }

    private static String write(List<int[]> merges, int regular, java.util.function.IntFunction<byte[]> bytesOf) {
        ObjectNode root = JSON.createObjectNode();
        root.put("version", "1.0");
        root.putNull("truncation");
        root.putNull("padding");
        ArrayNode added = root.putArray("added_tokens");
        for (int i = 0; i < SpecialVocabulary.COUNT; i++) {
            ObjectNode t = added.addObject();
            t.put("id", regular + i);
            t.put("content", SpecialVocabulary.NAMES.get(i));
            t.put("single_word", false);
            t.put("lstrip", false);
            t.put("rstrip", false);
            t.put("normalized", false);
            t.put("special", true);
        }
        root.putNull("normalizer");
        ObjectNode pre = root.putObject("pre_tokenizer");
        pre.put("type", "Sequence");
        ArrayNode steps = pre.putArray("pretokenizers");
        ObjectNode split = steps.addObject();
        split.put("type", "Split");
        split.putObject("pattern").put("Regex", PreTokenizer.REGEX);
        split.put("behavior", "Isolated");
        split.put("invert", false);
        ObjectNode byteLevel = steps.addObject();
        byteLevel.put("type", "ByteLevel");
        byteLevel.put("add_prefix_space", false);
        byteLevel.put("trim_offsets", false);
        byteLevel.put("use_regex", false);
        root.putNull("post_processor");
        ObjectNode decoder = root.putObject("decoder");
        decoder.put("type", "ByteLevel");
        decoder.put("add_prefix_space", false);
        decoder.put("trim_offsets", false);
        decoder.put("use_regex", false);
        ObjectNode model = root.putObject("model");
        model.put("type", "BPE");
        model.putNull("dropout");
        model.putNull("unk_token");
        model.putNull("continuing_subword_prefix");
        model.putNull("end_of_word_suffix");
        model.put("fuse_unk", false);
        model.put("byte_fallback", false);
        ObjectNode vocab = model.putObject("vocab");
        for (int id = 0; id < regular; id++) {
            vocab.put(ByteLevelAlphabet.spell(bytesOf.apply(id)), id);
        }
        ArrayNode mergeList = model.putArray("merges");
        for (int[] m : merges) {
            // Byte-level spellings never hold a plain space, so "left right" splits unambiguously.
            mergeList.add(ByteLevelAlphabet.spell(bytesOf.apply(m[0])) + " "
                    + ByteLevelAlphabet.spell(bytesOf.apply(m[1])));
        }
        try {
            return JSON.writeValueAsString(root);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise a tokenizer", e);
        }
    }

    /**
     * Reads a file written by {@link #write(BpeTokenizer)} back into a {@link BpeTokenizer}.
     *
     * @throws IOException naming the file and the field if it is not such a file
     */
    static BpeTokenizer read(Path file, JsonNode root) throws IOException {
        JsonNode model = root.path("model");
        if (!"BPE".equals(model.path("type").asText())) {
            throw new IOException(file + ": model.type must be \"BPE\" for a posttrain4j byte-level tokenizer, got "
                    + model.path("type"));
        }
        JsonNode vocabNode = model.path("vocab");
        if (!vocabNode.isObject()) {
            throw new IOException(file + ": model.vocab must be an object of token -> id, got " + vocabNode);
        }
        Map<String, Integer> vocab = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = vocabNode.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isInt()) {
                throw new IOException(file + ": model.vocab['" + e.getKey() + "'] must be an integer id, got "
                        + e.getValue());
            }
            vocab.put(e.getKey(), e.getValue().intValue());
        }
        JsonNode mergesNode = model.path("merges");
        if (!mergesNode.isArray()) {
            throw new IOException(file + ": model.merges must be an array, got " + mergesNode);
        }
        List<int[]> merges = new ArrayList<>();
        for (int r = 0; r < mergesNode.size(); r++) {
            JsonNode m = mergesNode.get(r);
            String[] parts;
            if (m.isTextual()) {
                parts = m.textValue().split(" ", -1);
            } else if (m.isArray() && m.size() == 2) {
                parts = new String[] {m.get(0).asText(), m.get(1).asText()};
            } else {
                parts = new String[0];
            }
            if (parts.length != 2 || !vocab.containsKey(parts[0]) || !vocab.containsKey(parts[1])) {
                throw new IOException(file + ": model.merges[" + r + "] " + m
                        + " must join two tokens of model.vocab");
            }
            merges.add(new int[] {vocab.get(parts[0]), vocab.get(parts[1])});
        }
        BpeTokenizer tokenizer;
        try {
            tokenizer = new BpeTokenizer(merges);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": model.merges: " + e.getMessage(), e);
        }
        int regular = tokenizer.vocabSize() - SpecialVocabulary.COUNT;
        if (vocab.size() != regular) {
            throw new IOException(file + ": model.vocab holds " + vocab.size() + " tokens but its merges define "
                    + regular + " (not written by posttrain4j?)");
        }
        for (Map.Entry<String, Integer> e : vocab.entrySet()) {
            byte[] bytes = ByteLevelAlphabet.unspell(e.getKey());
            int id = e.getValue();
            if (bytes == null || id < 0 || id >= regular || !Arrays.equals(bytes, tokenizer.tokenBytes(id))) {
                throw new IOException(file + ": model.vocab['" + e.getKey() + "'] = " + id
                        + " disagrees with the token its merges give that id (not written by posttrain4j?)");
            }
        }
        checkSpecials(file, root, regular);
        return tokenizer;
    }

    /** The added tokens must be the own special tokens, right after the regular ones. */
    static void checkSpecials(Path file, JsonNode root, int regular) throws IOException {
        JsonNode added = root.path("added_tokens");
        Map<Integer, String> byId = new HashMap<>();
        for (JsonNode t : added) {
            byId.put(t.path("id").asInt(-1), t.path("content").asText());
        }
        for (int i = 0; i < SpecialVocabulary.COUNT; i++) {
            String want = SpecialVocabulary.NAMES.get(i);
            String got = byId.get(regular + i);
            if (!want.equals(got)) {
                throw new IOException(file + ": added_tokens must hold " + want + " with id " + (regular + i)
                        + ", found " + (got == null ? "nothing" : got) + " there");
            }
        }
    }
}
