package io.posttrain4j.core.io;

import java.lang.reflect.Constructor;
import java.math.BigDecimal;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import io.posttrain4j.core.spi.Names;

/**
 * The settings of a configuration record (e.g. {@code SftConfig}, {@code PpoConfig}) by the names of its
 * components, so that a file or a {@code key=value} override reaches every setting without a second declaration:
 * the record component, with its javadoc and the validation of its compact constructor, is the one place a
 * setting is declared.
 *
 * <p>{@link #override} copies a record with some components replaced. A value may be a JSON value (from a JSON or
 * YAML file) or, from a command line, text: a number, {@code true}/{@code false}, a name, a comma-separated list,
 * {@code k=v,k2=v2} for a map, or any JSON ({@code [...]}, {@code {...}}). Errors name the key and the value: an
 * unknown key (with the known ones), a value of the wrong type, or one the record's constructor rejects.
 */
public final class RecordSettings {
    private static final ObjectMapper JSON = new ObjectMapper();

    private RecordSettings() {}

    /** The setting names of a record type, in declaration order, with their Java types (e.g. {@code double}). */
    public static Map<String, String> describe(Class<? extends Record> type) {
        Map<String, String> out = new LinkedHashMap<>();
        for (RecordComponent c : type.getRecordComponents()) {
            out.put(c.getName(), c.getGenericType().getTypeName().replace("java.lang.", "").replace("java.util.", "")
                    .replace("java.nio.file.", ""));
        }
        return out;
    }

    /** Every setting of {@code config} as JSON values, in declaration order (enums by name, paths as text). */
    public static ObjectNode toJson(Record config) {
        ObjectNode node = JSON.createObjectNode();
        for (RecordComponent c : config.getClass().getRecordComponents()) {
            Object value = read(config, c);
            node.set(c.getName(), value instanceof java.nio.file.Path p ? TextNode.valueOf(p.toString())
                    : JSON.valueToTree(value));
        }
        return node;
    }

    /**
     * A copy of {@code config} with the settings of {@code values} replaced.
     *
     * @param values setting name -> JSON value ({@link JsonNode}, a number, boolean, list or map) or command-line
     *     text (see the class comment)
     * @param reserved settings that may not be given here, each with what to use instead (e.g. {@code runDir} ->
     *     {@code "--out"})
     * @param source where the values come from, for messages (e.g. {@code "--set"}, a file's name)
     * @throws IllegalArgumentException naming the source, key and value: an unknown or reserved key, a value of
     *     the wrong type, or one the record rejects
     */
    @SuppressWarnings("unchecked")
    public static <T extends Record> T override(T config, Map<String, ?> values, Map<String, String> reserved,
            String source) {
        if (values.isEmpty()) {
            return config;
        }
        Class<T> type = (Class<T>) config.getClass();
        RecordComponent[] components = type.getRecordComponents();
        Map<String, RecordComponent> byName = new LinkedHashMap<>();
        for (RecordComponent c : components) {
            byName.put(c.getName(), c);
        }
        Map<String, Object> replaced = new LinkedHashMap<>();
        for (Map.Entry<String, ?> e : values.entrySet()) {
            String key = e.getKey();
            if (reserved.containsKey(key)) {
                throw new IllegalArgumentException(source + ": " + key + " is not set here; use " + reserved.get(key));
            }
            RecordComponent c = byName.get(key);
            if (c == null) {
                List<String> known = new ArrayList<>(byName.keySet());
                known.removeAll(reserved.keySet());
                throw new IllegalArgumentException(source + ": " + Names.unknown("setting", key, known));
            }
            replaced.put(key, convert(source, c, e.getValue()));
        }
        Object[] args = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            RecordComponent c = components[i];
            args[i] = replaced.containsKey(c.getName()) ? replaced.get(c.getName()) : read(config, c);
            types[i] = c.getType();
        }
        try {
            Constructor<T> canonical = type.getDeclaredConstructor(types);
            canonical.setAccessible(true);
            return canonical.newInstance(args);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof IllegalArgumentException | e.getCause() instanceof NullPointerException) {
                throw new IllegalArgumentException(source + " " + replaced.keySet() + ": " + e.getCause().getMessage(),
                        e.getCause());
            }
            throw new IllegalStateException("cannot build " + type.getSimpleName(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot build " + type.getSimpleName(), e);
        }
    }

