package io.posttrain4j.core.model.tokenizer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.posttrain4j.core.image.RgbImage;

/**
 * Picks the {@link ChatTemplate} of a Hugging Face model folder from its Jinja chat template.
 *
 * <p>The template text is read from {@code chat_template.json}, {@code chat_template.jinja} or the {@code
 * chat_template} field of {@code tokenizer_config.json} (the first present, in that order), and recognised by its
 * control tokens:
 *
 * <ul>
 *   <li>{@code <end_of_utterance>} and {@code Assistant:}: {@link SmolVlmChatTemplate} (SmolVLM, Idefics3);
 *   <li>{@code <|start_header_id|>} and {@code <|eot_id|>}: {@link Llama3ChatTemplate}, with the system preamble of
 *       Llama 3.1 / 3.2 when the template writes {@code Cutting Knowledge Date}, its date taken from the template's
 *       {@code date_string} default;
 *   <li>{@code <|im_start|>} and {@code <|im_end|>}: {@link ChatMlTemplate} (Qwen2, Qwen2.5, SmolLM2), with the
 *       default system message the template writes when a conversation has none.
 * </ul>
 *
 * <p>A folder without a chat template (a base model, or a folder this library wrote) gets the {@link
 * DefaultChatTemplate}. Thread-safe (stateless).
 */
public final class ChatTemplates {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** {@code '<|im_start|>system\n...<|im_end|>\n'} as a Jinja string literal: a ChatML default system turn. */
    private static final Pattern CHATML_DEFAULT_SYSTEM = Pattern.compile(
            "(['\"])<\\|im_start\\|>system(?:\\\\n|\\n)((?:(?!\\1)[^\\\\]|\\\\.)*?)<\\|im_end\\|>(?:\\\\n|\\n)\\1",
            Pattern.DOTALL);
    private static final Pattern LLAMA3_DATE = Pattern.compile("set\\s+date_string\\s*=\\s*(['\"])([^'\"]*)\\1");
    private static final Pattern LLAMA3_CUTOFF = Pattern.compile("Cutting Knowledge Date: ((?:[^\\\\\"'\\n])*)");

    private ChatTemplates() {}

    /**
     * The chat template of the model in {@code modelDir}.
     *
     * @param modelDir a Hugging Face model folder (or one this library wrote)
     * @param tokenizer the model's tokenizer; a {@link HuggingFaceTokenizer} when the folder has a chat template,
     *     whose {@code tokenizer.json} gives the ids of the template's control tokens
     * @param tokensPerImage image placeholders per image, {@code >= 0}; 0 makes the template text-only
     * @return the family's template, or a {@link DefaultChatTemplate} for a folder without a chat template
     * @throws IOException if a template or tokenizer file cannot be read or is not valid JSON
     * @throws IllegalArgumentException if the template is of no supported family, the tokenizer is not a Hugging
     *     Face one, or its vocabulary lacks a control token of the family
     */
    public static ChatTemplate forModel(Path modelDir, Tokenizer tokenizer, int tokensPerImage) throws IOException {
        Objects.requireNonNull(modelDir, "modelDir");
        Objects.requireNonNull(tokenizer, "tokenizer");
        if (tokensPerImage < 0) {
            throw new IllegalArgumentException("tokensPerImage must be >= 0, got " + tokensPerImage);
        }
        Source source = readTemplate(modelDir);
        if (source == null) {
            return new DefaultChatTemplate(tokenizer, tokensPerImage);
        }
        String t = source.text();
        String family;
        if (t.contains("<end_of_utterance>") && t.contains("Assistant:")) {
            family = "SmolVLM";
        } else if (t.contains("<|start_header_id|>") && t.contains("<|eot_id|>")) {
            family = "Llama 3";
        } else if (t.contains("<|im_start|>") && t.contains("<|im_end|>") && !t.contains("<think>")) {
            family = "ChatML";
        } else {
            throw new IllegalArgumentException(modelDir + ": the chat template in " + source.file()
                    + " (model_type " + modelType(modelDir) + ", starting " + quote(t) + ") is of no supported"
                    + " family; supported: ChatML (<|im_start|>/<|im_end|> without <think>: Qwen2, Qwen2.5, SmolLM2),"
                    + " Llama 3 (<|start_header_id|>/<|eot_id|>: Llama 3, 3.1, 3.2), SmolVLM / Idefics3"
                    + " (User:/Assistant:/<end_of_utterance>); pass a ChatTemplate built by hand for other formats");
        }
        if (!(tokenizer instanceof HuggingFaceTokenizer hf)) {
            throw new IllegalArgumentException(modelDir + " has a " + family + " chat template but the tokenizer is a "
                    + tokenizer.getClass().getSimpleName() + "; load its tokenizer.json as a HuggingFaceTokenizer");
        }
        Map<String, Integer> ids = addedTokens(hf.source());
        return switch (family) {
            case "SmolVLM" -> new SmolVlmChatTemplate(tokenizer, ids, tokensPerImage);
            case "Llama 3" -> {
                if (!t.contains("Cutting Knowledge Date")) {
                    yield new Llama3ChatTemplate(tokenizer, ids, tokensPerImage, null, null);
                }
                Matcher cutoff = LLAMA3_CUTOFF.matcher(t);
                Matcher date = LLAMA3_DATE.matcher(t);
                yield new Llama3ChatTemplate(tokenizer, ids, tokensPerImage,
                        cutoff.find() ? cutoff.group(1) : Llama3ChatTemplate.KNOWLEDGE_CUTOFF,
                        date.find() ? date.group(2) : Llama3ChatTemplate.TODAY_DATE);
            }
            default -> {
                Matcher m = CHATML_DEFAULT_SYSTEM.matcher(t);
                // LLaVA-OneVision writes each image as '<image>\n' before the text.
                String imageSuffix = t.contains("'<image>\\n'") ? "\n" : "";
                yield new ChatMlTemplate(tokenizer, ids, tokensPerImage, m.find() ? unescapeJinja(m.group(2)) : null,
                        imageSuffix);
            }
        };
    }

