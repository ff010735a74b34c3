package io.posttrain4j.sft;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.posttrain4j.core.env.Message;
import io.posttrain4j.core.image.RgbImage;
import io.posttrain4j.core.train.TrainablePolicy;
import io.posttrain4j.sft.data.SftExample;

/** A fixed list of examples read in epochs, each a permutation derived from {@code (seed, epoch)}. */
final class DatasetData implements TrainingData {
    private final List<SftExample> examples;
    private final DataOrder order;
    private final int[][] responses;
    private final int[] lengths;
    private final String fingerprint;

    DatasetData(List<SftExample> examples, TrainablePolicy policy, long seed) {
        this.examples = List.copyOf(examples);
        if (this.examples.isEmpty()) {
            throw new IllegalArgumentException("SFT needs at least one example");
        }
        this.order = new DataOrder(this.examples.size(), seed);
        // Tokenise once: responses are scored every epoch, lengths order the micro-batches.
        this.responses = new int[this.examples.size()][];
        this.lengths = new int[this.examples.size()];
        for (int i = 0; i < responses.length; i++) {
            SftExample e = this.examples.get(i);
            responses[i] = policy.encodeResponse(e.response());
            lengths[i] = policy.promptTokens(e.prompt()) + responses[i].length;
        }
        this.fingerprint = fingerprint(this.examples);
    }

    @Override
    public Batch take(TrainablePolicy policy, long epoch, long position, int count) {
        DataOrder.Batch b = order.take(epoch, position, count);
        List<SftExample> out = new ArrayList<>(b.indices().length);
        List<int[]> tokens = new ArrayList<>(b.indices().length);
        int[] lens = new int[b.indices().length];
        for (int k = 0; k < lens.length; k++) {
            int i = b.indices()[k];
            out.add(examples.get(i));
            tokens.add(responses[i]);
            lens[k] = lengths[i];
        }
        return new Batch(out, tokens, lens, b.epoch(), b.position());
    }

    @Override
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("examples", examples.size());
        m.put("dataFingerprint", fingerprint);
        return m;
    }

    String fingerprint() {
        return fingerprint;
    }

    /** A SHA-256 over the examples' texts and images. */
    private static String fingerprint(List<SftExample> examples) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (SftExample e : examples) {
                for (Message m : e.prompt().messages()) {
                    sha.update(m.role().name().getBytes(StandardCharsets.UTF_8));
                    sha.update(m.text().getBytes(StandardCharsets.UTF_8));
                    for (RgbImage img : m.images()) {
                        sha.update(img.toRgbBytes());
                    }
                    sha.update((byte) 0);
                }
                sha.update(e.response().getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 1);
            }
            return HexFormat.of().formatHex(sha.digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
