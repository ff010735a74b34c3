package io.posttrain4j.cli;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.posttrain4j.core.spi.Names;
import io.posttrain4j.core.verify.Verdict;
import io.posttrain4j.core.verify.Verifier;
import io.posttrain4j.core.verify.VerifierProvider;

/**
 * Verifies one JSON line: an object holding the fields of the provider's task type plus a {@code "response"}
 * string; answers one JSON line, the verdict or an error naming what is wrong with the input, both carrying the
 * input's line number first.
 *
 * <p>Fields are read strictly, by JSON type, before any conversion: an integer field takes only a JSON number
 * without fraction or exponent that fits it, a number field any JSON number, a boolean field only {@code true} or
 * {@code false}, a text field only a string, a list field only a list whose items (never null) follow the same
 * rules; so {@code "24"}, {@code 1.5}, {@code 24.0}, {@code 1} for a boolean and {@code [1]} for an integer are
 * errors naming the field (with its position in a list), the value and the type accepted. An unknown field (a
 * typo), a JSON null or a missing value for a primitive field, and text after the object are errors too. Error
 * texts speak of JSON values, not of the library that reads them. The verifier is called once per good line; a
 * verifier that throws is reported as an error line, not propagated. Thread-safe when the verifier is (verifiers
 * must be).
 *
 * @param <T> the task type of the provider
 */
final class JsonLineVerifier<T> {
    /** The JSON settings of the {@code verify} command; map keys sorted so details print in a stable order. */
    static final ObjectMapper MAPPER = JsonMapper.builder()
            // Task types may use types from Jackson modules on the class path (java.time, Optional, ...).
            .findAndAddModules()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();

    /** One output line and whether it reports an error. */
    record Result(String json, boolean failed) {
        Result {
            Objects.requireNonNull(json, "json");
        }
    }

    /** How much of a wrong value an error message quotes. */
    private static final int QUOTED_CHARS = 40;

    private final Class<T> taskType;
    private final Set<String> knownFields;
    private final Map<String, JavaType> fieldTypes;
    private final Verifier<T> verifier;
    private final boolean details;

    /**
     * @param provider the verifier provider, whose {@code taskType()} the lines hold
     * @param mode one of {@code provider.modes()}
     * @param details whether to add {@link Verdict#details()} to each verdict line
     */
    JsonLineVerifier(VerifierProvider<T> provider, String mode, boolean details) {
        this.taskType = provider.taskType();
        this.knownFields = knownFields(taskType);
        this.fieldTypes = fieldTypes(taskType);
        this.verifier = provider.create(mode);
        this.details = details;
    }

    /** Verifies {@code line}, numbered {@code lineNumber} (from 1) in error lines. */
    Result verify(long lineNumber, String line) {
        try {
            JsonNode node;
            try {
                node = MAPPER.readTree(line);
            } catch (JsonProcessingException e) {
                return error(lineNumber, "not JSON: " + plain(e) + at(e));
            }
            if (node == null || !node.isObject()) {
                return error(lineNumber, "expected a JSON object holding the task fields and \"response\", got "
                        + (node == null ? "nothing" : node.getNodeType().name().toLowerCase(Locale.ROOT)));
            }
            ObjectNode fields = (ObjectNode) node;
            JsonNode response = fields.remove("response");
            if (response == null) {
                return error(lineNumber, "missing \"response\" (the text to verify)");
            }
            if (!response.isTextual()) {
                return error(lineNumber, "\"response\" must be a string, got "
                        + response.getNodeType().name().toLowerCase(Locale.ROOT));
            }
            Optional<String> unknown = unknownField(fields);
            if (unknown.isPresent()) {
                return error(lineNumber, unknown.get());
            }
            Optional<String> wrongType = wrongType(fields);
            if (wrongType.isPresent()) {
                return error(lineNumber, wrongType.get());
            }
            T task;
            try {
                task = MAPPER.treeToValue(fields, taskType);
            } catch (JsonProcessingException | IllegalArgumentException e) {
                return error(lineNumber, describeTaskError(e, fields));
            }
            Verdict verdict;
            try {
                verdict = verifier.verify(task, response.textValue());
            } catch (RuntimeException e) {
                return error(lineNumber, "the verifier failed: " + e);
            }
            ObjectNode out = MAPPER.createObjectNode();
            out.put("line", lineNumber);
            out.put("reward", verdict.reward());
            out.put("feedback", verdict.feedback());
            out.put("success", verdict.success());
            if (details) {
                out.set("details", MAPPER.valueToTree(verdict.details()));
            }
            return new Result(MAPPER.writeValueAsString(out), false);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            // Only the verdict's details can fail to serialise here; the input itself was fine.
            return error(lineNumber, "cannot write the verdict as JSON: " + e.getMessage());
        }
    }

