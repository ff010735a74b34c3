package io.posttrain4j.core.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.posttrain4j.core.io.AtomicFiles;

/**
 * Reads and writes {@link ModelConfig} as a Hugging Face-style {@code config.json}.
 *
 * <p>The text fields use the Llama key names ({@code hidden_size}, {@code num_key_value_heads}, ...); the image
 * encoder sits under {@code vision_config} and the value head under {@code value_head_hidden_sizes}. A real
 * Llama, Mistral or Qwen2 {@code config.json} reads as a text-only config (Qwen2 gets q/k/v biases) with the
 * study's value head (1024, 512). Thread-safe.
 */
public final class ModelConfigJson {
    /** The {@code model_type} this library writes. */
    public static final String MODEL_TYPE = "posttrain4j_vlm";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final Set<String> TEXT_TYPES = Set.of(MODEL_TYPE, "llama", "mistral", "qwen2");
    /** Vision-language types: SmolVLM and its Idefics3 architecture (SigLIP, pixel shuffle, a Llama decoder). */
    private static final Set<String> VLM_TYPES = Set.of("smolvlm", "idefics3");
    /** Written (true) when the rotary tables follow transformers' float32 arithmetic; see ModelConfig. */
    static final String ROPE_FLOAT32 = "rope_float32";
    private static final List<Integer> STUDY_VALUE_HEAD = List.of(1024, 512);

    private ModelConfigJson() {}

