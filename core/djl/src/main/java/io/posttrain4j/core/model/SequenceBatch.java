package io.posttrain4j.core.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.ToIntFunction;

import io.posttrain4j.core.image.RgbImage;
import io.posttrain4j.core.model.tokenizer.ChatTemplate;
import io.posttrain4j.core.model.tokenizer.EncodedPrompt;

/**
 * The Java-side layout of a batch: prompts left-padded to a common length P so that every prompt ends in column
 * P-1 and responses (if any) occupy columns P..P+R-1, right-padded. Each row keeps its own rotary positions
 * (counted from its first real token) and masks its padding, so a row's numbers do not depend on its neighbours.
 */
final class SequenceBatch {
    final int rows;
    final int promptColumns;
    final int responseColumns;
    final int[] pad;
    final int[] promptLengths;
    final int[] responseLengths;
    final long[] ids;
    final long[] positions;
    final List<RgbImage> images;
    /** For each (row, column), the row of [text; image patches] that feeds it; null without images. */
    final long[] imageGather;
    /** Image placeholders of all prompts: the rows the image encoder must give. */
    final long imageRows;

    private SequenceBatch(int rows, int promptColumns, int responseColumns, int[] pad, int[] promptLengths,
            int[] responseLengths, long[] ids, long[] positions, List<RgbImage> images, long[] imageGather,
            long imageRows) {
        this.rows = rows;
        this.promptColumns = promptColumns;
        this.responseColumns = responseColumns;
        this.pad = pad;
        this.promptLengths = promptLengths;
        this.responseLengths = responseLengths;
        this.ids = ids;
        this.positions = positions;
        this.images = images;
        this.imageGather = imageGather;
        this.imageRows = imageRows;
    }

    /** Total columns T = P + R. */
    int columns() {
        return promptColumns + responseColumns;
    }

    /**
     * Lays out prompts and, when {@code responses} is not null, responses after them.
     *
     * @param patchCount image tokens per image
     */
    static SequenceBatch of(List<EncodedPrompt> prompts, List<int[]> responses, int padId, int patchCount) {
        return of(prompts, responses, padId, image -> patchCount);
    }

    /**
     * As above, for encoders whose token count depends on the image ({@link ChatTemplate#tokensFor}): image k's
     * features are rows [sum of the counts before it, + its count) of the encoder's output.
     */
    static SequenceBatch of(List<EncodedPrompt> prompts, List<int[]> responses, int padId,
            ToIntFunction<RgbImage> tokensOf) {
        int b = prompts.size();
        int p = 0;
        int r = 0;
        int[] promptLengths = new int[b];
        int[] responseLengths = new int[b];
        for (int i = 0; i < b; i++) {
            promptLengths[i] = prompts.get(i).ids().length;
            p = Math.max(p, promptLengths[i]);
            if (responses != null) {
                responseLengths[i] = responses.get(i).length;
                r = Math.max(r, responseLengths[i]);
            }
        }
        if (responses != null) {
            r = Math.max(r, 1); // keep a (B, R) shape even when every response is empty
        }
        int t = p + r;
        int[] pad = new int[b];
        long[] ids = new long[b * t];
        long[] positions = new long[b * t];
        Arrays.fill(ids, padId);
        List<RgbImage> images = new ArrayList<>();
        List<long[]> imageSlots = new ArrayList<>(); // (flat position, patch row)
        long imageRows = 0;
        for (int i = 0; i < b; i++) {
            EncodedPrompt ep = prompts.get(i);
            pad[i] = p - promptLengths[i];
            int base = i * t;
            for (int j = 0; j < promptLengths[i]; j++) {
                ids[base + pad[i] + j] = ep.ids()[j];
            }
            if (responses != null) {
                int[] resp = responses.get(i);
                for (int j = 0; j < resp.length; j++) {
                    ids[base + p + j] = resp[j];
                }
            }
            for (int j = 0; j < t; j++) {
                positions[base + j] = Math.max(0, j - pad[i]);
            }
            for (int k = 0; k < ep.images().size(); k++) {
                RgbImage image = ep.images().get(k);
                int count = tokensOf.applyAsInt(image);
                images.add(image);
                // its placeholders: the first `count` ids equal to the one at its start, from there on (one run in
                // most templates; SmolVLM's split images put row markers and newlines between the tiles' runs)
                int at = ep.imageStarts()[k];
                int placeholder = ep.ids()[at];
                int end = k + 1 < ep.images().size() ? ep.imageStarts()[k + 1] : promptLengths[i];
                for (int q = 0; q < count; q++, at++) {
                    while (at < end && ep.ids()[at] != placeholder) {
                        at++;
                    }
                    if (at >= end) {
                        throw new IllegalArgumentException("prompt " + i + " holds fewer placeholders for image " + k
                                + " (before the next image) than its " + count + " encoder rows");
                    }
                    imageSlots.add(new long[] {base + pad[i] + at, imageRows + q});
                }
                imageRows += count;
            }
        }
        long[] gather = null;
        if (!images.isEmpty()) {
            gather = new long[b * t];
            for (int j = 0; j < gather.length; j++) {
                gather[j] = j;
            }
            long textRows = (long) b * t;
            for (long[] slot : imageSlots) {
                gather[(int) slot[0]] = textRows + slot[1];
            }
        }
        return new SequenceBatch(b, p, r, pad, promptLengths, responseLengths, ids, positions,
                List.copyOf(images), gather, imageRows);
    }

    /**
     * The causal part (T, T) of the attention bias over all columns: key j is visible to query i when j <= i. The
     * padding part is {@link #stepBias(int)}; the two broadcast-add to (B, 1, 1, T, T) in torch, so the Java side
     * never builds B x T x T values.
     */
    float[] causalBias() {
        int t = columns();
        float[] bias = new float[t * t];
        for (int i = 0; i < t; i++) {
            for (int j = i + 1; j < t; j++) {
                bias[i * t + j] = Network.MASKED;
            }
        }
        return bias;
    }

    /** The padding bias (B, 1, 1, 1, Tk) over keys in columns 0..Tk-1: key j is visible when j >= pad. */
    float[] stepBias(int keys) {
        float[] bias = new float[rows * keys];
        for (int b = 0; b < rows; b++) {
            for (int j = 0; j < keys; j++) {
                bias[b * keys + j] = j >= pad[b] ? 0f : Network.MASKED;
            }
        }
        return bias;
    }

    /**
     * This prompt batch grown to {@code t} columns holding {@code ids} (B, t): the first P columns as before, the
     * rest generated tokens. Used to recompute the whole prefix (the no-cache baseline).
     */
    SequenceBatch extendedTo(long[] ids, int t) {
        long[] pos = new long[rows * t];
        for (int b = 0; b < rows; b++) {
            for (int j = 0; j < t; j++) {
                pos[b * t + j] = Math.max(0, j - pad[b]);
            }
        }
        long[] gather = null;
        if (imageGather != null) {
            int oldT = columns();
            long oldTextRows = (long) rows * oldT;
            gather = new long[rows * t];
            for (int j = 0; j < gather.length; j++) {
                gather[j] = j;
            }
            for (int b = 0; b < rows; b++) {
                for (int j = 0; j < oldT; j++) {
                    long g = imageGather[b * oldT + j];
                    if (g >= oldTextRows) {
                        gather[b * t + j] = (long) rows * t + (g - oldTextRows);
                    }
                }
            }
        }
        return new SequenceBatch(rows, promptColumns, t - promptColumns, pad, promptLengths, new int[rows], ids, pos,
                images, gather, imageRows);
    }
}