    /**
     * The added tokens of a Hugging Face {@code tokenizer.json} (the control tokens of chat templates), by spelling.
     *
     * @throws IOException naming the file if it is missing, not JSON, or an entry lacks its id or content
     */
    public static Map<String, Integer> addedTokens(Path tokenizerJson) throws IOException {
        Objects.requireNonNull(tokenizerJson, "tokenizerJson");
        JsonNode root = readJson(tokenizerJson);
        Map<String, Integer> out = new HashMap<>();
        for (JsonNode t : root.path("added_tokens")) {
            if (!t.path("id").isInt() || !t.path("content").isTextual()) {
                throw new IOException(tokenizerJson + ": added_tokens entries need an integer id and a string"
                        + " content, got " + t);
            }
            out.put(t.get("content").textValue(), t.get("id").intValue());
        }
        return Map.copyOf(out);
    }

    private record Source(Path file, String text) {}

    private static Source readTemplate(Path dir) throws IOException {
        Path json = dir.resolve("chat_template.json");
        if (Files.isRegularFile(json)) {
            JsonNode n = readJson(json).path("chat_template");
            if (n.isTextual() && !n.textValue().isBlank()) {
                return new Source(json, n.textValue());
            }
        }
        Path jinja = dir.resolve("chat_template.jinja");
        if (Files.isRegularFile(jinja)) {
            String text = Files.readString(jinja, StandardCharsets.UTF_8);
            if (!text.isBlank()) {
                return new Source(jinja, text);
            }
        }
        Path config = dir.resolve("tokenizer_config.json");
        if (Files.isRegularFile(config)) {
            JsonNode n = readJson(config).path("chat_template");
            if (n.isTextual() && !n.textValue().isBlank()) {
                return new Source(config, n.textValue());
            }
            if (n.isArray()) {
                // Named templates (transformers' list form): the "default" one renders conversations.
                for (JsonNode named : n) {
                    if ("default".equals(named.path("name").asText()) && named.path("template").isTextual()) {
                        return new Source(config, named.get("template").textValue());
                    }
                }
                throw new IllegalArgumentException(config + ": chat_template lists named templates but none is"
                        + " named \"default\"");
            }
        }
        return null;
    }

    private static String modelType(Path dir) throws IOException {
        Path config = dir.resolve("config.json");
        return Files.isRegularFile(config) ? readJson(config).path("model_type").asText("unknown") : "unknown";
    }

