package io.posttrain4j.core.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import io.posttrain4j.core.io.AtomicFiles;
import io.posttrain4j.core.model.checkpoint.FloatTensor;
import io.posttrain4j.core.model.checkpoint.Safetensors;
import io.posttrain4j.core.model.checkpoint.SafetensorsFile;
import io.posttrain4j.core.train.NoGrad;
import io.posttrain4j.core.train.Provenance;

/**
 * A LoRA adapter folder in PEFT's format: {@value #CONFIG} ({@code peft_type} LORA, {@code r}, {@code lora_alpha},
 * {@code lora_dropout}, {@code use_rslora}, {@code target_modules}, {@code base_model_name_or_path}) and
 * {@value #WEIGHTS} with PEFT's key names ({@code base_model.model.model.layers.0.self_attn.q_proj.lora_A.weight});
 * the value head is saved beside them as a module to save ({@code base_model.model.value_head.layers.0.weight},
 * listed in {@code modules_to_save}). PEFT loads such a folder onto the base model; this class reads folders
 * PEFT wrote.
 */
final class LoraCheckpoint {
    static final String CONFIG = "adapter_config.json";
    static final String WEIGHTS = "adapter_model.safetensors";
    static final String PROVENANCE = "posttrain4j-adapter.json";
    static final String PREFIX = "base_model.model.";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private LoraCheckpoint() {}

    /** Whether {@code dir} holds an adapter (an {@value #CONFIG}). */
    static boolean isAdapter(Path dir) {
        return Files.isRegularFile(dir.resolve(CONFIG));
    }

