package io.posttrain4j.core.model.tokenizer;

import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

import io.posttrain4j.core.env.Message;
import io.posttrain4j.core.env.Observation;
import io.posttrain4j.core.image.RgbImage;

/**
 * The chat template of SmolVLM (Idefics3) instruct models, rendered as their Jinja template and transformers'
 * SmolVLM processor render it: {@code <|im_start|>} once, then per message its capitalised role ({@code User},
 * {@code Assistant}, {@code System}), {@code ": "} before a text-only content or {@code ":"} before images, the
 * images, the text, and {@code <end_of_utterance>\n}; the prompt ends with {@code Assistant:} (no space, so an
 * assistant turn reads {@code "Assistant: " + text}).
 *
 * <p>Each image is the processor's layout for an image it does not split (SmolVLM-256M/500M at 512x512 with
 * {@code do_image_splitting=False}): {@code <fake_token_around_image><global-img>}, {@code tokensPerImage} copies
 * of {@code <image>} (64 for those models), {@code <fake_token_around_image>}. With {@link #withSplitting}, an image
 * split into {@code rows x cols} tiles is, as {@code SmolVLMProcessor} expands it: per tile, row by row,
 * {@code <fake_token_around_image><row_r_col_c>} and its {@code <image>} run, a newline after each row, then a
 * newline and the global image's layout above. {@link EncodedPrompt#imageStarts()} points at the first
 * {@code <image>} of each image. Images come before the message's text, as in a {@link Message}. Immutable and
 * thread-safe.
 */
public final class SmolVlmChatTemplate implements ChatTemplate {
    /** {@code <image>} tokens per 512x512 image of SmolVLM-256M/500M: (512 / 16)^2 patches / 4^2 pixel shuffle. */
    public static final int SMOLVLM_TOKENS_PER_IMAGE = 64;

    private static final String FAMILY = "SmolVLM";
    private static final String IM_START = "<|im_start|>";
    private static final String END_OF_UTTERANCE = "<end_of_utterance>";
    private static final String FAKE_AROUND_IMAGE = "<fake_token_around_image>";
    private static final String GLOBAL_IMAGE = "<global-img>";
    private static final String IMAGE = "<image>";

    private final Tokenizer tokenizer;
    private final int tokensPerImage;
    private final int imStart;
    private final int endOfUtterance;
    private final int fakeAroundImage;
    private final int globalImage;
    private final int image;
    private final Map<String, Integer> controlIds;
    private final Function<RgbImage, Grid> grid;

    /**
     * The tiles an image is split into; {@code rows = cols = 0} for an image the processor leaves whole.
     *
     * @param rows tile rows
     * @param cols tile columns
     */
    public record Grid(int rows, int cols) {
        public Grid {
            if (rows < 0 || cols < 0 || (rows == 0) != (cols == 0)) {
                throw new IllegalArgumentException("a tile grid needs rows and cols both 0 or both positive, got "
                        + rows + "x" + cols);
            }
        }
    }

    /**
     * @param tokenizer the model's tokenizer, whose end-of-turn id must be {@code <end_of_utterance>}'s
     * @param controlIds ids by spelling holding {@code <|im_start|>}, {@code <end_of_utterance>} and, when {@code
     *     tokensPerImage > 0}, {@code <fake_token_around_image>}, {@code <global-img>} and {@code <image>}, e.g.
     *     {@link ChatTemplates#addedTokens}
     * @param tokensPerImage {@code <image>} tokens per image ({@link #SMOLVLM_TOKENS_PER_IMAGE}), {@code >= 0}; 0
     *     makes the template text-only
     * @throws IllegalArgumentException if a control token is missing, or the tokenizer's end-of-turn differs
     */
    public SmolVlmChatTemplate(Tokenizer tokenizer, Map<String, Integer> controlIds, int tokensPerImage) {
        this(tokenizer, controlIds, tokensPerImage, null);
    }

