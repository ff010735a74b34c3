package io.posttrain4j.core.model.tokenizer;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import io.posttrain4j.core.env.Message;
import io.posttrain4j.core.env.Observation;
import io.posttrain4j.core.image.RgbImage;

/**
 * The chat template of the default policy:
 * {@code <bos> (role images* text <eot>)* <assistant>}, where each image is {@code tokensPerImage} copies of the
 * image placeholder id, and a response is {@code text <eot>}.
 *
 * <p>The role, image and end-of-turn ids come from the tokenizer's {@link SpecialTokens}, so the same template
 * serves the byte, BPE and Hugging Face tokenizers. Immutable and thread-safe.
 */
public final class DefaultChatTemplate implements ChatTemplate {
    private final Tokenizer tokenizer;
    private final int tokensPerImage;

    /**
     * @param tokenizer the tokenizer of the policy, not null
     * @param tokensPerImage placeholders per image, {@code >= 0}; with 0 the template is text-only and rejects
     *     observations that carry images
     */
    public DefaultChatTemplate(Tokenizer tokenizer, int tokensPerImage) {
        this.tokenizer = Objects.requireNonNull(tokenizer, "tokenizer");
        if (tokensPerImage < 0) {
            throw new IllegalArgumentException("tokensPerImage must be >= 0, got " + tokensPerImage);
        }
        this.tokensPerImage = tokensPerImage;
    }

    @Override
    public Tokenizer tokenizer() {
        return tokenizer;
    }

    @Override
    public int tokensPerImage() {
        return tokensPerImage;
    }

    /**
     * Encodes the conversation and appends the assistant role token, ready for generation.
     *
     * @throws IllegalArgumentException if the observation has images and {@code tokensPerImage} is 0
     */
    @Override
    public EncodedPrompt encodePrompt(Observation observation) {
        Objects.requireNonNull(observation, "observation");
        SpecialTokens sp = tokenizer.special();
        IntBuffer ids = new IntBuffer(64);
        List<RgbImage> images = new ArrayList<>();
        List<Integer> starts = new ArrayList<>();
        ids.add(sp.beginOfText());
        for (Message m : observation.messages()) {
            ids.add(roleId(m, sp));
            for (RgbImage image : m.images()) {
                if (tokensPerImage == 0) {
                    throw new IllegalArgumentException(
                            "this template is text-only (tokensPerImage = 0) but the observation carries an image "
                                    + image);
                }
                images.add(image);
                starts.add(ids.size());
                ids.addRepeated(sp.image(), tokensPerImage);
            }
            ids.addAll(tokenizer.encode(m.text()));
            ids.add(sp.endOfTurn());
        }
        ids.add(sp.assistant());
        int[] imageStarts = starts.stream().mapToInt(Integer::intValue).toArray();
        return new EncodedPrompt(ids.toArray(), images, imageStarts);
    }

    @Override
    public int[] encodeResponse(String text) {
        int[] body = tokenizer.encode(Objects.requireNonNull(text, "text"));
        int[] out = java.util.Arrays.copyOf(body, body.length + 1);
        out[body.length] = tokenizer.special().endOfTurn();
        return out;
    }

    private static int roleId(Message m, SpecialTokens sp) {
        return switch (m.role()) {
            case SYSTEM -> sp.system();
            case USER -> sp.user();
            case ASSISTANT -> sp.assistant();
        };
    }

    @Override
    public String toString() {
        return "DefaultChatTemplate[" + tokenizer + ", tokensPerImage=" + tokensPerImage + "]";
    }

    /** A growable int array, to avoid boxing every token id. */
    private static final class IntBuffer {
        private int[] data;
        private int size;

        IntBuffer(int capacity) {
            data = new int[capacity];
        }

        void add(int v) {
            ensure(size + 1);
            data[size++] = v;
        }

        void addAll(int[] vs) {
            ensure(size + vs.length);
            System.arraycopy(vs, 0, data, size, vs.length);
            size += vs.length;
        }

        void addRepeated(int v, int n) {
            ensure(size + n);
            java.util.Arrays.fill(data, size, size + n, v);
            size += n;
        }

        int size() {
            return size;
        }

        int[] toArray() {
            return java.util.Arrays.copyOf(data, size);
        }

        private void ensure(int capacity) {
            if (capacity > data.length) {
                data = java.util.Arrays.copyOf(data, Math.max(capacity, data.length * 2));
            }
        }
    }
}
