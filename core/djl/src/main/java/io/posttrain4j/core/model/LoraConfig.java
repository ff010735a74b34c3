package io.posttrain4j.core.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A LoRA adapter's shape, as PEFT's {@code LoraConfig} describes it: each targeted linear layer {@code W} of the
 * decoder computes {@code x W^T + scale * (x A^T) B^T} with {@code A} (rank, in) and {@code B} (out, rank),
 * {@code scale = alpha / rank} ({@code alpha / sqrt(rank)} with rsLoRA).
 *
 * <p>Targets follow PEFT's rule over module names such as {@code model.layers.0.self_attn.q_proj}: a list of names
 * matches a module whose name equals an entry or ends with {@code "." + entry}; a single regular expression
 * ({@link #targetRegex}) must match the whole name. The modules that can carry an adapter are the decoder's
 * projections {@code q_proj, k_proj, v_proj, o_proj, gate_proj, up_proj, down_proj}.
 *
 * @param rank r, {@code >= 1}
 * @param alpha lora_alpha, {@code > 0}
 * @param dropout lora_dropout, in [0, 1): dropout on the adapter's input in training passes, as PEFT's
 * @param rsLora use_rslora: scale by {@code alpha / sqrt(rank)}
 * @param targetModules module names (PEFT's list form), or empty when {@code targetRegex} is set
 * @param targetRegex a regular expression over whole module names (PEFT's string form), or null
 */
public record LoraConfig(int rank, double alpha, double dropout, boolean rsLora, List<String> targetModules,
        String targetRegex) {

    /** The projections of one decoder block that can carry an adapter, as module-name suffixes. */
    public static final List<String> PROJECTIONS = List.of("self_attn.q_proj", "self_attn.k_proj",
            "self_attn.v_proj", "self_attn.o_proj", "mlp.gate_proj", "mlp.up_proj", "mlp.down_proj");

    /** The default targets: the attention projections of the language model. */
    public static final List<String> DEFAULT_TARGETS = List.of("q_proj", "k_proj", "v_proj", "o_proj");

    public LoraConfig {
        if (rank < 1) {
            throw new IllegalArgumentException("LoRA rank r must be >= 1, got " + rank);
        }
        if (!(alpha > 0) || !Double.isFinite(alpha)) {
            throw new IllegalArgumentException("LoRA alpha must be a positive number, got " + alpha);
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("LoRA dropout must be in [0, 1), got " + dropout);
        }
        targetModules = List.copyOf(Objects.requireNonNull(targetModules, "targetModules"));
        if (targetRegex != null) {
            if (!targetModules.isEmpty()) {
                throw new IllegalArgumentException("give LoRA targets as names or as one regex, not both: "
                        + targetModules + " and '" + targetRegex + "'");
            }
            try {
                Pattern.compile(targetRegex);
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("LoRA target regex '" + targetRegex + "' is not a valid regular "
                        + "expression: " + e.getDescription(), e);
            }
        } else if (targetModules.isEmpty()) {
            throw new IllegalArgumentException("LoRA needs at least one target module; e.g. " + DEFAULT_TARGETS);
        }
    }

    /** Rank {@code rank}, alpha {@code 2 * rank}, no dropout, the attention projections. */
    public static LoraConfig of(int rank) {
        return new LoraConfig(rank, 2.0 * rank, 0, false, DEFAULT_TARGETS, null);
    }

    /** The factor of {@code B A}: {@code alpha / rank}, or {@code alpha / sqrt(rank)} with rsLoRA. */
    public double scale() {
        return rsLora ? alpha / Math.sqrt(rank) : alpha / rank;
    }

    /** Whether the module of this full name (e.g. {@code model.layers.3.mlp.up_proj}) carries an adapter. */
    public boolean targets(String moduleName) {
        if (targetRegex != null) {
            return Pattern.compile(targetRegex).matcher(moduleName).matches();
        }
        for (String t : targetModules) {
            if (moduleName.equals(t) || moduleName.endsWith("." + t)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Parses the command-line form {@code r=16,alpha=32,dropout=0,rslora=false,targets=q_proj+v_proj} (every key
     * optional: r 8, alpha 2r, dropout 0, rslora false, targets the attention projections); {@code
     * targets=regex:<expr>} gives PEFT's regex form.
     *
     * @throws IllegalArgumentException naming the key or value and what is accepted
     */
    public static LoraConfig parse(String spec) {
        Objects.requireNonNull(spec, "spec");
        Map<String, String> kv = new LinkedHashMap<>();
        for (String part : spec.split(",")) {
            String p = part.trim();
            if (p.isEmpty()) {
                continue;
            }
            int eq = p.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("LoRA setting '" + p + "' is not key=value; keys: r, alpha, "
                        + "dropout, rslora, targets");
            }
            String key = p.substring(0, eq).trim().toLowerCase(Locale.ROOT);
            if (!List.of("r", "alpha", "dropout", "rslora", "targets").contains(key)) {
                throw new IllegalArgumentException("unknown LoRA setting '" + key + "'; known: r, alpha, dropout, "
                        + "rslora, targets");
            }
            if (kv.put(key, p.substring(eq + 1).trim()) != null) {
                throw new IllegalArgumentException("LoRA setting '" + key + "' given twice in '" + spec + "'");
            }
        }
        int rank = kv.containsKey("r") ? intValue("r", kv.get("r")) : 8;
        double alpha = kv.containsKey("alpha") ? doubleValue("alpha", kv.get("alpha")) : 2.0 * rank;
        double dropout = kv.containsKey("dropout") ? doubleValue("dropout", kv.get("dropout")) : 0;
        boolean rs = false;
        if (kv.containsKey("rslora")) {
            String v = kv.get("rslora").toLowerCase(Locale.ROOT);
            if (!v.equals("true") && !v.equals("false")) {
                throw new IllegalArgumentException("LoRA rslora must be true or false, got '" + kv.get("rslora")
                        + "'");
            }
            rs = v.equals("true");
        }
        List<String> targets = DEFAULT_TARGETS;
        String regex = null;
        if (kv.containsKey("targets")) {
            String t = kv.get("targets");
            if (t.startsWith("regex:")) {
                regex = t.substring("regex:".length());
                targets = List.of();
            } else {
                targets = new ArrayList<>();
                for (String name : t.split("\\+")) {
                    if (!name.isBlank()) {
                        targets.add(name.trim());
                    }
                }
            }
        }
        return new LoraConfig(rank, alpha, dropout, rs, targets, regex);
    }

    /**
     * Whether {@code other} describes the same adapter: every setting equal, the target names in any order (a
     * resume must train what the run trained).
     */
    public boolean sameAdapter(LoraConfig other) {
        return rank == other.rank && alpha == other.alpha && dropout == other.dropout && rsLora == other.rsLora
                && new java.util.HashSet<>(targetModules).equals(new java.util.HashSet<>(other.targetModules))
                && Objects.equals(targetRegex, other.targetRegex);
    }

    /** The command-line form that {@link #parse} reads back to an equal config. */
    public String spec() {
        return "r=" + rank + ",alpha=" + alpha + ",dropout=" + dropout + ",rslora=" + rsLora + ",targets="
                + (targetRegex != null ? "regex:" + targetRegex : String.join("+", targetModules));
    }

    private static int intValue(String key, String v) {
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("LoRA " + key + " must be an integer, got '" + v + "'");
        }
    }

    private static double doubleValue(String key, String v) {
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("LoRA " + key + " must be a number, got '" + v + "'");
        }
    }
}
