package io.posttrain4j.sft.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.posttrain4j.core.env.Message;
import io.posttrain4j.core.env.Role;
import io.posttrain4j.core.image.RgbImage;
import io.posttrain4j.core.io.AtomicFiles;

/**
 * Reads and writes the study's SFT data format: a LLaVA-style JSON list of items
 * <pre>{"image": "images/000001.png", "conversations": [{"from": "human", "value": "&lt;image&gt;\n..."},
 * {"from": "gpt", "value": "..."}]}</pre>
 * {@code image} is optional, a path relative to the JSON file's folder, or a list of paths when an item holds
 * several images. Each {@code <image>} placeholder in a human turn stands for the next image of the item, in order;
 * the placeholders (with one adjacent newline) are removed from the text, since {@link Message} keeps images apart.
 * Turns are {@code human}/{@code user}, {@code gpt}/{@code assistant}, or {@code system} first.
 *
 * <p>Writing puts images as PNG files under {@code images/} beside the JSON and writes every file atomically, the
 * JSON last, so a reader never sees a list that names missing images. Errors name the item index and field.
 */
public final class LlavaJson {
    /** The placeholder that marks an image's place in a human turn. */
    public static final String IMAGE_TOKEN = "<image>";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private LlavaJson() {}

    /** Writes {@code data} to {@code file}, images to {@code images/NNNNNN-K.png} beside it. */
    public static void write(Path file, List<SftConversation> data) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        ArrayNode items = JSON.createArrayNode();
        for (int i = 0; i < data.size(); i++) {
            ObjectNode item = items.addObject();
            List<String> paths = new ArrayList<>();
            ArrayNode turns = JSON.createArrayNode();
            for (Message m : data.get(i).messages()) {
                StringBuilder value = new StringBuilder();
                for (RgbImage img : m.images()) {
                    String rel = String.format("images/%06d-%d.png", i, paths.size());
                    img.writePng(dir.resolve(rel));
                    paths.add(rel);
                    value.append(IMAGE_TOKEN).append('\n');
                }
                value.append(m.text());
                ObjectNode turn = turns.addObject();
                turn.put("from", switch (m.role()) {
                    case SYSTEM -> "system";
                    case USER -> "human";
                    case ASSISTANT -> "gpt";
                });
                turn.put("value", value.toString());
            }
            if (paths.size() == 1) {
                item.put("image", paths.get(0));
            } else if (paths.size() > 1) {
                ArrayNode list = item.putArray("image");
                paths.forEach(list::add);
            }
            item.set("conversations", turns);
        }
        AtomicFiles.writeString(file, JSON.writeValueAsString(items) + "\n");
    }

    /**
     * Reads a file written by {@link #write} or by the study's data scripts.
     *
     * @throws LlavaFormatException naming the item index and field of the first problem
     */
    public static List<SftConversation> read(Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            throw new LlavaFormatException(file + ": not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isArray()) {
            throw new LlavaFormatException(file + ": expected a JSON list of items, got "
                    + (root == null ? "an empty file" : root.getNodeType().toString().toLowerCase()));
        }
        List<SftConversation> out = new ArrayList<>(root.size());
        for (int i = 0; i < root.size(); i++) {
            out.add(item(file, dir, i, root.get(i)));
        }
        return out;
    }

    private static SftConversation item(Path file, Path dir, int index, JsonNode item) throws IOException {
        String where = file.getFileName() + ": item " + index;
        if (!item.isObject()) {
            throw new LlavaFormatException(where + ": expected an object, got " + item.getNodeType().toString().toLowerCase());
        }
        List<String> paths = imagePaths(where, item.get("image"));
        JsonNode turns = item.get("conversations");
        if (turns == null) {
            throw new LlavaFormatException(where + ": field 'conversations' is missing");
        }
        if (!turns.isArray() || turns.isEmpty()) {
            throw new LlavaFormatException(where + ": field 'conversations' must be a non-empty list of turns");
        }
        List<Message> messages = new ArrayList<>();
        int used = 0;
        for (int t = 0; t < turns.size(); t++) {
            String field = "conversations[" + t + "]";
            JsonNode turn = turns.get(t);
            JsonNode from = turn.get("from");
            JsonNode value = turn.get("value");
            if (from == null || !from.isTextual()) {
                throw new LlavaFormatException(where + ": field '" + field + ".from' is missing or not a string");
            }
            if (value == null || !value.isTextual()) {
                throw new LlavaFormatException(where + ": field '" + field + ".value' is missing or not a string");
            }
            Role role = switch (from.asText()) {
                case "human", "user" -> Role.USER;
                case "gpt", "assistant" -> Role.ASSISTANT;
                case "system" -> Role.SYSTEM;
                default -> throw new LlavaFormatException(where + ": field '" + field
                        + ".from' must be human or gpt (or system), got '" + from.asText() + "'");
            };
            String text = value.asText();
            int placeholders = count(text);
            if (placeholders > 0 && role != Role.USER) {
                throw new LlavaFormatException(where + ": field '" + field + ".value' holds " + IMAGE_TOKEN
                        + " but only human turns carry images");
            }
            if (used + placeholders > paths.size()) {
                throw new LlavaFormatException(where + ": field '" + field + ".value' holds more " + IMAGE_TOKEN
                        + " placeholders than field 'image' lists (" + paths.size() + ")");
            }
            List<RgbImage> images = new ArrayList<>();
            for (int k = 0; k < placeholders; k++) {
                images.add(image(where, dir, paths.get(used++)));
            }
            messages.add(new Message(role, strip(text), images));
        }
        if (used != paths.size()) {
            throw new LlavaFormatException(where + ": field 'image' lists " + paths.size() + " image(s) but the "
                    + "conversations hold " + used + " " + IMAGE_TOKEN + " placeholder(s)");
        }
        try {
            return new SftConversation(messages);
        } catch (IllegalArgumentException e) {
            throw new LlavaFormatException(where + ": field 'conversations': " + e.getMessage());
        }
    }

    private static List<String> imagePaths(String where, JsonNode image) throws LlavaFormatException {
        List<String> paths = new ArrayList<>();
        if (image == null || image.isNull()) {
            return paths;
        }
        if (image.isTextual()) {
            paths.add(image.asText());
        } else if (image.isArray()) {
            for (JsonNode p : image) {
                if (!p.isTextual()) {
                    throw new LlavaFormatException(where + ": field 'image' must hold paths as strings");
                }
                paths.add(p.asText());
            }
        } else {
            throw new LlavaFormatException(where + ": field 'image' must be a path or a list of paths");
        }
        return paths;
    }

    private static RgbImage image(String where, Path dir, String rel) throws LlavaFormatException {
        Path p = dir.resolve(rel);
        if (!Files.isRegularFile(p)) {
            throw new LlavaFormatException(where + ": field 'image': no file '" + rel + "' (relative to " + dir + ")");
        }
        try {
            return RgbImage.read(p);
        } catch (IOException e) {
            throw new LlavaFormatException(where + ": field 'image': cannot read '" + rel + "': " + e.getMessage());
        }
    }

    private static int count(String text) {
        int n = 0;
        for (int i = text.indexOf(IMAGE_TOKEN); i >= 0; i = text.indexOf(IMAGE_TOKEN, i + IMAGE_TOKEN.length())) {
            n++;
        }
        return n;
    }

    /** Removes each placeholder with the newline that follows (or precedes) it. */
    private static String strip(String text) {
        return text.replace(IMAGE_TOKEN + "\n", "").replace("\n" + IMAGE_TOKEN, "").replace(IMAGE_TOKEN, "");
    }
}
