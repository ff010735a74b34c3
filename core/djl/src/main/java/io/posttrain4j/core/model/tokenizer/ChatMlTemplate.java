package io.posttrain4j.core.model.tokenizer;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.ToIntFunction;

import io.posttrain4j.core.env.Message;
import io.posttrain4j.core.env.Observation;
import io.posttrain4j.core.env.Role;
import io.posttrain4j.core.image.RgbImage;

/**
 * The ChatML chat template of Qwen2, Qwen2.5 and SmolLM2 instruct models, rendered as their Jinja templates render
 * a conversation without tools: per message {@code <|im_start|>{role}\n{content}<|im_end|>\n}, and the prompt ends
 * with {@code <|im_start|>assistant\n}. Contents are not trimmed; no BOS is written.
 *
 * <p>When the conversation does not open with a system message, the model's default system turn comes first (see
 * {@link #QWEN2_DEFAULT_SYSTEM}, {@link #QWEN25_DEFAULT_SYSTEM}, {@link #SMOLLM2_DEFAULT_SYSTEM}).
 *
 * <p>Images are not part of these text templates: with {@code tokensPerImage > 0}, each image of a message becomes
 * {@code tokensPerImage} copies of the tokenizer's image placeholder ({@link SpecialTokens#image()}) right after
 * {@code {role}\n}, before the text, as in the {@link DefaultChatTemplate}; a template that writes each image as
 * {@code <image>\n} (LLaVA-OneVision) follows each image's placeholders with {@code imageSuffix}. Immutable and
 * thread-safe.
 */
public final class ChatMlTemplate implements ChatTemplate {
    /** The default system message of Qwen2 instruct models. */
    public static final String QWEN2_DEFAULT_SYSTEM = "You are a helpful assistant.";

    /** The default system message of Qwen2.5 instruct models. */
    public static final String QWEN25_DEFAULT_SYSTEM =
            "You are Qwen, created by Alibaba Cloud. You are a helpful assistant.";

    /** The default system message of SmolLM2 instruct models. */
    public static final String SMOLLM2_DEFAULT_SYSTEM =
            "You are a helpful AI assistant named SmolLM, trained by Hugging Face";

    private static final String FAMILY = "ChatML";
    private static final String IM_START = "<|im_start|>";
    private static final String IM_END = "<|im_end|>";

    private final Tokenizer tokenizer;
    private final int tokensPerImage;
    private final String defaultSystem;
    private final String imageSuffix;
    private final int imStart;
    private final int imEnd;
    /** Placeholders of one image when they depend on its size (any-res); null: {@link #tokensPerImage} each. */
    private final ToIntFunction<RgbImage> imageTokens;

    /**
     * @param tokenizer the model's tokenizer, whose end-of-turn id must be {@code <|im_end|>}'s
     * @param controlIds ids by spelling holding {@code <|im_start|>} and {@code <|im_end|>}, e.g. {@link
     *     ChatTemplates#addedTokens}
     * @param tokensPerImage placeholders per image, {@code >= 0}; 0 makes the template text-only
     * @param defaultSystem the system message written when a conversation has none; {@code null} for none
     * @throws IllegalArgumentException if a control token is missing, or the tokenizer's end-of-turn differs
     */
    public ChatMlTemplate(Tokenizer tokenizer, Map<String, Integer> controlIds, int tokensPerImage,
            String defaultSystem) {
        this(tokenizer, controlIds, tokensPerImage, defaultSystem, "");
    }

