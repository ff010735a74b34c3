package io.posttrain4j.examples.cli;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationFeature;
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
 * string; answers one JSON line, the verdict or an error naming what is wrong with the input.
 *
 * <p>Fields are read strictly: an unknown field (a typo), a JSON null or a missing value for a primitive field,
 * a fraction for an integer field, and text after the object are errors. The verifier is called once per good
 * line; a verifier that throws is reported as an error line, not propagated. Thread-safe when the verifier is (verifiers must be).
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

    private final Class<T> taskType;
    private final Set<String> knownFields;
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
                return error(lineNumber, "not JSON: " + e.getOriginalMessage());
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
            JsonNode value = fields.get(path);
            if (!path.isEmpty() && (value == null || value.isNull())) {
                return "invalid task " + type + ": field '" + path + "' is missing or null";
            }
            return "bad task " + type + (path.isEmpty() ? "" : " field '" + path + "'") + ": " + m.getOriginalMessage();
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

    private static Result error(long lineNumber, String message) {
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