    /**
     * The names Jackson binds for {@code type}, or an empty set when the type takes any field. Checked before
     * binding because a record's constructor may run (and fail on a missing value) before Jackson reports the
     * unknown field that is the real mistake.
     */
    private static Set<String> knownFields(Class<?> type) {
        BeanDescription d = MAPPER.getDeserializationConfig().introspect(MAPPER.constructType(type));
        if (d.findAnySetterAccessor() != null) {
            return Set.of();
        }
        Set<String> names = new LinkedHashSet<>();
        for (BeanPropertyDefinition p : d.findProperties()) {
            if (p.couldDeserialize()) {
                names.add(p.getName());
            }
        }
        return names;
    }

    /** The declared type of each field Jackson binds for {@code type}. */
    private static Map<String, JavaType> fieldTypes(Class<?> type) {
        BeanDescription d = MAPPER.getDeserializationConfig().introspect(MAPPER.constructType(type));
        Map<String, JavaType> types = new LinkedHashMap<>();
        for (BeanPropertyDefinition p : d.findProperties()) {
            if (p.couldDeserialize() && p.getPrimaryType() != null) {
                types.put(p.getName(), p.getPrimaryType());
            }
        }
        return types;
    }

    /** The first field whose JSON value has the wrong type for its declared type, as an error message. */
    private Optional<String> wrongType(ObjectNode fields) {
        String type = taskType.getSimpleName();
        for (Map.Entry<String, JavaType> f : fieldTypes.entrySet()) {
            JsonNode value = fields.get(f.getKey());
            if (value == null || value.isNull()) {
                if (f.getValue().isPrimitive()) {
                    return Optional.of("invalid task " + type + ": field '" + f.getKey() + "' is missing or null");
                }
                continue; // the task type decides whether it may be absent
            }
            Optional<String> wrong = wrongType(f.getKey(), value, f.getValue());
            if (wrong.isPresent()) {
                return Optional.of("bad task " + type + " field " + wrong.get());
            }
        }
        return Optional.empty();
    }

    /** {@code 'path': must be ..., got ...} when {@code value} cannot stand for {@code type}, else empty. */
    private static Optional<String> wrongType(String path, JsonNode value, JavaType type) {
        Class<?> raw = type.getRawClass();
        String expected = null;
        if (value.isNull()) {
            expected = expectedName(type);
        } else if (isIntegral(raw)) {
            long[] range = integralRange(raw);
            if (!value.isIntegralNumber()) {
                expected = "an integer (a JSON number without fraction or exponent)";
            } else if (range != null && (!value.canConvertToLong() || value.longValue() < range[0]
                    || value.longValue() > range[1])) {
                expected = "an integer from " + range[0] + " to " + range[1];
            }
        } else if (isReal(raw)) {
            if (!value.isNumber()) {
                expected = "a number";
            }
        } else if (raw == boolean.class || raw == Boolean.class) {
            if (!value.isBoolean()) {
                expected = "true or false";
            }
        } else if (raw == String.class || raw == CharSequence.class || raw.isEnum()) {
            if (!value.isTextual()) {
                expected = raw.isEnum() ? "a string naming one of " + enumNames(raw) : "a string";
            }
        } else if (type.isCollectionLikeType() || type.isArrayType()) {
            if (!value.isArray()) {
                expected = "a list (in [ ])";
            } else {
                for (int i = 0; i < value.size(); i++) {
                    Optional<String> inner = wrongType(path + "[" + i + "]", value.get(i), type.getContentType());
                    if (inner.isPresent()) {
                        return inner;
                    }
                }
            }
        } else if (type.isMapLikeType()) {
            if (!value.isObject()) {
                expected = "an object (in { })";
            } else {
                for (Map.Entry<String, JsonNode> e : value.properties()) {
                    Optional<String> inner = wrongType(path + "." + e.getKey(), e.getValue(), type.getContentType());
                    if (inner.isPresent()) {
                        return inner;
                    }
                }
            }
        } else if (type.isReferenceType()) {
            return wrongType(path, value, type.getContentType());
        }
        // Other types (nested records, ...) are left to the binding, whose errors are made plain below.
        return expected == null ? Optional.empty()
                : Optional.of("'" + path + "': must be " + expected + ", got " + describe(value));
    }