    private static JsonNode readJson(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString());
        }
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            throw new IOException(file + ": not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new IOException(file + ": must hold a JSON object");
        }
        return root;
    }

    private static String quote(String text) {
        String head = text.length() > 60 ? text.substring(0, 60) + "..." : text;
        return "\"" + head.replace("\n", "\\n") + "\"";
    }

    /** The value of the body of a Jinja (Python-style) string literal. */
    static String unescapeJinja(String body) {
        StringBuilder out = new StringBuilder(body.length());
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c != '\\' || i + 1 == body.length()) {
                out.append(c);
                continue;
            }
            char e = body.charAt(++i);
            switch (e) {
                case 'n' -> out.append('\n');
                case 't' -> out.append('\t');
                case 'r' -> out.append('\r');
                case '\\', '\'', '"' -> out.append(e);
                default -> out.append('\\').append(e);
            }
        }
        return out.toString();
    }

    /**
     * {@code text} without leading and trailing whitespace as Python's {@code str.strip()} sees it (what Jinja's
     * {@code trim} filter calls), which counts more characters as whitespace than {@link String#strip()}.
     */
    static String pythonStrip(String text) {
        int start = 0;
        int end = text.length();
        while (start < end && isPythonSpace(text.charAt(start))) {
            start++;
        }
        while (end > start && isPythonSpace(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(start, end);
    }

    private static boolean isPythonSpace(char c) {
        return (c >= '\t' && c <= '\r') || (c >= '\u001c' && c <= ' ') || c == '\u0085' || c == '\u00a0'
                || c == '\u1680' || (c >= '\u2000' && c <= '\u200a') || c == '\u2028' || c == '\u2029'
                || c == '\u202f' || c == '\u205f' || c == '\u3000';
    }

    /**
     * The ids of {@code spellings} in {@code ids}, checked against the tokenizer's vocabulary.
     *
     * @throws IllegalArgumentException naming every missing spelling and every id out of the vocabulary
     */
    static int[] controlIds(String family, Map<String, Integer> ids, Tokenizer tokenizer, String... spellings) {
        Objects.requireNonNull(ids, "controlIds");
        List<String> missing = new ArrayList<>();
        int[] out = new int[spellings.length];
        for (int i = 0; i < spellings.length; i++) {
            Integer id = ids.get(spellings[i]);
            if (id == null) {
                missing.add(spellings[i]);
            } else if (id < 0 || id >= tokenizer.vocabSize()) {
                throw new IllegalArgumentException(family + " control token " + spellings[i] + " has id " + id
                        + ", outside the tokenizer's vocabulary [0, " + tokenizer.vocabSize() + ")");
            } else {
                out[i] = id;
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("the " + family + " chat template needs the control tokens "
                    + Arrays.toString(spellings) + " but " + missing + " are not among the " + ids.size()
                    + " given (the tokenizer.json's added tokens)");
        }
        return out;
    }

    /** Generation stops at the tokenizer's end-of-turn id, so it must be the id that ends the template's turns. */
    static void requireEndOfTurn(String family, Tokenizer tokenizer, String spelling, int id) {
        int eot = tokenizer.special().endOfTurn();
        if (eot != id) {
            throw new IllegalArgumentException("the " + family + " chat template ends turns with " + spelling + " (id "
                    + id + ") but the tokenizer's end-of-turn id is " + eot + "; load the tokenizer with"
                    + " SpecialTokenNames whose endOfTurn is " + spelling);
        }
    }

    /**
     * Prompt ids under construction: text accumulates until the next control token and is then encoded in one
     * piece, as Hugging Face tokenizers encode a rendered template (split at the added tokens, each piece on its
     * own), so that the ids match. Not thread-safe; one per prompt.
     */
    static final class PromptIds {
        private final Tokenizer tokenizer;
        private final StringBuilder pending = new StringBuilder();
        private final List<RgbImage> images = new ArrayList<>();
        private final List<Integer> starts = new ArrayList<>();
        private int[] data = new int[128];
        private int size;

        PromptIds(Tokenizer tokenizer) {
            this.tokenizer = tokenizer;
        }

        PromptIds text(String text) {
            pending.append(text);
            return this;
        }

        PromptIds control(int id) {
            flush();
            ensure(size + 1);
            data[size++] = id;
            return this;
        }

        /**
         * {@code count} copies of {@code placeholder} standing for {@code image}, recorded with its start.
         *
         * @throws IllegalArgumentException naming the image if {@code count} is 0 (a text-only template)
         */
        PromptIds image(RgbImage image, int placeholder, int count) {
            requireImages(count, image);
            flush();
            images.add(image);
            starts.add(size);
            ensure(size + count);
            Arrays.fill(data, size, size + count, placeholder);
            size += count;
            return this;
        }

        /**
         * {@code count} more copies of {@code placeholder} for the image recorded last (a split image's later
         * tiles), after the tokens between them.
         */
        PromptIds morePlaceholders(int placeholder, int count) {
            flush();
            ensure(size + count);
            Arrays.fill(data, size, size + count, placeholder);
            size += count;
            return this;
        }

        EncodedPrompt build() {
            flush();
            return new EncodedPrompt(Arrays.copyOf(data, size), images,
                    starts.stream().mapToInt(Integer::intValue).toArray());
        }

        private void flush() {
            if (pending.length() > 0) {
                int[] ids = tokenizer.encode(pending.toString());
                pending.setLength(0);
                ensure(size + ids.length);
                System.arraycopy(ids, 0, data, size, ids.length);
                size += ids.length;
            }
        }

        private void ensure(int capacity) {
            if (capacity > data.length) {
                data = Arrays.copyOf(data, Math.max(capacity, data.length * 2));
            }
        }
    }

    /** @throws IllegalArgumentException naming {@code image} if {@code tokensPerImage} is 0 (a text-only template) */
    static void requireImages(int tokensPerImage, RgbImage image) {
        if (tokensPerImage == 0) {
            throw new IllegalArgumentException("this template is text-only (tokensPerImage = 0) but the observation"
                    + " carries an image " + image);
        }
    }

    /** {@code body} followed by {@code last}. */
    static int[] append(int[] body, int last) {
        int[] out = Arrays.copyOf(body, body.length + 1);
        out[body.length] = last;
        return out;
    }
}