    private SmolVlmChatTemplate(Tokenizer tokenizer, Map<String, Integer> controlIds, int tokensPerImage,
            Function<RgbImage, Grid> grid) {
        this.tokenizer = Objects.requireNonNull(tokenizer, "tokenizer");
        this.controlIds = Map.copyOf(controlIds);
        this.grid = grid;
        if (tokensPerImage < 0) {
            throw new IllegalArgumentException("tokensPerImage must be >= 0, got " + tokensPerImage);
        }
        this.tokensPerImage = tokensPerImage;
        int[] ids = tokensPerImage == 0
                ? ChatTemplates.controlIds(FAMILY, controlIds, tokenizer, IM_START, END_OF_UTTERANCE)
                : ChatTemplates.controlIds(FAMILY, controlIds, tokenizer, IM_START, END_OF_UTTERANCE,
                        FAKE_AROUND_IMAGE, GLOBAL_IMAGE, IMAGE);
        this.imStart = ids[0];
        this.endOfUtterance = ids[1];
        this.fakeAroundImage = tokensPerImage == 0 ? -1 : ids[2];
        this.globalImage = tokensPerImage == 0 ? -1 : ids[3];
        this.image = tokensPerImage == 0 ? -1 : ids[4];
        ChatTemplates.requireEndOfTurn(FAMILY, tokenizer, END_OF_UTTERANCE, endOfUtterance);
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
     * This template with images split as {@code grid} says (the processor's {@code do_image_splitting}): an image of
     * {@code rows x cols} tiles takes {@code (rows * cols + 1) * tokensPerImage} placeholders.
     *
     * @throws IllegalArgumentException if the template is text-only
     */
    public SmolVlmChatTemplate withSplitting(Function<RgbImage, Grid> grid) {
        if (tokensPerImage == 0) {
            throw new IllegalArgumentException("a text-only template has no images to split");
        }
        return new SmolVlmChatTemplate(tokenizer, controlIds, tokensPerImage, Objects.requireNonNull(grid, "grid"));
    }

    @Override
    public int tokensFor(RgbImage image) {
        if (grid == null) {
            return tokensPerImage;
        }
        Grid g = grid.apply(image);
        return (g.rows() * g.cols() + 1) * tokensPerImage;
    }

    /**
     * Renders the conversation, images expanded, and the generation prompt {@code Assistant:}.
     *
     * @throws IllegalArgumentException if the observation has images and {@code tokensPerImage} is 0
     */
    @Override
    public EncodedPrompt encodePrompt(Observation observation) {
        Objects.requireNonNull(observation, "observation");
        ChatTemplates.PromptIds out = new ChatTemplates.PromptIds(tokenizer);
        out.control(imStart);
        for (Message m : observation.messages()) {
            out.text(role(m) + (m.images().isEmpty() ? ": " : ":"));
            for (RgbImage img : m.images()) {
                ChatTemplates.requireImages(tokensPerImage, img);
                Grid g = grid == null ? new Grid(0, 0) : grid.apply(img);
                if (g.rows() == 0) {
                    out.control(fakeAroundImage).control(globalImage).image(img, image, tokensPerImage)
                            .control(fakeAroundImage);
                    continue;
                }
                for (int r = 1; r <= g.rows(); r++) {
                    for (int c = 1; c <= g.cols(); c++) {
                        out.control(fakeAroundImage).control(rowColumn(r, c));
                        if (r == 1 && c == 1) {
                            out.image(img, image, tokensPerImage);
                        } else {
                            out.morePlaceholders(image, tokensPerImage);
                        }
                    }
                    out.text("\n");
                }
                out.text("\n").control(fakeAroundImage).control(globalImage).morePlaceholders(image, tokensPerImage)
                        .control(fakeAroundImage);
            }
            out.text(m.text()).control(endOfUtterance).text("\n");
        }
        return out.text("Assistant:").build();
    }

    /**
     * The ids of {@code " " + text} then {@code <end_of_utterance>}: after the prompt's {@code Assistant:}, an
     * assistant turn renders as a space, its text and the end of utterance.
     */
    @Override
    public int[] encodeResponse(String text) {
        return ChatTemplates.append(tokenizer.encode(" " + Objects.requireNonNull(text, "text")), endOfUtterance);
    }

    /** The id of {@code <row_r_col_c>}, which the tokenizer must hold as an added token. */
    private int rowColumn(int r, int c) {
        String token = "<row_" + r + "_col_" + c + ">";
        Integer id = controlIds.get(token);
        if (id == null) {
            throw new IllegalArgumentException("the SmolVLM tokenizer has no " + token + " token, which an image split "
                    + "into " + r + " or more rows and " + c + " or more columns needs");
        }
        return id;
    }

    private static String role(Message m) {
        return switch (m.role()) {
            case SYSTEM -> "System";
            case USER -> "User";
            case ASSISTANT -> "Assistant";
        };
    }

    @Override
    public String toString() {
        return "SmolVlmChatTemplate[" + tokenizer + ", tokensPerImage=" + tokensPerImage
                + (grid == null ? "" : ", split") + "]";
    }
}