    private static String expectedName(JavaType type) {
        Class<?> raw = type.getRawClass();
        if (isIntegral(raw)) {
            return "an integer";
        }
        if (isReal(raw)) {
            return "a number";
        }
        if (raw == boolean.class || raw == Boolean.class) {
            return "true or false";
        }
        if (raw == String.class || raw == CharSequence.class) {
            return "a string";
        }
        return "a value";
    }

    private static boolean isIntegral(Class<?> raw) {
        return raw == int.class || raw == Integer.class || raw == long.class || raw == Long.class
                || raw == short.class || raw == Short.class || raw == byte.class || raw == Byte.class
                || raw == BigInteger.class;
    }

    private static boolean isReal(Class<?> raw) {
        return raw == double.class || raw == Double.class || raw == float.class || raw == Float.class
                || raw == BigDecimal.class || raw == Number.class;
    }

    /** The accepted range of a fixed-width integer type, or null for BigInteger. */
    private static long[] integralRange(Class<?> raw) {
        if (raw == int.class || raw == Integer.class) {
            return new long[] {Integer.MIN_VALUE, Integer.MAX_VALUE};
        }
        if (raw == short.class || raw == Short.class) {
            return new long[] {Short.MIN_VALUE, Short.MAX_VALUE};
        }
        if (raw == byte.class || raw == Byte.class) {
            return new long[] {Byte.MIN_VALUE, Byte.MAX_VALUE};
        }
        if (raw == long.class || raw == Long.class) {
            return new long[] {Long.MIN_VALUE, Long.MAX_VALUE};
        }
        return null;
    }

    private static String enumNames(Class<?> raw) {
        List<String> names = new ArrayList<>();
        for (Object c : raw.getEnumConstants()) {
            names.add(((Enum<?>) c).name());
        }
        return String.join(", ", names);
    }

    /** A JSON value as the user wrote it (shortened), with its JSON type where the text alone is ambiguous. */
    static String describe(JsonNode value) {
        String text = value.toString();
        if (text.length() > QUOTED_CHARS) {
            int end = QUOTED_CHARS - 3;
            if (Character.isHighSurrogate(text.charAt(end - 1))) {
                end--;
            }
            text = text.substring(0, end) + "...";
        }
        if (value.isTextual()) {
            return text + " (a string)";
        }
        if (value.isArray()) {
            return text + " (a list)";
        }
        if (value.isObject()) {
            return text + " (an object)";
        }
        if (value.isNull()) {
            return "null";
        }
        return value.isBoolean() ? text + " (a boolean)" : text + (value.isNumber() ? " (a number)" : "");
    }

    /** Where in the line a parse error is, as {@code " (at column C)"}, or empty. */
    private static String at(JsonProcessingException e) {
        JsonLocation loc = e.getLocation();
        return loc == null || loc.getColumnNr() < 1 ? "" : " (at column " + loc.getColumnNr() + ")";
    }

