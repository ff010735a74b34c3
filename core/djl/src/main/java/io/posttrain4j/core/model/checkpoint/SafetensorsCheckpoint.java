package io.posttrain4j.core.model.checkpoint;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The weights of a Hugging Face model folder as one name space: a single {@code model.safetensors}, or shards
 * listed by {@code model.safetensors.index.json} (its {@code weight_map} names each tensor's file), as large
 * Llama and Qwen2 checkpoints ship.
 *
 * <p>Every shard is opened and validated up front, and the index must agree with the shards: each mapped tensor
 * exists in its file and no tensor appears in two files. Reads are thread-safe; close to release the files.
 */
public final class SafetensorsCheckpoint implements AutoCloseable {
    /** The single-file name. */
    public static final String SINGLE_FILE = "model.safetensors";

    /** The shard index name. */
    public static final String INDEX_FILE = "model.safetensors.index.json";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<SafetensorsFile> files;
    private final Map<String, SafetensorsFile> byTensor;

    private SafetensorsCheckpoint(List<SafetensorsFile> files, Map<String, SafetensorsFile> byTensor) {
        this.files = List.copyOf(files);
        this.byTensor = Collections.unmodifiableMap(byTensor);
    }

    /**
     * Opens a model folder (index or single file), or one {@code .safetensors} file.
     *
     * @throws NoSuchFileException if the folder has neither {@value #INDEX_FILE} nor {@value #SINGLE_FILE}
     * @throws IOException naming the file and the field when the index or a shard is malformed
     */
    public static SafetensorsCheckpoint open(Path path) throws IOException {
        Objects.requireNonNull(path, "path");
        if (!Files.isDirectory(path)) {
            SafetensorsFile single = Safetensors.read(path);
            return new SafetensorsCheckpoint(List.of(single), index(single));
        }
        Path index = path.resolve(INDEX_FILE);
        if (Files.isRegularFile(index)) {
            return openSharded(path, index);
        }
        Path single = path.resolve(SINGLE_FILE);
        if (Files.isRegularFile(single)) {
            return open(single);
        }
        throw new NoSuchFileException(path.toString(), null,
                "no weights here: expected " + INDEX_FILE + " or " + SINGLE_FILE);
    }

    private static SafetensorsCheckpoint openSharded(Path dir, Path index) throws IOException {
        JsonNode root;
        try {
            root = JSON.readTree(index.toFile());
        } catch (JsonProcessingException e) {
            throw new IOException(index + ": not valid JSON: " + e.getOriginalMessage(), e);
        }
        JsonNode map = root == null ? null : root.get("weight_map");
        if (map == null || !map.isObject()) {
            throw new IOException(index + ": weight_map must be an object of tensor name -> shard file, got " + map);
        }
        Map<String, String> shardOf = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = map.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String file = e.getValue().isTextual() ? e.getValue().textValue() : "";
            // Shard names are plain file names next to the index; anything else could escape the folder.
            if (file.isEmpty() || file.contains("/") || file.contains("\\") || file.equals("..")) {
                throw new IOException(index + ": weight_map['" + e.getKey() + "'] must be a shard file name in "
                        + "the same folder, got " + e.getValue());
            }
            shardOf.put(e.getKey(), file);
        }
        if (shardOf.isEmpty()) {
            throw new IOException(index + ": weight_map is empty");
        }
        Map<String, SafetensorsFile> opened = new LinkedHashMap<>();
        try {
            for (String file : new TreeSet<>(shardOf.values())) {
                opened.put(file, Safetensors.read(dir.resolve(file)));
            }
            Map<String, SafetensorsFile> byTensor = new LinkedHashMap<>();
            for (Map.Entry<String, String> e : shardOf.entrySet()) {
                SafetensorsFile shard = opened.get(e.getValue());
                if (!shard.contains(e.getKey())) {
                    throw new IOException(index + ": weight_map puts tensor '" + e.getKey() + "' in " + e.getValue()
                            + ", which does not hold it");
                }
                byTensor.put(e.getKey(), shard);
            }
            for (SafetensorsFile shard : opened.values()) {
                for (String name : shard.names()) {
                    String mapped = shardOf.get(name);
                    if (mapped == null) {
                        throw new IOException(index + ": tensor '" + name + "' of " + shard.path().getFileName()
                                + " is missing from weight_map");
                    }
                    if (!mapped.equals(shard.path().getFileName().toString())) {
                        throw new IOException(index + ": tensor '" + name + "' appears in both " + mapped + " and "
                                + shard.path().getFileName());
                    }
                }
            }
            return new SafetensorsCheckpoint(new ArrayList<>(opened.values()), byTensor);
        } catch (IOException | RuntimeException e) {
            for (SafetensorsFile f : opened.values()) {
                f.close();
            }
            throw e;
        }
    }

    private static Map<String, SafetensorsFile> index(SafetensorsFile file) {
        Map<String, SafetensorsFile> out = new LinkedHashMap<>();
        for (String name : file.names()) {
            out.put(name, file);
        }
        return out;
    }

    /** All tensor names, in index (or header) order. */
    public Set<String> names() {
        return byTensor.keySet();
    }

    /** Whether a tensor named {@code name} exists. */
    public boolean contains(String name) {
        return byTensor.containsKey(name);
    }

    /** The header entry of {@code name}. */
    public TensorEntry entry(String name) {
        return fileOf(name).entry(name);
    }

    /** Reads tensor {@code name} as float32 (see {@link SafetensorsFile#read}). */
    public FloatTensor read(String name) throws IOException {
        return fileOf(name).read(name);
    }

    /** Reads an integer tensor exactly (see {@link SafetensorsFile#readLongs}). */
    public long[] readLongs(String name) throws IOException {
        return fileOf(name).readLongs(name);
    }

    /** The opened files, one per shard. */
    public List<SafetensorsFile> files() {
        return files;
    }

    @Override
    public void close() throws IOException {
        IOException first = null;
        for (SafetensorsFile f : files) {
            try {
                f.close();
            } catch (IOException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    private SafetensorsFile fileOf(String name) {
        SafetensorsFile f = byTensor.get(Objects.requireNonNull(name, "name"));
        if (f == null) {
            throw new IllegalArgumentException("no tensor '" + name + "' in this checkpoint of " + byTensor.size()
                    + " tensors in " + files.size() + " file(s), the first " + files.get(0).path());
        }
        return f;
    }

    @Override
    public String toString() {
        return "SafetensorsCheckpoint[" + files.size() + " file(s), " + byTensor.size() + " tensors]";
    }
}