    /**
     * {@code key=value} arguments as a map, in order (a later key replaces an earlier one).
     *
     * @throws IllegalArgumentException naming an argument without {@code =} or with an empty key
     */
    public static Map<String, String> parseAssignments(Collection<String> assignments, String option) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String a : assignments) {
            int eq = a.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException(option + " " + a + ": expected key=value, e.g. " + option
                        + " learningRate=1e-4");
            }
            out.put(a.substring(0, eq).trim(), a.substring(eq + 1).trim());
        }
        return out;
    }

    private static Object convert(String source, RecordComponent c, Object value) {
        JavaType target = JSON.getTypeFactory().constructType(c.getGenericType());
        JsonNode node;
        if (value instanceof JsonNode n) {
            node = n;
        } else if (value instanceof String text) {
            node = fromText(text, target);
        } else if (value instanceof java.nio.file.Path path) {
            node = TextNode.valueOf(path.toString()); // as toJson writes it (Jackson would write a file: URI)
        } else {
            node = JSON.valueToTree(value);
        }
        if (c.getType().isEnum() && node.isTextual()) {
            for (Object constant : c.getType().getEnumConstants()) {
                if (((Enum<?>) constant).name().equalsIgnoreCase(node.asText().trim())) {
                    node = TextNode.valueOf(((Enum<?>) constant).name()); // ppo as PPO, as the flags accept it
                }
            }
        }
        if (target.getRawClass() == java.nio.file.Path.class) {
            if (!node.isTextual()) {
                throw wrongType(source, c, value, null);
            }
            return java.nio.file.Path.of(node.asText());
        }
        if ((target.isPrimitive() || Number.class.isAssignableFrom(target.getRawClass()))
                && target.getRawClass() != boolean.class && !node.isNumber()) {
            throw wrongType(source, c, value, null);
        }
        if ((target.getRawClass() == boolean.class || target.getRawClass() == Boolean.class) && !node.isBoolean()) {
            throw wrongType(source, c, value, null);
        }
        if (isIntegral(target.getRawClass()) && (node.isTextual() || node.isNumber() && !node.canConvertToExactIntegral())) {
            throw wrongType(source, c, value, null);
        }
        try {
            return JSON.convertValue(node, target);
        } catch (IllegalArgumentException e) {
            throw wrongType(source, c, value, e);
        }
    }

    private static boolean isIntegral(Class<?> type) {
        return type == int.class || type == long.class || type == Integer.class || type == Long.class;
    }

    /** Command-line text as the JSON value its target type reads. */
    private static JsonNode fromText(String text, JavaType target) {
        String t = text.trim();
        Class<?> raw = target.getRawClass();
        try {
            if (t.startsWith("[") || t.startsWith("{")) {
                return JSON.readTree(t);
            }
            if (raw == boolean.class || raw == Boolean.class) {
                return t.equals("true") || t.equals("false") ? JSON.readTree(t) : TextNode.valueOf(t);
            }
            if (isIntegral(raw)) {
                // 3, 3.0 and 1e3 are whole numbers, as they are in a JSON or YAML file; 2.5 is refused below
                BigDecimal number = new BigDecimal(t);
                return number.stripTrailingZeros().scale() <= 0
                        ? LongNode.valueOf(number.longValueExact()) : DoubleNode.valueOf(number.doubleValue());
            }
            if (raw.isPrimitive() || Number.class.isAssignableFrom(raw)) {
                return DoubleNode.valueOf(Double.parseDouble(t));
            }
        } catch (NumberFormatException | ArithmeticException | JsonProcessingException e) {
            return TextNode.valueOf(t); // the conversion names the bad value
        }
        if (target.isCollectionLikeType()) {
            ArrayNode list = JSON.createArrayNode();
            if (!t.isEmpty()) {
                Arrays.stream(t.split(",")).map(String::trim).forEach(list::add);
            }
            return list;
        }
        if (target.isMapLikeType()) {
            ObjectNode map = JSON.createObjectNode();
            if (!t.isEmpty()) {
                for (String pair : t.split(",")) {
                    int eq = pair.indexOf('=');
                    if (eq <= 0) {
                        return TextNode.valueOf(t);
                    }
                    map.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
                }
            }
            return map;
        }
        return t.equals("null") ? JSON.nullNode() : TextNode.valueOf(t);
    }

    private static IllegalArgumentException wrongType(String source, RecordComponent c, Object value, Exception cause) {
        String shown = value instanceof String s ? "'" + s + "'" : String.valueOf(value);
        return new IllegalArgumentException(source + ": " + c.getName() + " = " + shown + " is not "
                + describe(c), cause);
    }

    private static String describe(RecordComponent c) {
        Class<?> raw = c.getType();
        if (raw.isEnum()) {
            return "one of " + Arrays.toString(raw.getEnumConstants());
        }
        String name = c.getGenericType().getTypeName().replace("java.lang.", "").replace("java.util.", "")
                .replace("java.nio.file.", "");
        return ("aeiouAEIOU".indexOf(name.charAt(0)) >= 0 ? "an " : "a ") + name;
    }

    private static Object read(Record config, RecordComponent c) {
        try {
            var accessor = c.getAccessor();
            accessor.setAccessible(true);
            return accessor.invoke(config);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read " + c.getName(), e);
        }
    }
}
