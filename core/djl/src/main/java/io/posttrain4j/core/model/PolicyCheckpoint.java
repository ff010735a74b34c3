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

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import io.posttrain4j.core.io.AtomicFiles;
import io.posttrain4j.core.model.checkpoint.FloatTensor;
import io.posttrain4j.core.model.checkpoint.Safetensors;
import io.posttrain4j.core.model.checkpoint.SafetensorsFile;
import io.posttrain4j.core.model.checkpoint.TensorEntry;
import io.posttrain4j.core.model.tokenizer.Tokenizer;
import io.posttrain4j.core.model.tokenizer.Tokenizers;
import io.posttrain4j.core.train.NoGrad;
import io.posttrain4j.core.train.Provenance;

/**
 * The checkpoint folder of the default policy: {@code config.json}, {@code model.safetensors} (float32, Hugging
 * Face tensor names and {@code (out, in)} layouts), the tokenizer files and {@value #PROVENANCE}. Also reads
 * Hugging Face Llama-family folders (one {@code model.safetensors} or shards listed in
 * {@code model.safetensors.index.json}; F32, F16 or BF16, widened to float32 in Java).
 */
final class PolicyCheckpoint {
    static final String CONFIG = "config.json";
    static final String WEIGHTS = "model.safetensors";
    static final String INDEX = "model.safetensors.index.json";
    static final String PROVENANCE = "posttrain4j-model.json";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private PolicyCheckpoint() {}

    /** The files of a Hugging Face folder that carry its chat template, copied along when such a model is saved. */
    static final List<String> TEMPLATE_FILES = List.of("tokenizer_config.json", "chat_template.jinja",
            "chat_template.json");

    /**
     * Writes the folder into a staging sibling and swaps it in, so {@code dir} is complete or absent.
     *
     * @param templateSource a folder whose chat-template files ({@link #TEMPLATE_FILES}) are copied along, or null
     */
    static void save(Network net, Tokenizer tokenizer, Map<String, Object> provenance, long seed, Path dir,
            Path templateSource) throws IOException {
        Path target = dir.toAbsolutePath().normalize();
        Path staging = target.resolveSibling("." + target.getFileName() + ".staging-" + System.nanoTime());
        Files.createDirectories(staging);
        try {
            ModelConfigJson.write(net.config, staging.resolve(CONFIG));
            Map<String, FloatTensor> tensors = new LinkedHashMap<>();
            try (NoGrad ignored = NoGrad.enter()) {
                for (Map.Entry<String, NDArray> e : net.parameters().entrySet()) {
                    tensors.put(e.getKey(), new FloatTensor(e.getValue().getShape().getShape(),
                            e.getValue().toFloatArray()));
                }
            }
            Safetensors.write(staging.resolve(WEIGHTS), tensors, Map.of("format", "pt"));
            Tokenizers.save(tokenizer, staging);
            if (templateSource != null) {
                for (String name : TEMPLATE_FILES) {
                    if (Files.isRegularFile(templateSource.resolve(name))) {
                        Files.copy(templateSource.resolve(name), staging.resolve(name));
                    }
                }
            }
            Provenance p = Provenance.now("model", seed, provenance);
            AtomicFiles.writeString(staging.resolve(PROVENANCE), JSON.writeValueAsString(p));
            AtomicFiles.replaceDirectory(staging, target);
        } catch (IOException | RuntimeException e) {
            AtomicFiles.deleteRecursively(staging);
            throw e;
        }
    }

    /** Whether {@code dir} was written by {@link #save} (rather than downloaded from Hugging Face). */
    static boolean isOwn(Path dir) {
        return Files.isRegularFile(dir.resolve(PROVENANCE));
    }

    /**
     * Checks that the tensors of {@code dir} have the shapes the model of {@code config} needs, reading only the
     * file headers: a config.json that does not match its weights (e.g. a damaged {@code vocab_size}) fails
     * here, naming the folder and the tensor, before any memory is allocated for the model.
     *
     * @param strict as for {@link #load}
     */
    static void checkShapes(ModelConfig config, Path dir, boolean strict) throws IOException {
        Map<String, long[]> expected = new LinkedHashMap<>();
        ParameterLayout.of(config).forEach((name, spec) -> expected.put(name, spec.shape()));
        Map<String, Path> where = tensorFiles(dir);
        Map<String, SafetensorsFile> open = new LinkedHashMap<>();
        try {
            check(dir, expected, entries(where, open), strict, n -> stored(config, strict, n, where.keySet()));
        } finally {
            for (SafetensorsFile f : open.values()) {
                f.close();
            }
        }
    }

