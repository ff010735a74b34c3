package io.posttrain4j.core.model.checkpoint;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The parsed and validated JSON header of a safetensors file: tensor entries in data order and the string
 * metadata under {@code __metadata__}.
 */
final class SafetensorsHeader {
    /** Same cap as the reference implementation: a larger header means a corrupt or hostile file. */
    static final long MAX_HEADER_BYTES = 100_000_000L;

    static final String METADATA_KEY = "__metadata__";

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    final Map<String, TensorEntry> tensors;
    final Map<String, String> metadata;

    private SafetensorsHeader(Map<String, TensorEntry> tensors, Map<String, String> metadata) {
        this.tensors = Collections.unmodifiableMap(tensors);
        this.metadata = Collections.unmodifiableMap(metadata);
    }

    /**
     * Parses and checks a header.
     *
     * @param file the file's name, for messages
     * @param json the header bytes (UTF-8 JSON, possibly padded with trailing spaces)
     * @param dataLength bytes after the header, which the tensors must cover exactly
     */
    static SafetensorsHeader parse(String file, byte[] json, long dataLength) throws SafetensorsFormatException {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new SafetensorsFormatException(
                    file + ": header is not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new SafetensorsFormatException(file + ": header cannot be read: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new SafetensorsFormatException(file + ": header must be a JSON object, got "
                    + (root == null ? "nothing" : root.getNodeType().toString().toLowerCase(java.util.Locale.ROOT)));
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        List<TensorEntry> entries = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (field.getKey().equals(METADATA_KEY)) {
                readMetadata(file, field.getValue(), metadata);
            } else {
                entries.add(readEntry(file, field.getKey(), field.getValue()));
            }
        }
        checkLayout(file, entries, dataLength);
        Map<String, TensorEntry> byName = new LinkedHashMap<>();
        for (TensorEntry e : entries) {
            byName.put(e.name(), e);
        }
        return new SafetensorsHeader(byName, metadata);
    }

    private static void readMetadata(String file, JsonNode node, Map<String, String> out)
            throws SafetensorsFormatException {
        if (!node.isObject()) {
            throw new SafetensorsFormatException(file + ": " + METADATA_KEY + " must be an object of strings, got "
                    + node.getNodeType().toString().toLowerCase(java.util.Locale.ROOT));
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> kv = it.next();
            if (!kv.getValue().isTextual()) {
                throw new SafetensorsFormatException(file + ": " + METADATA_KEY + " value of '" + kv.getKey()
                        + "' must be a string, got " + kv.getValue());
            }
            out.put(kv.getKey(), kv.getValue().textValue());
        }
    }

    private static TensorEntry readEntry(String file, String name, JsonNode node) throws SafetensorsFormatException {
        String where = file + ": tensor '" + name + "'";
        if (!node.isObject()) {
            throw new SafetensorsFormatException(where + ": entry must be an object with dtype, shape and "
                    + "data_offsets, got " + node);
        }
        JsonNode dtypeNode = node.get("dtype");
        if (dtypeNode == null || !dtypeNode.isTextual()) {
            throw new SafetensorsFormatException(where + ": dtype must be a string, got " + dtypeNode);
        }
        DType dtype = DType.parse(dtypeNode.textValue()).orElseThrow(() -> new SafetensorsFormatException(
                where + ": dtype '" + dtypeNode.textValue() + "' unknown; known: " + DType.known()));
        long[] shape = longArray(where, "shape", node.get("shape"), -1);
        long[] offsets = longArray(where, "data_offsets", node.get("data_offsets"), 2);
        if (offsets[1] < offsets[0]) {
            throw new SafetensorsFormatException(where + ": data_offsets " + Arrays.toString(offsets)
                    + " end before they begin");
        }
        TensorEntry entry = new TensorEntry(name, dtype, shape, offsets[0], offsets[1]);
        long elements = entry.elements();
        long needed = elements < 0 ? -1 : multiplyOrMinusOne(elements, dtype.bytes());
        if (needed != entry.byteLength()) {
            throw new SafetensorsFormatException(where + ": data_offsets " + Arrays.toString(offsets) + " hold "
                    + entry.byteLength() + " bytes but shape " + Arrays.toString(shape) + " of " + dtype + " needs "
                    + (needed < 0 ? "more than 2^63" : Long.toString(needed)));
        }
        return entry;
    }

    private static long[] longArray(String where, String field, JsonNode node, int requiredLength)
            throws SafetensorsFormatException {
        if (node == null || !node.isArray()) {
            throw new SafetensorsFormatException(where + ": " + field + " must be an array of non-negative "
                    + "integers, got " + node);
        }
        if (requiredLength >= 0 && node.size() != requiredLength) {
            throw new SafetensorsFormatException(where + ": " + field + " must have " + requiredLength
                    + " entries, got " + node);
        }
        long[] out = new long[node.size()];
        for (int i = 0; i < out.length; i++) {
            JsonNode v = node.get(i);
            if (!v.isIntegralNumber() || !v.canConvertToLong() || v.longValue() < 0) {
                throw new SafetensorsFormatException(where + ": " + field + " must be an array of non-negative "
                        + "integers below 2^63, got " + node);
            }
            out[i] = v.longValue();
        }
        return out;
    }

    /** Tensors must tile the data section: sorted by offset, no gap, no overlap, nothing past its end. */
    private static void checkLayout(String file, List<TensorEntry> entries, long dataLength)
            throws SafetensorsFormatException {
        List<TensorEntry> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparingLong(TensorEntry::begin).thenComparingLong(TensorEntry::end));
        long expected = 0;
        for (TensorEntry e : sorted) {
            String where = file + ": tensor '" + e.name() + "': data_offsets [" + e.begin() + ", " + e.end() + "]";
            if (e.begin() != expected) {
                throw new SafetensorsFormatException(where + (e.begin() < expected
                        ? " overlap the previous tensor, which ends at " + expected
                        : " leave a gap: the previous tensor ends at " + expected));
            }
            if (e.end() > dataLength) {
                throw new SafetensorsFormatException(where + " reach past the data section, which holds "
                        + dataLength + " bytes (truncated file?)");
            }
            expected = e.end();
        }
        if (expected != dataLength) {
            throw new SafetensorsFormatException(file + ": tensors cover " + expected + " bytes of data but the "
                    + "file holds " + dataLength + " bytes after the header");
        }
    }

    /** The header JSON for tensors laid out in the given order, padded with spaces to a multiple of 8 bytes. */
    static byte[] encode(List<TensorEntry> entries, Map<String, String> metadata) {
        ObjectNode root = JSON.createObjectNode();
        if (!metadata.isEmpty()) {
            ObjectNode meta = root.putObject(METADATA_KEY);
            metadata.forEach(meta::put);
        }
        for (TensorEntry e : entries) {
            ObjectNode t = root.putObject(e.name());
            t.put("dtype", e.dtype().name());
            var shape = t.putArray("shape");
            for (long d : e.shape()) {
                shape.add(d);
            }
            t.putArray("data_offsets").add(e.begin()).add(e.end());
        }
        byte[] raw;
        try {
            raw = JSON.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a safetensors header", e);
        }
        int padded = (raw.length + 7) & ~7;
        byte[] out = Arrays.copyOf(raw, padded);
        Arrays.fill(out, raw.length, padded, (byte) ' ');
        return out;
    }

    private static long multiplyOrMinusOne(long a, long b) {
        try {
            return Math.multiplyExact(a, b);
        } catch (ArithmeticException e) {
            return -1;
        }
    }
}
