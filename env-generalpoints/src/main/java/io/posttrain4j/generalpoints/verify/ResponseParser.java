package io.posttrain4j.generalpoints.verify;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * Reads a response the way the reference's {@code re_match} and {@code robust_str_to_list} do.
 *
 * <p>Strict JSON comes first (Python's {@code json.loads}: NaN and Infinity allowed, trailing commas and trailing
 * data not); when the text is a JSON object holding the key, its value is used as is. Otherwise the reference's
 * regexes run on the raw text, with Python's semantics: {@code .} stops only at {@code \n}. A {@code cards} group
 * whose comma-separated items all parse as Python integers becomes a list, which the list cleaning then rejects,
 * exactly like the reference. A JSON text nested deeper than 1000 levels is not read as JSON (Python's
 * {@code json.loads} gives up near its recursion limit of 1000 too); the patterns then read it. Linear in the
 * length of the response. Thread-safe.
 */
public final class ResponseParser {
    static final Pattern FORMULA = Pattern.compile("\"formula\": \"(.*?)\"", Pattern.UNIX_LINES);
    static final Pattern CARDS = Pattern.compile("\"cards\": \\[([^\\]]+)\\]", Pattern.UNIX_LINES);
    private static final ObjectMapper JSON = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(1000).build())
                    .build())
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private ResponseParser() {}

    /** Parses {@code response}; never throws. */
    public static ParsedResponse parse(String response) {
        String text = response == null ? "" : response;
        JsonNode root = strictJson(text);
        String formula;
        boolean formulaIsText = true;
        if (root != null && root.isObject() && root.has("formula")) {
            JsonNode f = root.get("formula");
            formulaIsText = f.isTextual();
            formula = formulaIsText ? f.textValue() : f.toString();
        } else {
            Matcher m = FORMULA.matcher(text);
            formula = m.find() ? m.group(1) : "None";
        }
        String stated = null;
        if (formulaIsText) {
            int eq = formula.indexOf('=');
            if (eq >= 0) {
                stated = formula.substring(eq + 1);
                formula = formula.substring(0, eq);
            }
        }
        List<String> cards;
        if (root != null && root.isObject() && root.has("cards")) {
            JsonNode c = root.get("cards");
            cards = c.isTextual() ? cleanList(c.textValue()) : List.of();
        } else {
            Matcher m = CARDS.matcher(text);
            if (!m.find()) {
                cards = cleanList("None");
            } else if (allPythonInts(m.group(1).split(", ", -1))) {
                cards = List.of();
            } else {
                cards = cleanList("[" + m.group(1) + "]");
            }
        }
        return new ParsedResponse(formula, formulaIsText, cards, stated);
    }

    private static JsonNode strictJson(String text) {
        // Only a JSON object can hold the keys; anything else skips the (exception-driven) parse attempt.
        int i = 0;
        while (i < text.length() && " \t\n\r".indexOf(text.charAt(i)) >= 0) {
            i++;
        }
        if (i >= text.length() || text.charAt(i) != '{') {
            return null;
        }
        try {
            JsonNode node = JSON.readTree(text);
            return node == null || node.isMissingNode() ? null : node;
        } catch (Exception e) {
            return null;
        }
    }

    /** The reference's robust_str_to_list: strip brackets, single quotes and spaces, split on commas, need 4. */
    static List<String> cleanList(String s) {
        String cleaned = s.replace("[", "").replace("]", "").replace("'", "").replace(" ", "");
        String[] parts = cleaned.split(",", -1);
        return parts.length == 4 ? List.copyOf(Arrays.asList(parts)) : List.of();
    }

    private static boolean allPythonInts(String[] parts) {
        for (String p : parts) {
            if (!isPythonInt(p)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether Python's {@code int(s)} accepts {@code s}: surrounding whitespace, an optional sign, decimal digits
     * of any script, single underscores between digits.
     */
    static boolean isPythonInt(String s) {
        int[] cps = s.codePoints().toArray();
        int from = 0;
        int to = cps.length;
        while (from < to && isPythonSpace(cps[from])) {
            from++;
        }
        while (to > from && isPythonSpace(cps[to - 1])) {
            to--;
        }
        if (from < to && (cps[from] == '+' || cps[from] == '-')) {
            from++;
        }
        if (from >= to) {
            return false;
        }
        List<Integer> body = new ArrayList<>();
        for (int i = from; i < to; i++) {
            body.add(cps[i]);
        }
        boolean prevDigit = false;
        for (int i = 0; i < body.size(); i++) {
            int c = body.get(i);
            if (Character.isDigit(c)) {
                prevDigit = true;
            } else if (c == '_' && prevDigit && i + 1 < body.size() && Character.isDigit(body.get(i + 1))) {
                prevDigit = false;
            } else {
                return false;
            }
        }
        return true;
    }

    private static boolean isPythonSpace(int c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c) || (c >= 0x1c && c <= 0x1f) || c == 0x85;
    }
}