    /**
     * As {@link #ChatMlTemplate(Tokenizer, Map, int, String)}, with text written after each image's placeholders.
     *
     * @param imageSuffix e.g. {@code "\n"} for LLaVA-OneVision's {@code <image>\n}; {@code ""} for none
     */
    public ChatMlTemplate(Tokenizer tokenizer, Map<String, Integer> controlIds, int tokensPerImage,
            String defaultSystem, String imageSuffix) {
        this.imageSuffix = Objects.requireNonNull(imageSuffix, "imageSuffix");
        this.tokenizer = Objects.requireNonNull(tokenizer, "tokenizer");
        if (tokensPerImage < 0) {
            throw new IllegalArgumentException("tokensPerImage must be >= 0, got " + tokensPerImage);
        }
        this.tokensPerImage = tokensPerImage;
        this.defaultSystem = defaultSystem;
        int[] ids = ChatTemplates.controlIds(FAMILY, controlIds, tokenizer, IM_START, IM_END);
        this.imStart = ids[0];
        this.imEnd = ids[1];
        ChatTemplates.requireEndOfTurn(FAMILY, tokenizer, IM_END, imEnd);
        this.imageTokens = null;
    }

    private ChatMlTemplate(ChatMlTemplate t, ToIntFunction<RgbImage> imageTokens) {
        this.tokenizer = t.tokenizer;
        this.tokensPerImage = t.tokensPerImage;
        this.defaultSystem = t.defaultSystem;
        this.imageSuffix = t.imageSuffix;
        this.imStart = t.imStart;
        this.imEnd = t.imEnd;
        this.imageTokens = imageTokens;
    }

    /**
     * This template with a number of placeholders per image that depends on the image (LLaVA-OneVision's any-res
     * tiling: the count follows the image's size, as the processor expands {@code <image>}).
     */
    public ChatMlTemplate withImageTokens(ToIntFunction<RgbImage> count) {
        return new ChatMlTemplate(this, Objects.requireNonNull(count, "count"));
    }

    @Override
    public int tokensFor(RgbImage image) {
        return imageTokens == null ? tokensPerImage : imageTokens.applyAsInt(image);
    }

    @Override
    public Tokenizer tokenizer() {
        return tokenizer;
    }

    @Override
    public int tokensPerImage() {
        return tokensPerImage;
    }

    /** The system message written when a conversation has none, if the model has one. */
    public Optional<String> defaultSystem() {
        return Optional.ofNullable(defaultSystem);
    }

    /**
     * Renders the conversation and the generation prompt {@code <|im_start|>assistant\n}.
     *
     * @throws IllegalArgumentException if the observation has images and {@code tokensPerImage} is 0
     */
    @Override
    public EncodedPrompt encodePrompt(Observation observation) {
        Objects.requireNonNull(observation, "observation");
        ChatTemplates.PromptIds out = new ChatTemplates.PromptIds(tokenizer);
        if (defaultSystem != null && observation.messages().get(0).role() != Role.SYSTEM) {
            out.control(imStart).text("system\n" + defaultSystem).control(imEnd).text("\n");
        }
        int placeholder = tokenizer.special().image();
        for (Message m : observation.messages()) {
            out.control(imStart).text(role(m.role()) + "\n");
            String pending = ""; // the suffix of the previous image, tokenized with the text that follows it
            for (RgbImage image : m.images()) {
                if (!pending.isEmpty()) {
                    out.text(pending);
                }
                out.image(image, placeholder, tokensFor(image));
                pending = imageSuffix;
            }
            out.text(pending + m.text()).control(imEnd).text("\n");
        }
        return out.control(imStart).text("assistant\n").build();
    }

    /** The text's ids then {@code <|im_end|>}, as an assistant turn reads after {@code <|im_start|>assistant\n}. */
    @Override
    public int[] encodeResponse(String text) {
        return ChatTemplates.append(tokenizer.encode(Objects.requireNonNull(text, "text")), imEnd);
    }

    private static String role(Role role) {
        return switch (role) {
            case SYSTEM -> "system";
            case USER -> "user";
            case ASSISTANT -> "assistant";
        };
    }

    @Override
    public String toString() {
        return "ChatMlTemplate[" + tokenizer + ", tokensPerImage=" + tokensPerImage
                + (defaultSystem == null ? "" : ", defaultSystem=\"" + defaultSystem + "\"") + "]";
    }
}
