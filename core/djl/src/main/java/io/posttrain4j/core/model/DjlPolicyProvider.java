package io.posttrain4j.core.model;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import ai.djl.Device;
import io.posttrain4j.core.model.tokenizer.ByteTokenizer;
import io.posttrain4j.core.model.tokenizer.DefaultChatTemplate;
import io.posttrain4j.core.model.tokenizer.Tokenizer;
import io.posttrain4j.core.model.tokenizer.Tokenizers;
import io.posttrain4j.core.policy.PolicyProvider;
import io.posttrain4j.core.train.TrainablePolicy;

/**
 * Registers {@link DjlPolicy} under the id {@code djl}: the presets of {@link ModelConfig#preset} or a checkpoint
 * folder (one written by {@link DjlPolicy#save} or a Hugging Face Llama/Mistral/Qwen2 folder).
 *
 * <p>Options: {@code seed} (a long, default 0: the initial weights, and the value head of a Hugging Face folder),
 * {@code device} ({@code cpu} default, {@code gpu}, {@code gpu:N}; a missing GPU fails loudly), {@code tokenizer}
 * (presets only: {@code byte} default, or a folder written by {@code Tokenizers.save}; the vocabulary size
 * follows it), {@code maxPositions} (presets only: the longest prompt + response, default the preset's; long
 * revision conversations need more), {@code lora} (folders only: a fresh LoRA adapter in the form of
 * {@link LoraConfig#parse}, e.g. {@code r=16,alpha=32}; only the adapter and the value head train), {@code adapter}
 * (folders only: an adapter folder, as PEFT writes it, loaded onto the model folder). A folder that is itself an
 * adapter loads onto the base it names. Stateless and thread-safe.
 */
public final class DjlPolicyProvider implements PolicyProvider {
    /** The provider id. */
    public static final String ID = "djl";

    private static final Set<String> OPTIONS = Set.of("seed", "device", "tokenizer", "maxPositions", "lora",
            "adapter");

    public DjlPolicyProvider() {}

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<String> presets() {
        return ModelConfig.PRESETS;
    }

    @Override
    public TrainablePolicy create(String nameOrPath, Map<String, String> options) {
        for (String key : options.keySet()) {
            if (!OPTIONS.contains(key)) {
                throw new IllegalArgumentException("unknown option '" + key + "' for policy provider djl; known: "
                        + String.join(", ", new TreeSet<>(OPTIONS)));
            }
        }
        long seed = parseSeed(options.getOrDefault("seed", "0"));
        Device device = Devices.parse(options.getOrDefault("device", "cpu"));
        if (ModelConfig.PRESETS.contains(nameOrPath)) {
            for (String folderOnly : List.of("lora", "adapter")) {
                if (options.containsKey(folderOnly)) {
                    throw new IllegalArgumentException("option " + folderOnly + " applies to a model folder (a "
                            + "pretrained base), not to the preset '" + nameOrPath + "'");
                }
            }
            Tokenizer tok = tokenizer(options.getOrDefault("tokenizer", "byte"));
            ModelConfig config = ModelConfig.preset(nameOrPath).withVocabSize(tok.vocabSize());
            if (options.containsKey("maxPositions")) {
                config = config.withMaxPositions(parsePositive("maxPositions", options.get("maxPositions")));
            }
            return DjlPolicy.create(config, new DefaultChatTemplate(tok, config.patchCount()), seed, device);
        }
        Path dir = Path.of(nameOrPath);
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("'" + nameOrPath + "' is neither a preset (" + String.join(", ",
                    ModelConfig.PRESETS) + ") nor a checkpoint folder");
        }
        for (String presetOnly : List.of("tokenizer", "maxPositions")) {
            if (options.containsKey(presetOnly)) {
                throw new IllegalArgumentException("option " + presetOnly + " applies to presets only; a checkpoint "
                        + "folder brings its own " + (presetOnly.equals("tokenizer") ? "tokenizer" : "config"));
            }
        }
        if (options.containsKey("lora") && options.containsKey("adapter")) {
            throw new IllegalArgumentException("options lora (a new adapter) and adapter (a saved one) exclude each "
                    + "other");
        }
        try {
            if (options.containsKey("lora")) {
                return DjlPolicy.load(dir, seed, device, LoraConfig.parse(options.get("lora")));
            }
            if (options.containsKey("adapter")) {
                Path adapter = Path.of(options.get("adapter"));
                if (!Files.isDirectory(adapter)) {
                    throw new IllegalArgumentException("option adapter must be an adapter folder (adapter_config.json"
                            + " and adapter_model.safetensors), got '" + adapter + "'");
                }
                return DjlPolicy.loadAdapter(dir, adapter, seed, device);
            }
            return DjlPolicy.load(dir, seed, device);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load policy checkpoint " + dir + ": " + e.getMessage(), e);
        }
    }

    private static long parseSeed(String s) {
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("option seed must be a long, got '" + s + "'");
        }
    }

    private static int parsePositive(String name, String s) {
        try {
            int v = Integer.parseInt(s.trim());
            if (v > 0) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("option " + name + " must be a positive int, got '" + s + "'");
    }

    private static Tokenizer tokenizer(String spec) {
        if (spec.equals("byte")) {
            return new ByteTokenizer();
        }
        Path dir = Path.of(spec);
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("option tokenizer must be 'byte' or a tokenizer folder, got '"
                    + spec + "'");
        }
        try {
            return Tokenizers.load(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load tokenizer from " + dir + ": " + e.getMessage(), e);
        }
    }
}
