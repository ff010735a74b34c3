package io.posttrain4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import io.posttrain4j.core.io.RecordSettings;

/**
 * picocli mixin of a training command's settings by name: {@code --config <file>} (JSON or YAML), {@code --set
 * key=value} and {@code --print-config}. The names are the components of the trainer's config record
 * ({@code SftConfig}, {@code PpoConfig}), so every setting is reachable without an option of its own.
 *
 * <p>Precedence, lowest first: the command's defaults (and preset), the file, the flags typed on the command line
 * (those marked {@link Setting}), then {@code --set}. A setting the command derives from a typed flag (e.g. the
 * micro-batch from {@code --batch}) counts as typed. The settings the command owns ({@code --env}, {@code --option})
 * may appear in the file only with the command's values; {@code runDir} there is replaced by {@code --out}.
 */
final class ConfigOptions {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Option(names = "--config", paramLabel = "<file>",
            description = "Settings by name from a JSON or YAML file (.json, .yaml, .yml), e.g. as --print-config "
                    + "writes them; a flag typed on the command line wins over the file, --set over both.")
    Path file;

    @Option(names = "--set", paramLabel = "<key=value>",
            description = "One setting by name, e.g. --set learningRate=1e-4 --set evalVariants=a,b; repeatable; "
                    + "the names are those --print-config prints.")
    List<String> sets = new ArrayList<>();

    @Option(names = "--print-config", description = "Print the settings the run would use, as JSON, and exit.")
    boolean print;

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    /**
     * {@code config}, built from the flags, with the file's settings under the typed flags and {@code --set} over
     * both.
     *
     * @param reserved settings the command owns, with the option to use (e.g. {@code runDir} -> {@code --out}); a
     *     file may hold them (as --print-config writes them) only with the value the command gives them, except
     *     {@code runDir}, which {@code --out} replaces
     * @param derived settings whose value the command derives from other options, with those options (e.g.
     *     {@code microBatchSize} -> {@code --batch}): when one of them is typed, the file does not override the
     *     derived value either
     * @throws IllegalArgumentException naming the file, key or value (a usage error)
     */
    <T extends Record> T applyUnderFlags(T config, Map<String, String> reserved, Map<String, List<String>> derived)
            throws IOException {
        return apply(config, reserved, derived, false);
    }

    /**
     * {@code base} (defaults or a preset) with the file's settings, then the typed {@link Setting} flags' values,
     * then {@code --set}.
     *
     * @param reserved settings the command owns, with the option to use (e.g. {@code environment} -> {@code --env})
     * @param derived settings that {@code base} already derives from other options, as for
     *     {@link #applyUnderFlags}: when one of those options is typed, {@code base}'s value stands
     * @throws IllegalArgumentException naming the file, flag, key or value (a usage error)
     */
    <T extends Record> T applyWithFlags(T base, Map<String, String> reserved, Map<String, List<String>> derived)
            throws IOException {
        return apply(base, reserved, derived, true);
    }

    private <T extends Record> T apply(T config, Map<String, String> reserved, Map<String, List<String>> derived,
            boolean withFlags) throws IOException {
        Map<String, Object> typed = new LinkedHashMap<>();
        Set<String> typedOptions = new HashSet<>();
        for (OptionSpec o : spec.commandLine().getParseResult().matchedOptions()) {
            typedOptions.addAll(List.of(o.names()));
            if (o.userObject() instanceof Field f && f.getAnnotation(Setting.class) != null) {
                typed.put(f.getAnnotation(Setting.class).value(), o.getValue());
            }
        }
        Set<String> kept = new HashSet<>(); // derived from typed options: the value the flags give stands
        ObjectNode before = RecordSettings.toJson(config);
        derived.forEach((key, options) -> {
            if (!typed.containsKey(key) && options.stream().anyMatch(typedOptions::contains)) {
                kept.add(key);
            }
        });
        T out = config;
        if (file != null) {
            Map<String, Object> values = read(file);
            values.keySet().removeAll(typed.keySet());
            values.keySet().removeAll(kept);
            for (String key : reserved.keySet()) {
                Object value = values.remove(key);
                if (value != null && !key.equals("runDir") && !sameText((JsonNode) value, before.get(key))) {
                    throw new IllegalArgumentException("--config " + file + ": " + key + " = " + value + " differs "
                            + "from " + reserved.get(key) + " (" + before.get(key) + "); the command sets " + key
                            + " from " + reserved.get(key) + ": remove it from the file or make them agree");
                }
            }
            out = RecordSettings.override(out, values, reserved, file.toString());
        }
        if (withFlags) {
            out = RecordSettings.override(out, typed, reserved, "the flags");
        }
        return RecordSettings.override(out, RecordSettings.parseAssignments(sets, "--set"), reserved, "--set");
    }

    /** Equal as text, member by member (a YAML file's {@code turns: 2} is the option "2"). */
    private static boolean sameText(JsonNode a, JsonNode b) {
        if (a.isContainerNode() || b.isContainerNode()) {
            if (a.isObject() != b.isObject() || a.isArray() != b.isArray() || a.size() != b.size()) {
                return false;
            }
            if (a.isArray()) {
                for (int i = 0; i < a.size(); i++) {
                    if (!sameText(a.get(i), b.get(i))) {
                        return false;
                    }
                }
                return true;
            }
            for (var it = a.fieldNames(); it.hasNext(); ) {
                String name = it.next();
                if (!b.has(name) || !sameText(a.get(name), b.get(name))) {
                    return false;
                }
            }
            return true;
        }
        return a.asText().equals(b.asText());
    }

    /** With {@code --print-config}: prints {@code config} and returns true (the command then exits). */
    boolean printed(Record config, PrintWriter w) throws IOException {
        if (!print) {
            return false;
        }
        w.println(JSON.writeValueAsString(RecordSettings.toJson(config)));
        w.flush();
        return true;
    }

    private static Map<String, Object> read(Path file) throws IOException {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        ObjectMapper mapper;
        if (name.endsWith(".json")) {
            mapper = new ObjectMapper();
        } else if (name.endsWith(".yaml") || name.endsWith(".yml")) {
            mapper = new YAMLMapper();
        } else {
            throw new IllegalArgumentException("--config " + file + ": expected a .json, .yaml or .yml file");
        }
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("--config " + file + ": no such file");
        }
        JsonNode tree;
        try {
            tree = mapper.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("--config " + file + ": not valid " + (mapper instanceof YAMLMapper
                    ? "YAML" : "JSON") + ": " + e.getOriginalMessage(), e);
        }
        if (tree == null || !tree.isObject()) {
            throw new IllegalArgumentException("--config " + file + ": expected an object of settings by name, "
                    + "e.g. {\"learningRate\": 1e-4}");
        }
        Map<String, Object> values = new LinkedHashMap<>();
        tree.fields().forEachRemaining(e -> values.put(e.getKey(), e.getValue()));
        return values;
    }
}
