package io.posttrain4j.core.model.tokenizer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.posttrain4j.core.io.AtomicFiles;

/**
 * Saves tokenizers into a folder and loads them back.
 *
 * <p>A saved folder holds {@value #TOKENIZER_JSON}, a Hugging Face file the {@code tokenizers} library (Python or
 * DJL) loads with equal ids, and {@value #DESCRIPTOR}, which says which class to rebuild ({@code byte}, {@code bpe}
 * or {@code huggingface}) and, for Hugging Face files, the special-token spellings in use. A folder with only a
 * {@code tokenizer.json} (a downloaded model) loads as a {@link HuggingFaceTokenizer} with a detected preset. Each
 * file is written atomically. Thread-safe.
 */
public final class Tokenizers {
    /** The Hugging Face tokenizer file. */
    public static final String TOKENIZER_JSON = "tokenizer.json";

    /** The descriptor naming the tokenizer class. */
    public static final String DESCRIPTOR = "posttrain4j-tokenizer.json";

    private static final int FORMAT = 1;

    private Tokenizers() {}

    /**
     * Writes {@code tokenizer} into {@code dir} (created if missing), replacing earlier files of the same names.
     *
     * @throws IllegalArgumentException for a tokenizer class this library cannot persist
     */
    public static void save(Tokenizer tokenizer, Path dir) throws IOException {
        Objects.requireNonNull(tokenizer, "tokenizer");
        Objects.requireNonNull(dir, "dir");
        ObjectNode descriptor = ByteLevelBpeJson.JSON.createObjectNode();
        descriptor.put("format", FORMAT);
        Path json = dir.resolve(TOKENIZER_JSON);
        if (tokenizer instanceof ByteTokenizer) {
            descriptor.put("type", "byte");
            AtomicFiles.writeString(json, ByteLevelBpeJson.writeBytes());
        } else if (tokenizer instanceof BpeTokenizer bpe) {
            descriptor.put("type", "bpe");
            AtomicFiles.writeString(json, ByteLevelBpeJson.write(bpe));
        } else if (tokenizer instanceof HuggingFaceTokenizer hf) {
            descriptor.put("type", "huggingface");
            SpecialTokenNames n = hf.specialNames();
            ObjectNode special = descriptor.putObject("special_tokens");
            special.put("pad", n.pad().get(0));
            special.put("begin_of_text", n.beginOfText().get(0));
            special.put("end_of_turn", n.endOfTurn().get(0));
            special.put("image", n.image().get(0));
            special.put("system", n.system().get(0));
            special.put("user", n.user().get(0));
            special.put("assistant", n.assistant().get(0));
            Files.createDirectories(dir);
            // Saving next to the file it was loaded from must not rewrite it (or fail copying it onto itself).
            if (!Files.exists(json) || !Files.isSameFile(json, hf.source())) {
                byte[] bytes = Files.readAllBytes(hf.source());
                AtomicFiles.write(json, out -> out.write(bytes));
            }
        } else {
            throw new IllegalArgumentException("cannot save a " + tokenizer.getClass().getName()
                    + "; saveable: ByteTokenizer, BpeTokenizer, HuggingFaceTokenizer");
        }
        AtomicFiles.writeString(dir.resolve(DESCRIPTOR), ByteLevelBpeJson.JSON.writeValueAsString(descriptor));
    }

    /**
     * Loads the tokenizer saved in {@code dir}, or the {@code tokenizer.json} of a downloaded model.
     *
     * @throws NoSuchFileException if {@code dir} holds neither file
     * @throws IOException naming the file and the field if a file is malformed
     */
    public static Tokenizer load(Path dir) throws IOException {
        Objects.requireNonNull(dir, "dir");
        Path descriptorFile = dir.resolve(DESCRIPTOR);
        Path json = dir.resolve(TOKENIZER_JSON);
        if (!Files.exists(descriptorFile)) {
            if (Files.exists(json)) {
                return HuggingFaceTokenizer.load(json);
            }
            throw new NoSuchFileException(dir.toString(), null,
                    "no tokenizer here: expected " + DESCRIPTOR + " or " + TOKENIZER_JSON);
        }
        JsonNode descriptor = readJson(descriptorFile);
        int format = descriptor.path("format").asInt(-1);
        if (format != FORMAT) {
            throw new IOException(descriptorFile + ": format must be " + FORMAT + ", got " + descriptor.get("format"));
        }
        String type = descriptor.path("type").asText("");
        switch (type) {
            case "byte" -> {
                return new ByteTokenizer();
            }
            case "bpe" -> {
                if (!Files.exists(json)) {
                    throw new NoSuchFileException(json.toString(), null, "the BPE vocabulary named by "
                            + descriptorFile + " is missing");
                }
                return ByteLevelBpeJson.read(json, readJson(json));
            }
            case "huggingface" -> {
                JsonNode s = descriptor.path("special_tokens");
                List<String> fields = List.of("pad", "begin_of_text", "end_of_turn", "image", "system", "user",
                        "assistant");
                String[] v = new String[fields.size()];
                for (int i = 0; i < v.length; i++) {
                    JsonNode n = s.path(fields.get(i));
                    if (!n.isTextual() || n.textValue().isEmpty()) {
                        throw new IOException(descriptorFile + ": special_tokens." + fields.get(i)
                                + " must be a non-empty string, got " + n);
                    }
                    v[i] = n.textValue();
                }
                return HuggingFaceTokenizer.load(json, SpecialTokenNames.of(v[0], v[1], v[2], v[3], v[4], v[5],
                        v[6]));
            }
            default -> throw new IOException(descriptorFile + ": type must be byte, bpe or huggingface, got "
                    + descriptor.get("type"));
        }
    }

    private static JsonNode readJson(Path file) throws IOException {
        try {
            JsonNode root = ByteLevelBpeJson.JSON.readTree(file.toFile());
            if (root == null || !root.isObject()) {
                throw new IOException(file + ": must hold a JSON object");
            }
            return root;
        } catch (JsonProcessingException e) {
            throw new IOException(file + ": not valid JSON: " + e.getOriginalMessage(), e);
        }
    }
}
