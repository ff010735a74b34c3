package io.posttrain4j.virl.verify;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads a key of a model's answer the way the reference's {@code re_match} does: first as a JSON object's field,
 * otherwise the first match of {@code "<key>": "(.*?)"} (where '.' stops at line feeds only, as in Python), and
 * {@code "None"} when neither finds it. Non-string JSON values read as their JSON text. Thread-safe.
 */
public final class ResponseFields {
    /** What the reference reads when a key is absent. */
    public static final String NONE = "None";

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private static final java.util.Map<String, Pattern> REFERENCE_PATTERNS = new java.util.concurrent.ConcurrentHashMap<>();
    private static final java.util.Map<String, Pattern> COMPACT_PATTERNS = new java.util.concurrent.ConcurrentHashMap<>();

    private ResponseFields() {}

    /** The value of {@code key} in a reference-format answer. */
    public static String reference(String text, String key) {
        try {
            JsonNode n = JSON.readTree(text);
            if (n != null && n.isObject() && n.has(key)) {
                JsonNode v = n.get(key);
                return v.isTextual() ? v.asText() : v.toString();
            }
        } catch (JsonProcessingException | RuntimeException e) {
            // not JSON: fall through to the pattern, as the reference does
        }
        Matcher m = REFERENCE_PATTERNS.computeIfAbsent(key,
                k -> Pattern.compile("\"" + Pattern.quote(k) + "\": \"(.*?)\"", Pattern.UNIX_LINES)).matcher(text);
        return m.find() ? m.group(1) : NONE;
    }

    /** The value of a compact-format line {@code <key>: <value>} ({@code obs}, {@code ins}, {@code act}). */
    public static String compact(String text, String key) {
        Matcher m = COMPACT_PATTERNS.computeIfAbsent(key, k -> Pattern.compile(
                "^[ \\t]*" + Pattern.quote(k) + ":[ \\t]*(.*?)[ \\t]*$", Pattern.MULTILINE | Pattern.UNIX_LINES)).matcher(text);
        return m.find() ? m.group(1) : NONE;
    }
}