    /**
     * Copies the tensors of {@code dir} into the parameters of {@code net}, in place (autograd flags kept).
     * Every shape is checked before any value is copied, so a load that fails on a shape leaves the weights
     * unchanged; values are checked as they are copied, and a tensor holding NaN or an infinity fails the load
     * naming the folder, file and tensor (earlier tensors are then already copied).
     *
     * @param strict whether every parameter must be present and no other tensor may be (own checkpoints);
     *     otherwise every parameter but the value head is read and other tensors are ignored (Hugging Face
     *     checkpoints)
     * @throws IOException naming the folder and the missing tensor, the shape mismatch or the damaged file
     */
    static void load(Network net, Path dir, boolean strict) throws IOException {
        Map<String, Path> where = tensorFiles(dir);
        Map<String, SafetensorsFile> open = new LinkedHashMap<>();
        try {
            Map<String, long[]> expected = new LinkedHashMap<>();
            net.parameters().forEach((name, p) -> expected.put(name, p.getShape().getShape()));
            java.util.function.UnaryOperator<String> stored = n -> stored(net.config, strict, n, where.keySet());
            List<String> wanted = check(dir, expected, entries(where, open), strict, stored);
            try (NoGrad ignored = NoGrad.enter()) {
                for (String name : wanted) {
                    String key = stored.apply(name);
                    SafetensorsFile f = open.get(where.get(key).toString());
                    FloatTensor t = f.read(key);
                    float[] values = t.data();
                    for (int i = 0; i < values.length; i++) {
                        if (!Float.isFinite(values[i])) {
                            throw new IOException(dir + ": tensor '" + key + "' in " + where.get(key).getFileName()
                                    + " holds " + values[i] + " at element " + i + "; the weights are damaged");
                        }
                    }
                    NDArray param = net.parameters().get(name);
                    try (NDArray src = net.manager.create(t.data(), new Shape(t.shape()))) {
                        // In place, so the parameter keeps its identity and requiresGrad (djl-notes trap 6).
                        param.set(new NDIndex("..."), src);
                    }
                }
            }
        } finally {
            for (SafetensorsFile f : open.values()) {
                f.close();
            }
        }
    }

    /** Opens every file of {@code where} into {@code open} and returns the entry of each tensor. */
    private static Map<String, TensorEntry> entries(Map<String, Path> where, Map<String, SafetensorsFile> open)
            throws IOException {
        Map<String, TensorEntry> entries = new LinkedHashMap<>();
        for (Path file : new java.util.LinkedHashSet<>(where.values())) {
            SafetensorsFile f = Safetensors.read(file);
            open.put(file.toString(), f);
            for (String name : f.names()) {
                if (where.get(name) != null && where.get(name).equals(file)) {
                    entries.put(name, f.entry(name));
                }
            }
        }
        return entries;
    }

    /** Checks presence and shapes of the {@code expected} tensors; returns the names to copy. */
    private static List<String> check(Path dir, Map<String, long[]> expected, Map<String, TensorEntry> entries,
            boolean strict, java.util.function.UnaryOperator<String> stored) throws IOException {
        List<String> wanted = new ArrayList<>();
        for (Map.Entry<String, long[]> e : expected.entrySet()) {
            String name = e.getKey();
            if (!strict && !ParameterLayout.fromCheckpoint(name)) {
                continue;
            }
            String key = stored.apply(name);
            TensorEntry t = entries.get(key);
            if (t == null) {
                throw new IOException(dir + ": checkpoint has no tensor '" + key + "' (expected shape "
                        + Arrays.toString(e.getValue()) + "); it holds " + entries.size() + " tensors, e.g. "
                        + sample(entries.keySet()));
            }
            if (!Arrays.equals(t.shape(), e.getValue())) {
                throw new IOException(dir + ": tensor '" + key + "' has shape " + Arrays.toString(t.shape())
                        + ", the model expects " + Arrays.toString(e.getValue())
                        + " (does config.json match the weights?)");
            }
            wanted.add(name);
        }
        if (strict) {
            TreeSet<String> extra = new TreeSet<>(entries.keySet());
            extra.removeAll(expected.keySet());
            if (!extra.isEmpty()) {
                throw new IOException(dir + ": checkpoint holds " + extra.size() + " tensors the model does "
                        + "not have, e.g. " + sample(extra));
            }
        }
        return wanted;
    }

