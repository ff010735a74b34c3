package io.posttrain4j.core.model.tokenizer;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import io.posttrain4j.core.env.Message;
import io.posttrain4j.core.env.Observation;
import io.posttrain4j.core.env.Role;
import io.posttrain4j.core.image.RgbImage;

/**
 * The chat template of Llama 3, 3.1 and 3.2 instruct models, rendered as their Jinja templates render a
 * conversation without tools: {@code <|begin_of_text|>}, then per message
 * {@code <|start_header_id|>{role}<|end_header_id|>\n\n{content}<|eot_id|>} with the content trimmed (Jinja's
 * {@code trim}, Python's {@code str.strip()}), and the prompt ends with
 * {@code <|start_header_id|>assistant<|end_header_id|>\n\n}.
 *
 * <p>Llama 3.1 and 3.2 always open with a system turn whose text is {@code "Cutting Knowledge Date: December
 * 2023\nToday Date: 26 Jul 2024\n\n"} followed by the trimmed system message (empty when the conversation has
 * none). The date is fixed here: Llama 3.1's template defaults it to {@value #TODAY_DATE}; Llama 3.2's template
 * writes the current date when transformers renders it (its {@code strftime_now}) and {@value #TODAY_DATE} only
 * elsewhere, so prompts here equal transformers' with {@code date_string="26 Jul 2024"}, and stay reproducible.
 * Llama 3 (3.0) has no such preamble (pass {@code null} dates).
 *
 * <p>The tokenizer must not add {@code <|begin_of_text|>} itself ({@link Tokenizer#encode} never does): the
 * template writes it once. Images are not part of these text templates: with {@code tokensPerImage > 0}, each image
 * of a message becomes {@code tokensPerImage} copies of the tokenizer's image placeholder ({@link
 * SpecialTokens#image()}) after the header's {@code \n\n}, before the text. Immutable and thread-safe.
 */
public final class Llama3ChatTemplate implements ChatTemplate {
    /** The knowledge cutoff the Llama 3.1 and 3.2 templates write. */
    public static final String KNOWLEDGE_CUTOFF = "December 2023";

    /** The date the Llama 3.1 template writes (and Llama 3.2's when no current date is available). */
    public static final String TODAY_DATE = "26 Jul 2024";

    private static final String FAMILY = "Llama 3";
    private static final String BOS = "<|begin_of_text|>";
    private static final String START_HEADER = "<|start_header_id|>";
    private static final String END_HEADER = "<|end_header_id|>";
    private static final String EOT = "<|eot_id|>";

    private final Tokenizer tokenizer;
    private final int tokensPerImage;
    private final String knowledgeCutoff;
    private final String todayDate;
    private final int bos;
    private final int startHeader;
    private final int endHeader;
    private final int eot;

    /**
     * @param tokenizer the model's tokenizer, whose end-of-turn id must be {@code <|eot_id|>}'s
     * @param controlIds ids by spelling holding {@code <|begin_of_text|>}, {@code <|start_header_id|>}, {@code
     *     <|end_header_id|>} and {@code <|eot_id|>}, e.g. {@link ChatTemplates#addedTokens}
     * @param tokensPerImage placeholders per image, {@code >= 0}; 0 makes the template text-only
     * @param knowledgeCutoff the preamble's knowledge cutoff, e.g. {@link #KNOWLEDGE_CUTOFF}; {@code null}, with
     *     {@code todayDate}, for the Llama 3 (3.0) format without preamble
     * @param todayDate the preamble's date, e.g. {@link #TODAY_DATE}; {@code null} exactly when {@code
     *     knowledgeCutoff} is
     * @throws IllegalArgumentException if a control token is missing, only one date is null, or the tokenizer's
     *     end-of-turn differs
     */
    public Llama3ChatTemplate(Tokenizer tokenizer, Map<String, Integer> controlIds, int tokensPerImage,
            String knowledgeCutoff, String todayDate) {
        this.tokenizer = Objects.requireNonNull(tokenizer, "tokenizer");
        if (tokensPerImage < 0) {
            throw new IllegalArgumentException("tokensPerImage must be >= 0, got " + tokensPerImage);
        }
        if ((knowledgeCutoff == null) != (todayDate == null)) {
            throw new IllegalArgumentException("knowledgeCutoff and todayDate are both set (Llama 3.1 / 3.2) or both"
                    + " null (Llama 3), got " + knowledgeCutoff + " and " + todayDate);
        }
        this.tokensPerImage = tokensPerImage;
        this.knowledgeCutoff = knowledgeCutoff;
        this.todayDate = todayDate;
        int[] ids = ChatTemplates.controlIds(FAMILY, controlIds, tokenizer, BOS, START_HEADER, END_HEADER, EOT);
        this.bos = ids[0];
        this.startHeader = ids[1];
        this.endHeader = ids[2];
        this.eot = ids[3];
        ChatTemplates.requireEndOfTurn(FAMILY, tokenizer, EOT, eot);
    }

    @Override
    public Tokenizer tokenizer() {
        return tokenizer;
    }

    @Override
    public int tokensPerImage() {
        return tokensPerImage;
    }

    /** The date of the Llama 3.1 / 3.2 system preamble; empty for the Llama 3 format, which has none. */
    public Optional<String> todayDate() {
        return Optional.ofNullable(todayDate);
    }

    /**
     * Renders the conversation and the generation prompt {@code <|start_header_id|>assistant<|end_header_id|>\n\n}.
     *
     * @throws IllegalArgumentException if the observation has images and {@code tokensPerImage} is 0
     */
    @Override
    public EncodedPrompt encodePrompt(Observation observation) {
        Objects.requireNonNull(observation, "observation");
        ChatTemplates.PromptIds out = new ChatTemplates.PromptIds(tokenizer);
        out.control(bos);
        List<Message> messages = observation.messages();
        int first = 0;
        if (todayDate != null) {
            Message system = messages.get(0).role() == Role.SYSTEM ? messages.get(0) : null;
            header(out, "system").text("Cutting Knowledge Date: " + knowledgeCutoff + "\nToday Date: " + todayDate
                    + "\n\n");
            if (system != null) {
                images(out, system);
                out.text(ChatTemplates.pythonStrip(system.text()));
                first = 1;
            }
            out.control(eot);
        }
        for (Message m : messages.subList(first, messages.size())) {
            header(out, role(m.role()));
            images(out, m);
            out.text(ChatTemplates.pythonStrip(m.text())).control(eot);
        }
        return header(out, "assistant").build();
    }

    /** The trimmed text's ids then {@code <|eot_id|>}, as the template renders an assistant turn after its header. */
    @Override
    public int[] encodeResponse(String text) {
        int[] body = tokenizer.encode(ChatTemplates.pythonStrip(Objects.requireNonNull(text, "text")));
        return ChatTemplates.append(body, eot);
    }

    private ChatTemplates.PromptIds header(ChatTemplates.PromptIds out, String role) {
        return out.control(startHeader).text(role).control(endHeader).text("\n\n");
    }

    private void images(ChatTemplates.PromptIds out, Message m) {
        for (RgbImage image : m.images()) {
            out.image(image, tokenizer.special().image(), tokensPerImage);
        }
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
        return "Llama3ChatTemplate[" + tokenizer + ", tokensPerImage=" + tokensPerImage
                + (todayDate == null ? ", no preamble" : ", todayDate=" + todayDate) + "]";
    }
}