    /**
     * A message of the JSON library without its references to its own classes and settings: the parts in
     * backquotes that name Java types or configuration are dropped or replaced with the JSON words.
     */
    static String plain(JsonProcessingException e) {
        if (e instanceof StreamConstraintsException) {
            String m = String.valueOf(e.getOriginalMessage());
            if (m.contains("nesting depth")) {
                return "nested deeper than " + MAPPER.getFactory().streamReadConstraints().getMaxNestingDepth()
                        + " levels";
            }
            if (m.contains("String value length")) {
                return "a string longer than " + MAPPER.getFactory().streamReadConstraints().getMaxStringLength()
                        + " characters";
            }
            if (m.contains("Number value length")) {
                return "a number longer than " + MAPPER.getFactory().streamReadConstraints().getMaxNumberLength()
                        + " digits";
            }
        }
        String m = String.valueOf(e.getOriginalMessage());
        m = m.replaceAll(" \\(but could if coercion was enabled using `CoercionConfig`\\)", "")
                .replaceAll(",? ?\\(?from `[^`]*`\\)?", "")
                .replace("`java.lang.String`", "string").replace("`int`", "integer").replace("`long`", "integer")
                .replace("`boolean`", "true or false").replace("`java.lang.Integer`", "integer")
                .replace("`java.lang.Boolean`", "true or false").replace("`double`", "number")
                .replace("`java.util.List<java.lang.Integer>`", "list of integers");
        m = m.replaceAll("\\('(.{1,2})' \\(code \\d+\\)\\)", "'$1'");
        return m.replaceAll("`([^`]*)`", "$1");
    }

    private Optional<String> unknownField(ObjectNode fields) {
        if (knownFields.isEmpty()) {
            return Optional.empty();
        }
        for (Iterator<String> it = fields.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!knownFields.contains(name)) {
                List<String> known = new ArrayList<>(knownFields);
                known.add("response");
                return Optional.of(Names.unknown("field of task " + taskType.getSimpleName(), name, known));
            }
        }
        return Optional.empty();
    }

    private String describeTaskError(Exception e, ObjectNode fields) {
        String type = taskType.getSimpleName();
        if (e instanceof UnrecognizedPropertyException u) {
            List<String> known = new ArrayList<>();
            u.getKnownPropertyIds().forEach(k -> known.add(String.valueOf(k)));
            known.add("response");
            return Names.unknown("field of task " + type, u.getPropertyName(), known);
        }
        if (e instanceof ValueInstantiationException v && v.getCause() != null) {
            Throwable cause = v.getCause();
            // Records check with Objects.requireNonNull(value, "name"): the message is the field's name.
            if (cause instanceof NullPointerException && cause.getMessage() != null) {
                return "invalid task " + type + ": field '" + cause.getMessage() + "' is missing or null";
            }
            return "invalid task " + type + ": " + (cause.getMessage() != null ? cause.getMessage() : cause);
        }
        if (e instanceof JsonMappingException m) {
            String path = path(m);
            // Only a top-level field can be missing; a nested path (ranks[1]) names a value that is there.
            boolean topLevel = !path.isEmpty() && path.indexOf('[') < 0 && path.indexOf('.') < 0;
            JsonNode value = topLevel ? fields.get(path) : null;
            if (topLevel && (value == null || value.isNull())) {
                return "invalid task " + type + ": field '" + path + "' is missing or null";
            }
            return "bad task " + type + (path.isEmpty() ? "" : " field '" + path + "'") + ": " + plain(m);
        }
        return "bad task " + type + ": " + e.getMessage();
    }

    private static String path(JsonMappingException m) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference r : m.getPath()) {
            if (r.getFieldName() != null) {
                sb.append(sb.length() == 0 ? "" : ".").append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                sb.append('[').append(r.getIndex()).append(']');
            }
        }
        return sb.toString();
    }

    /** The error line for input line {@code lineNumber}. */
    static Result error(long lineNumber, String message) {
        ObjectNode out = MAPPER.createObjectNode();
        out.put("line", lineNumber);
        out.put("error", message);
        try {
            return new Result(MAPPER.writeValueAsString(out), true);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a two-field JSON object must serialise", e);
        }
    }
}