    /** The names of the tensors in {@code dir} (the index's weight_map or the single weights file's header). */
    static java.util.Set<String> tensorNames(Path dir) throws IOException {
        return tensorFiles(dir).keySet();
    }

    /**
     * The module path of the parameter {@code name} in the transformers 5.x model, as PEFT names an adapter's
     * arrays: SmolVLM / Idefics3 keep the decoder under {@code model.text_model.}, LLaVA-OneVision under
     * {@code model.language_model.}; text models use the parameters' names.
     */
    static String storedName(ModelConfig config, boolean own, String name) {
        if (own || config.siglip() == null || !name.startsWith("model.") || name.startsWith("model.vision_model.")
                || name.startsWith("model.connector.") || name.startsWith("model.multi_modal_projector.")
                || name.equals("model.image_newline")) {
            return name;
        }
        String rest = name.substring("model.".length());
        return config.siglip().connector() == ModelConfig.Siglip.Connector.ANYRES_MLP
                ? "model.language_model." + rest : "model.text_model." + rest;
    }

    /**
     * The names under which a Hugging Face folder may store the parameter {@code name}, in the order they are
     * tried: one for text models and SmolVLM; for LLaVA-OneVision the layouts transformers writes (5.17 by
     * default: {@code language_model.model.*}, {@code vision_tower.*}, {@code multi_modal_projector.*},
     * {@code image_newline}), those of 4.x hub checkpoints ({@code vision_tower.vision_model.*},
     * {@code language_model.lm_head.weight}) and the module paths ({@code model.language_model.*}, ...).
     */
    static List<String> storedCandidates(ModelConfig config, boolean own, String name) {
        if (own || config.siglip() == null
                || config.siglip().connector() != ModelConfig.Siglip.Connector.ANYRES_MLP) {
            return List.of(storedName(config, own, name));
        }
        if (name.startsWith("model.vision_model.")) {
            String rest = name.substring("model.vision_model.".length());
            return List.of("vision_tower." + rest, "vision_tower.vision_model." + rest, "model.vision_tower." + rest,
                    "model.vision_tower.vision_model." + rest);
        }
        if (name.startsWith("model.multi_modal_projector.")) {
            return List.of(name.substring("model.".length()), name);
        }
        if (name.equals("model.image_newline")) {
            return List.of("image_newline", name);
        }
        if (name.equals("lm_head.weight")) {
            return List.of("language_model.lm_head.weight", name);
        }
        String rest = name.substring("model.".length());
        return List.of("language_model.model." + rest, "model.language_model." + rest);
    }

    /** The first of {@link #storedCandidates} that {@code present} holds, else the first candidate. */
    static String stored(ModelConfig config, boolean own, String name, java.util.Set<String> present) {
        List<String> candidates = storedCandidates(config, own, name);
        for (String c : candidates) {
            if (present.contains(c)) {
                return c;
            }
        }
        return candidates.get(0);
    }

    /** Which file holds each tensor: the index's weight_map, or every tensor of the single weights file. */
    private static Map<String, Path> tensorFiles(Path dir) throws IOException {
        Path index = dir.resolve(INDEX);
        Path single = dir.resolve(WEIGHTS);
        Map<String, Path> where = new LinkedHashMap<>();
        if (Files.isRegularFile(single)) {
            try (SafetensorsFile f = Safetensors.read(single)) {
                for (String name : f.names()) {
                    where.put(name, single);
                }
            }
            return where;
        }
        if (!Files.isRegularFile(index)) {
            throw new NoSuchFileException(dir.toString(), null, "no " + WEIGHTS + " or " + INDEX + " here");
        }
        JsonNode map = JSON.readTree(index.toFile()).path("weight_map");
        if (!map.isObject() || map.isEmpty()) {
            throw new IOException(index + ": needs a non-empty object 'weight_map' (tensor name -> file)");
        }
        for (Map.Entry<String, JsonNode> e : map.properties()) {
            Path file = dir.resolve(e.getValue().asText()).normalize();
            if (!file.startsWith(dir.normalize()) || !Files.isRegularFile(file)) {
                throw new IOException(index + ": tensor '" + e.getKey() + "' maps to missing file " + e.getValue());
            }
            where.put(e.getKey(), file);
        }
        return where;
    }

    private static String sample(java.util.Collection<String> names) {
        List<String> s = new ArrayList<>(names).subList(0, Math.min(5, names.size()));
        return s + (names.size() > 5 ? " ..." : "");
    }
}