    /** The JSON text of {@code config}. */
    public static String toJson(ModelConfig config) {
        ObjectNode root = JSON.createObjectNode();
        root.putArray("architectures").add("Posttrain4jVlmForCausalLM");
        root.put("model_type", MODEL_TYPE);
        root.put("vocab_size", config.vocabSize());
        root.put("hidden_size", config.hiddenSize());
        root.put("num_hidden_layers", config.layers());
        root.put("num_attention_heads", config.heads());
        root.put("num_key_value_heads", config.kvHeads());
        root.put("intermediate_size", config.intermediateSize());
        root.put("hidden_act", "silu");
        root.put("rms_norm_eps", config.rmsNormEps());
        root.put("rope_theta", config.ropeTheta());
        root.put("max_position_embeddings", config.maxPositions());
        if (config.ropeScaling() != null) {
            ObjectNode rs = root.putObject("rope_scaling");
            rs.put("rope_type", "llama3");
            rs.put("factor", config.ropeScaling().factor());
            rs.put("low_freq_factor", config.ropeScaling().lowFreqFactor());
            rs.put("high_freq_factor", config.ropeScaling().highFreqFactor());
            rs.put("original_max_position_embeddings", config.ropeScaling().originalMaxPositions());
        }
        if (config.ropeFloat32()) {
            root.put(ROPE_FLOAT32, true);
        }
        root.put("tie_word_embeddings", config.tieEmbeddings());
        root.put("attention_bias", config.attentionBias());
        root.put("torch_dtype", "float32");
        if (config.hasVision()) {
            ObjectNode v = root.putObject("vision_config");
            v.put("image_height", config.imageHeight());
            v.put("image_width", config.imageWidth());
            v.put("patch_size", config.patchSize());
            v.put("num_hidden_layers", config.visionLayers());
            v.put("hidden_size", config.visionWidth());
            v.put("num_attention_heads", config.visionHeads());
            if (config.siglip() != null) {
                ObjectNode sg = v.putObject("siglip");
                sg.put("intermediate_size", config.siglip().intermediateSize());
                sg.put("layer_norm_eps", config.siglip().layerNormEps());
                sg.put("scale_factor", config.siglip().scaleFactor());
                sg.put("connector", config.siglip().connector().name().toLowerCase(java.util.Locale.ROOT));
                if (!config.siglip().pinpoints().isEmpty()) {
                    ArrayNode pins = sg.putArray("image_grid_pinpoints");
                    config.siglip().pinpoints().forEach(pin -> pins.addArray().add(pin.height()).add(pin.width()));
                    sg.put("anyres_max", config.siglip().anyresMax());
                }
                if (config.siglip().images() != null) {
                    ObjectNode im = sg.putObject("smolvlm_images");
                    im.put("longest_edge", config.siglip().images().longestEdge());
                    im.put("do_image_splitting", config.siglip().images().split());
                }
            }
        }
        ArrayNode vh = root.putArray("value_head_hidden_sizes");
        config.valueHidden().forEach(vh::add);
        try {
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes {@code config} to {@code file} atomically. */
    public static void write(ModelConfig config, Path file) throws IOException {
        AtomicFiles.writeString(file, toJson(config));
    }

    /**
     * Reads a config written by {@link #write} or a Hugging Face {@code config.json} (Llama, Mistral, Qwen2,
     * SmolVLM / Idefics3, LLaVA-OneVision).
     *
     * @throws IOException naming the file and the missing or bad field
     */
    public static ModelConfig read(Path file) throws IOException {
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            throw new IOException(file + ": not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new IOException(file + ": must hold a JSON object");
        }
        ModelConfig config;
        try {
            config = parse(root);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
        if (!VLM_TYPES.contains(root.path("model_type").asText(""))) {
            return config;
        }
        // the image processor's settings: preprocessor_config.json, or the "image_processor" object of the
        // processor_config.json that transformers 5 writes when it saves a whole processor
        Path preprocessor = file.resolveSibling(PREPROCESSOR);
        Path processor = file.resolveSibling(PROCESSOR);
        Path source = Files.isRegularFile(preprocessor) ? preprocessor : Files.isRegularFile(processor) ? processor
                : null;
        if (source == null) {
            return config;
        }
        try {
            JsonNode p = JSON.readTree(source.toFile());
            if (source.equals(processor)) {
                p = p == null ? null : p.get("image_processor");
                if (p == null) {
                    return config; // a processor without image settings: the encoder's own resize
                }
            }
            return config.withSiglip(config.siglip().withImages(smolVlmImages(p, config.imageHeight())));
        } catch (JsonProcessingException e) {
            throw new IOException(source + ": not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new IOException(source + ": " + e.getMessage(), e);
        }
    }

    /** The image processor's settings file beside a Hugging Face {@code config.json}. */
    public static final String PREPROCESSOR = "preprocessor_config.json";
    /** A whole processor's settings (transformers 5), whose {@code image_processor} object holds the same. */
    public static final String PROCESSOR = "processor_config.json";
    /** SmolVLM's image processor's default {@code max_image_size.longest_edge}, when the settings omit it. */
    private static final int SMOLVLM_DEFAULT_TILE = 364;

    /**
     * SmolVLM's / Idefics3's image processor settings: {@code size.longest_edge} and {@code do_image_splitting};
     * what this library does not reproduce is refused by name: {@code max_image_size.longest_edge} (364 when
     * absent, the processor's default) other than the encoder's {@code image_size}, a {@code resample} other than 1
     * (Lanczos), {@code do_resize}, {@code do_rescale} or {@code do_normalize} false, a mean or standard deviation
     * other than 0.5, a rescale factor other than 1/255.
     */
    static ModelConfig.SmolVlmImages smolVlmImages(JsonNode p, int tile) {
        if (p == null || !p.isObject()) {
            throw new IllegalArgumentException("must hold a JSON object");
        }
        int max = p.has("max_image_size") ? intField(p.get("max_image_size"), "longest_edge") : SMOLVLM_DEFAULT_TILE;
        if (max != tile) {
            throw new IllegalArgumentException("max_image_size.longest_edge " + max + " differs from the vision "
                    + "encoder's image_size " + tile + "; supported: equal sizes");
        }
        expect(p, "resample", "1", p.path("resample").asText("1")); // PILImageResampling.LANCZOS
        for (String key : List.of("do_resize", "do_rescale", "do_normalize")) {
            expect(p, key, "true", p.path(key).asText("true"));
        }
        for (String key : List.of("image_mean", "image_std")) {
            JsonNode a = p.get(key);
            if (a != null && (!a.isArray() || a.size() != 3 || !java.util.stream.StreamSupport.stream(a.spliterator(),
                    false).allMatch(x -> x.isNumber() && x.asDouble() == 0.5))) {
                throw new IllegalArgumentException(key + " " + a + " is not supported; supported: [0.5, 0.5, 0.5]");
            }
        }
        double rescale = p.path("rescale_factor").asDouble(1 / 255.0);
        if (Math.abs(rescale - 1 / 255.0) > 1e-12) {
            throw new IllegalArgumentException("rescale_factor " + rescale + " is not supported; supported: 1/255");
        }
        JsonNode size = p.get("size");
        if (size == null || !size.has("longest_edge")) {
            throw new IllegalArgumentException("size must be an object with longest_edge, got " + size);
        }
        return new ModelConfig.SmolVlmImages(intField(size, "longest_edge"),
                p.path("do_image_splitting").asBoolean(true));
    }

    /** Parses the JSON text of a config (see {@link #read}). */
    public static ModelConfig parse(String json) {
        try {
            return parse(JSON.readTree(json));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static ModelConfig parse(JsonNode root) {
        String type = root.path("model_type").asText("");
        if (VLM_TYPES.contains(type)) {
            return parseSmolVlm(root, type);
        }
        if (type.equals("llava_onevision")) {
            return parseLlavaOnevision(root);
        }
        if (!TEXT_TYPES.contains(type)) {
            java.util.TreeSet<String> all = new java.util.TreeSet<>(TEXT_TYPES);
            all.addAll(VLM_TYPES);
            all.add("llava_onevision");
            throw new IllegalArgumentException("model_type '" + type + "' is not supported; supported: "
                    + String.join(", ", all));
        }
        boolean own = type.equals(MODEL_TYPE);
        int hidden = intField(root, "hidden_size");
        int heads = intField(root, "num_attention_heads");
        JsonNode headDim = root.get("head_dim");
        if (headDim != null && !headDim.isNull() && headDim.asInt() != hidden / heads) {
            throw new IllegalArgumentException("head_dim " + headDim.asInt() + " differs from hidden_size / "
                    + "num_attention_heads = " + hidden / heads + "; only the standard head size is supported");
        }
        // transformers 5.x writes rope_parameters {rope_theta, rope_type, ...}; 4.x rope_theta and rope_scaling.
        JsonNode ropeParameters = root.get("rope_parameters");
        boolean newRope = ropeParameters != null && !ropeParameters.isNull();
        if (newRope && !ropeParameters.isObject()) {
            throw new IllegalArgumentException("rope_parameters must be an object, got " + ropeParameters);
        }
        ModelConfig.RopeScaling ropeScaling = ropeScaling(newRope ? ropeParameters : root.get("rope_scaling"));
        double ropeTheta = newRope && ropeParameters.has("rope_theta")
                ? doubleField(ropeParameters, "rope_theta", 10000) : doubleField(root, "rope_theta", 10000);
        if (root.path("use_sliding_window").asBoolean(false)) {
            throw new IllegalArgumentException("use_sliding_window = true is not supported (attention is over the "
                    + "whole context); supported: false");
        }
        String act = root.path("hidden_act").asText("silu");
        if (!act.equals("silu")) {
            throw new IllegalArgumentException("hidden_act '" + act + "' is not supported; supported: silu");
        }
        if (root.path("mlp_bias").asBoolean(false)) {
            throw new IllegalArgumentException("mlp_bias = true is not supported (the MLP has no biases here); "
                    + "supported: false");
        }
        boolean attentionBias = type.equals("qwen2") || root.path("attention_bias").asBoolean(false);
        if (type.equals("llama") && root.path("attention_bias").asBoolean(false)) {
            throw new IllegalArgumentException("attention_bias = true on a llama config (o_proj bias) is not "
                    + "supported; supported: q/k/v biases as in qwen2");
        }
        int kvHeads = root.has("num_key_value_heads") && !root.get("num_key_value_heads").isNull()
                ? intField(root, "num_key_value_heads") : heads;
        int imageH = 0;
        int imageW = 0;
        int patch = 0;
        int vLayers = 0;
        int vWidth = 0;
        int vHeads = 0;
        JsonNode v = root.get("vision_config");
        ModelConfig.Siglip siglip = null;
        if (own && v != null && !v.isNull()) {
            imageH = intField(v, "image_height");
            imageW = intField(v, "image_width");
            patch = intField(v, "patch_size");
            vLayers = intField(v, "num_hidden_layers");
            vWidth = intField(v, "hidden_size");
            vHeads = intField(v, "num_attention_heads");
            JsonNode sg = v.get("siglip");
            if (sg != null && !sg.isNull()) {
                String connector = sg.path("connector").asText("pixel_shuffle");
                ModelConfig.Siglip.Connector kind;
                try {
                    kind = ModelConfig.Siglip.Connector.valueOf(connector.toUpperCase(java.util.Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("vision_config.siglip.connector '" + connector + "' is not "
                            + "known; known: pixel_shuffle, anyres_mlp", e);
                }
                boolean anyres = kind == ModelConfig.Siglip.Connector.ANYRES_MLP;
                // folders written before any-res tiling hold neither key: one square tile, anyres_max_9
                List<ModelConfig.Pinpoint> pins = !anyres ? List.of() : sg.has("image_grid_pinpoints")
                        ? pinpoints(sg.get("image_grid_pinpoints"), "vision_config.siglip.image_grid_pinpoints", imageH)
                        : List.of(new ModelConfig.Pinpoint(imageH, imageW));
                JsonNode im = sg.get("smolvlm_images");
                siglip = new ModelConfig.Siglip(intField(sg, "intermediate_size"),
                        doubleField(sg, "layer_norm_eps", 1e-6), intField(sg, "scale_factor"), kind, pins,
                        !anyres ? 0 : sg.has("anyres_max") ? intField(sg, "anyres_max") : 9,
                        im == null || im.isNull() ? null : new ModelConfig.SmolVlmImages(intField(im, "longest_edge"),
                                im.path("do_image_splitting").asBoolean(true)));
            }
        }
        List<Integer> valueHidden = STUDY_VALUE_HEAD;
        JsonNode vh = root.get("value_head_hidden_sizes");
        if (vh != null && !vh.isNull()) {
            if (!vh.isArray()) {
                throw new IllegalArgumentException("value_head_hidden_sizes must be an array of ints, got " + vh);
            }
            valueHidden = new ArrayList<>();
            for (JsonNode n : vh) {
                if (!n.canConvertToInt()) {
                    throw new IllegalArgumentException("value_head_hidden_sizes must hold ints, got " + n);
                }
                valueHidden.add(n.intValue());
            }
        }
        return new ModelConfig(
                intField(root, "vocab_size"), hidden, intField(root, "num_hidden_layers"), heads, kvHeads,
                intField(root, "intermediate_size"), doubleField(root, "rms_norm_eps", 1e-6),
                ropeTheta, maxPositions(root, type),
                root.path("tie_word_embeddings").asBoolean(false), attentionBias,
                imageH, imageW, patch, vLayers, vWidth, vHeads, valueHidden, ropeScaling,
                !own || root.path(ROPE_FLOAT32).asBoolean(false), siglip);
    }

    /**
     * A SmolVLM / Idefics3 config: the decoder from {@code text_config} (a Llama), the SigLIP encoder from
     * {@code vision_config} ({@code image_size}, {@code patch_size}, {@code hidden_size},
     * {@code intermediate_size}, {@code num_hidden_layers}, {@code num_attention_heads}, {@code layer_norm_eps},
     * {@code hidden_act} gelu_pytorch_tanh) and the connector's {@code scale_factor}.
     */
    private static ModelConfig parseSmolVlm(JsonNode root, String type) {
        JsonNode text = root.get("text_config");
        JsonNode v = root.get("vision_config");
        if (text == null || !text.isObject() || v == null || !v.isObject()) {
            throw new IllegalArgumentException("a " + type + " config needs the objects text_config and "
                    + "vision_config");
        }
        com.fasterxml.jackson.databind.node.ObjectNode t = text.deepCopy();
        if (!t.has("model_type")) {
            t.put("model_type", "llama");
        }
        if (root.has("tie_word_embeddings")) { // transformers ties by the top-level flag alone
            t.set("tie_word_embeddings", root.get("tie_word_embeddings"));
        }
        ModelConfig d = parse(t);
        String act = v.path("hidden_act").asText("gelu_pytorch_tanh");
        if (!act.equals("gelu_pytorch_tanh")) {
            throw new IllegalArgumentException("vision_config.hidden_act '" + act + "' is not supported; supported: "
                    + "gelu_pytorch_tanh");
        }
        int size = intField(v, "image_size");
        ModelConfig.Siglip siglip = new ModelConfig.Siglip(intField(v, "intermediate_size"),
                doubleField(v, "layer_norm_eps", 1e-6), root.has("scale_factor") ? intField(root, "scale_factor") : 2,
                ModelConfig.Siglip.Connector.PIXEL_SHUFFLE);
        return new ModelConfig(d.vocabSize(), d.hiddenSize(), d.layers(), d.heads(), d.kvHeads(),
                d.intermediateSize(), d.rmsNormEps(), d.ropeTheta(), d.maxPositions(), d.tieEmbeddings(),
                d.attentionBias(), size, size, intField(v, "patch_size"), intField(v, "num_hidden_layers"),
                intField(v, "hidden_size"), intField(v, "num_attention_heads"), d.valueHidden(), d.ropeScaling(),
                true, siglip);
    }

    /**
     * Any-res canvas sizes: a non-empty array of [height, width] pairs, each a positive multiple of {@code tile}
     * (the encoder's image size), so that a canvas is a whole grid of tiles.
     */
    private static List<ModelConfig.Pinpoint> pinpoints(JsonNode node, String key, int tile) {
        if (node == null || !node.isArray() || node.isEmpty()) {
            throw new IllegalArgumentException(key + " must be a non-empty array of [height, width] pairs, got "
                    + node);
        }
        List<ModelConfig.Pinpoint> out = new java.util.ArrayList<>();
        for (JsonNode pin : node) {
            if (!pin.isArray() || pin.size() != 2 || !pin.get(0).canConvertToInt() || !pin.get(1).canConvertToInt()
                    || pin.get(0).asInt() <= 0 || pin.get(1).asInt() <= 0 || pin.get(0).asInt() % tile != 0
                    || pin.get(1).asInt() % tile != 0) {
                throw new IllegalArgumentException(key + " entry " + pin + " is not a [height, width] pair of "
                        + "positive multiples of the encoder's image size " + tile);
            }
            out.add(new ModelConfig.Pinpoint(pin.get(0).asInt(), pin.get(1).asInt()));
        }
        return out;
    }

    /**
     * A LLaVA-OneVision config: the decoder from {@code text_config} (Qwen2), the SigLIP encoder from
     * {@code vision_config}, the last encoder layer's full output ({@code vision_feature_layer} -1,
     * {@code vision_feature_select_strategy} full), a two-layer {@code gelu} projector with biases, and any-res
     * tiling over {@code image_grid_pinpoints} with {@code vision_aspect_ratio} anyres_max_N.
     */
    private static ModelConfig parseLlavaOnevision(JsonNode root) {
        JsonNode text = root.get("text_config");
        JsonNode v = root.get("vision_config");
        if (text == null || !text.isObject() || v == null || !v.isObject()) {
            throw new IllegalArgumentException("a llava_onevision config needs the objects text_config and "
                    + "vision_config");
        }
        com.fasterxml.jackson.databind.node.ObjectNode t = text.deepCopy();
        if (!t.has("model_type")) {
            t.put("model_type", "qwen2");
        }
        ModelConfig d = parse(t);
        int size = intField(v, "image_size");
        expect(root, "vision_feature_layer", "-1", root.path("vision_feature_layer").asText("-1"));
        expect(root, "vision_feature_select_strategy", "full",
                root.path("vision_feature_select_strategy").asText("full"));
        expect(root, "projector_hidden_act", "gelu", root.path("projector_hidden_act").asText("gelu"));
        expect(v, "vision_config.hidden_act", "gelu_pytorch_tanh", v.path("hidden_act").asText("gelu_pytorch_tanh"));
        expect(root, "multimodal_projector_bias", "true", root.path("multimodal_projector_bias").asText("true"));
        List<ModelConfig.Pinpoint> pins = pinpoints(root.get("image_grid_pinpoints"), "image_grid_pinpoints", size);
        String aspect = root.path("vision_aspect_ratio").asText("anyres_max_9");
        if (!aspect.matches("anyres_max_[1-9][0-9]*")) {
            throw new IllegalArgumentException("vision_aspect_ratio '" + aspect + "' is not supported; supported: "
                    + "anyres_max_N with N >= 1");
        }
        ModelConfig.Siglip siglip = new ModelConfig.Siglip(intField(v, "intermediate_size"),
                doubleField(v, "layer_norm_eps", 1e-6), 1, ModelConfig.Siglip.Connector.ANYRES_MLP, pins,
                Integer.parseInt(aspect.substring("anyres_max_".length())));
        return new ModelConfig(d.vocabSize(), d.hiddenSize(), d.layers(), d.heads(), d.kvHeads(),
                d.intermediateSize(), d.rmsNormEps(), d.ropeTheta(), d.maxPositions(), d.tieEmbeddings(),
                d.attentionBias(), size, size, intField(v, "patch_size"), intField(v, "num_hidden_layers"),
                intField(v, "hidden_size"), intField(v, "num_attention_heads"), d.valueHidden(), d.ropeScaling(),
                true, siglip);
    }

    /**
     * The longest sequence: {@code max_position_embeddings}, or for Mistral its {@code sliding_window} if smaller
     * (4096 when the key is absent, as transformers defaults it): attention here spans the whole context, which
     * equals the sliding window only up to the window's length.
     */
    private static int maxPositions(JsonNode root, String type) {
        int max = intField(root, "max_position_embeddings");
        if (type.equals("mistral")) {
            JsonNode w = root.get("sliding_window");
            int window = w == null ? 4096 : w.isNull() ? Integer.MAX_VALUE : w.asInt();
            return Math.min(max, window);
        }
        return max;
    }

    private static void expect(JsonNode node, String key, String supported, String actual) {
        if (!actual.equals(supported)) {
            throw new IllegalArgumentException(key + " '" + actual + "' is not supported; supported: " + supported);
        }
    }

    private static ModelConfig.RopeScaling ropeScaling(JsonNode s) {
        if (s == null || s.isNull()) {
            return null;
        }
        String type = s.has("rope_type") ? s.path("rope_type").asText() : s.path("type").asText();
        if (type.equals("default") || type.isEmpty() && !s.has("factor")) {
            return null;
        }
        if (!type.equals("llama3")) {
            throw new IllegalArgumentException("rope_scaling " + s + " is not supported; supported: null, "
                    + "rope_type default or llama3");
        }
        JsonNode f = s.get("factor");
        JsonNode lo = s.get("low_freq_factor");
        JsonNode hi = s.get("high_freq_factor");
        JsonNode orig = s.get("original_max_position_embeddings");
        if (f == null || lo == null || hi == null || orig == null || !orig.canConvertToInt()) {
            throw new IllegalArgumentException("rope_scaling llama3 needs factor, low_freq_factor, high_freq_factor "
                    + "and original_max_position_embeddings, got " + s);
        }
        return new ModelConfig.RopeScaling(f.asDouble(), lo.asDouble(), hi.asDouble(), orig.asInt());
    }

    private static int intField(JsonNode node, String name) {
        JsonNode n = node.get(name);
        if (n == null || n.isNull()) {
            throw new IllegalArgumentException("missing field '" + name + "'");
        }
        if (!n.canConvertToInt() || !n.isIntegralNumber()) {
            throw new IllegalArgumentException("field '" + name + "' must be an integer, got " + n);
        }
        return n.intValue();
    }

    private static double doubleField(JsonNode node, String name, double fallback) {
        JsonNode n = node.get(name);
        if (n == null || n.isNull()) {
            return fallback;
        }
        if (!n.isNumber()) {
            throw new IllegalArgumentException("field '" + name + "' must be a number, got " + n);
        }
        return n.doubleValue();
    }
}