    /**
     * Reads the adapter's config, refusing what this library does not compute (DoRA, biases, per-module ranks,
     * layer subsets, fan-in-fan-out layouts) with the file and the key named.
     */
    static LoraConfig readConfig(Path dir) throws IOException {
        Path file = dir.resolve(CONFIG);
        JsonNode root = readJson(file);
        String type = root.path("peft_type").asText("");
        if (!type.equals("LORA")) {
            throw new IOException(file + ": peft_type '" + type + "' is not supported; supported: LORA");
        }
        refuseIf(file, "use_dora", root.path("use_dora").asBoolean(false), "false");
        refuseIf(file, "fan_in_fan_out", root.path("fan_in_fan_out").asBoolean(false), "false");
        String bias = root.path("bias").asText("none");
        refuseIf(file, "bias", !bias.equals("none"), "\"none\"");
        for (String key : List.of("rank_pattern", "alpha_pattern")) {
            JsonNode n = root.get(key);
            refuseIf(file, key, n != null && !n.isNull() && !n.isEmpty(), "{} (one rank and alpha for all)");
        }
        for (String key : List.of("layers_to_transform", "exclude_modules", "target_parameters",
                "alora_invocation_tokens", "layer_replication")) {
            JsonNode n = root.get(key);
            refuseIf(file, key, n != null && !n.isNull(), "null");
        }
        JsonNode r = root.get("r");
        if (r == null || !r.canConvertToInt()) {
            throw new IOException(file + ": field 'r' must be an integer, got " + r);
        }
        JsonNode targets = root.get("target_modules");
        List<String> names = new ArrayList<>();
        String regex = null;
        if (targets != null && targets.isTextual()) {
            regex = targets.textValue();
        } else if (targets != null && targets.isArray()) {
            targets.forEach(t -> names.add(t.asText()));
        } else {
            throw new IOException(file + ": field 'target_modules' must be a list of names or a regex string, got "
                    + targets);
        }
        try {
            return new LoraConfig(r.intValue(), root.path("lora_alpha").asDouble(8),
                    root.path("lora_dropout").asDouble(0), root.path("use_rslora").asBoolean(false), names, regex);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    /** The base model folder the adapter names: absolute, or relative to the adapter folder. */
    static Path basePath(Path dir) throws IOException {
        Path file = dir.resolve(CONFIG);
        JsonNode n = readJson(file).get("base_model_name_or_path");
        if (n == null || !n.isTextual() || n.textValue().isBlank()) {
            throw new IOException(file + ": field 'base_model_name_or_path' must name the base model folder, got "
                    + n);
        }
        Path base = dir.resolve(n.textValue()).normalize();
        if (!Files.isDirectory(base)) {
            throw new NoSuchFileException(base.toString(), null, file + " names base model '" + n.textValue()
                    + "', which is not a folder here (a Hugging Face hub id must be downloaded first)");
        }
        return base;
    }

    /** Writes the adapter of {@code net} (and its value head) as PEFT would, atomically. */
    static void save(Network net, Path base, long seed, Map<String, Object> info, Path dir) throws IOException {
        LoraConfig c = net.loraConfig();
        Path target = dir.toAbsolutePath().normalize();
        Path staging = target.resolveSibling("." + target.getFileName() + ".staging-" + System.nanoTime());
        Files.createDirectories(staging);
        try {
            ObjectNode root = JSON.createObjectNode();
            root.put("peft_type", "LORA");
            root.put("task_type", "CAUSAL_LM");
            root.put("base_model_name_or_path", base.toAbsolutePath().normalize().toString());
            root.put("r", c.rank());
            root.put("lora_alpha", c.alpha());
            root.put("lora_dropout", c.dropout());
            root.put("use_rslora", c.rsLora());
            if (c.targetRegex() != null) {
                root.put("target_modules", c.targetRegex());
            } else {
                c.targetModules().forEach(root.putArray("target_modules")::add);
            }
            root.put("bias", "none");
            root.put("fan_in_fan_out", false);
            root.put("use_dora", false);
            root.put("init_lora_weights", true);
            root.put("inference_mode", true);
            root.putArray("modules_to_save").add("value_head");
            AtomicFiles.writeString(staging.resolve(CONFIG), JSON.writeValueAsString(root));
            Map<String, FloatTensor> tensors = new LinkedHashMap<>();
            try (NoGrad ignored = NoGrad.enter()) {
                for (Map.Entry<String, NDArray> e : savedArrays(net).entrySet()) {
                    tensors.put(PREFIX + e.getKey(), new FloatTensor(e.getValue().getShape().getShape(),
                            e.getValue().toFloatArray()));
                }
            }
            Safetensors.write(staging.resolve(WEIGHTS), tensors, Map.of("format", "pt"));
            AtomicFiles.writeString(staging.resolve(PROVENANCE),
                    JSON.writeValueAsString(Provenance.now("adapter", seed, info)));
            AtomicFiles.replaceDirectory(staging, target);
        } catch (IOException | RuntimeException e) {
            AtomicFiles.deleteRecursively(staging);
            throw e;
        }
    }

    /**
     * Copies an adapter folder's tensors into the adapter (and, when present, the value head) of {@code net}.
     * Every key must name an adapter array or a value-head parameter of this model, and every adapter array must
     * be present; shapes are checked before any value is copied.
     *
     * @throws IOException naming the folder, the file and the key
     */
    static void load(Network net, Path dir) throws IOException {
        Path file = dir.resolve(WEIGHTS);
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, "an adapter folder needs " + WEIGHTS);
        }
        Map<String, NDArray> targets = savedArrays(net);
        try (SafetensorsFile f = Safetensors.read(file)) {
            Map<String, String> keyOf = new LinkedHashMap<>();
            for (String key : f.names()) {
                String name = key.startsWith(PREFIX) ? key.substring(PREFIX.length()) : key;
                NDArray into = targets.get(name);
                if (into == null && (name.contains("vision_model.") || name.contains("vision_tower."))) {
                    throw new IOException(file + ": tensor '" + key + "' adapts the vision encoder; adapters are "
                            + "supported on the decoder's projections only");
                }
                if (into == null) {
                    throw new IOException(file + ": tensor '" + key + "' matches no adapter array of this model ("
                            + net.loraParameters().size() + " LoRA arrays for targets " + describe(net.loraConfig())
                            + ", e.g. " + PREFIX + targets.keySet().iterator().next() + ")");
                }
                if (!Arrays.equals(f.entry(key).shape(), into.getShape().getShape())) {
                    throw new IOException(file + ": tensor '" + key + "' has shape "
                            + Arrays.toString(f.entry(key).shape()) + ", the model expects "
                            + Arrays.toString(into.getShape().getShape()));
                }
                keyOf.put(name, key);
            }
            TreeSet<String> missing = new TreeSet<>();
            net.loraParameters().keySet().forEach(n -> missing.add(PolicyCheckpoint.storedName(net.config, false, n)));
            missing.removeAll(keyOf.keySet());
            if (!missing.isEmpty()) {
                throw new IOException(file + ": the adapter config targets " + missing.size() + " arrays the file "
                        + "does not hold, e.g. " + PREFIX + missing.first());
            }
            try (NoGrad ignored = NoGrad.enter()) {
                for (Map.Entry<String, String> e : keyOf.entrySet()) {
                    FloatTensor t = f.read(e.getValue());
                    for (float v : t.data()) {
                        if (!Float.isFinite(v)) {
                            throw new IOException(file + ": tensor '" + e.getValue() + "' holds " + v);
                        }
                    }
                    NDArray param = targets.get(e.getKey());
                    try (NDArray src = net.manager.create(t.data(), new Shape(t.shape()))) {
                        param.set(new NDIndex("..."), src);
                    }
                }
            }
        }
    }

    /**
     * The arrays an adapter folder holds, by their name in the folder (without {@code base_model.model.}): the
     * LoRA pairs under the names of the Hugging Face model (SmolVLM's decoder under {@code model.text_model.}),
     * then the value head.
     */
    private static Map<String, NDArray> savedArrays(Network net) {
        Map<String, NDArray> out = new LinkedHashMap<>();
        net.loraParameters().forEach((name, a) -> out.put(PolicyCheckpoint.storedName(net.config, false, name), a));
        net.parameters().forEach((name, a) -> {
            if (name.startsWith("value_head.")) {
                out.put(name, a);
            }
        });
        return out;
    }

    private static String describe(LoraConfig c) {
        return c.targetRegex() != null ? "'" + c.targetRegex() + "'" : c.targetModules().toString();
    }

    private static void refuseIf(Path file, String key, boolean bad, String accepted) throws IOException {
        if (bad) {
            throw new IOException(file + ": " + key + " is not supported here; accepted: " + accepted);
        }
    }

    private static JsonNode readJson(Path file) throws IOException {
        JsonNode root = JSON.readTree(file.toFile());
        if (root == null || !root.isObject()) {
            throw new IOException(file + ": not a JSON object");
        }
        return root;
    }
}
