package io.posttrain4j.core.model.tokenizer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How to find the {@link SpecialTokens} of a Hugging Face vocabulary by spelling: for each component, candidate
 * token strings tried in order, the first one present in the vocabulary wins.
 *
 * <p>Llama 3 and Qwen2 spell a role as a header token followed by the role's name in plain text; the default
 * template uses one token per role, so their presets map all three roles to the header token, whose embedding the
 * pretrained model already knows. Use {@link #of} to choose other tokens (for example reserved ones).
 */
public record SpecialTokenNames(List<String> pad, List<String> beginOfText, List<String> endOfTurn,
        List<String> image, List<String> system, List<String> user, List<String> assistant) {

    /** Llama 3.x: {@code <|begin_of_text|>}, {@code <|eot_id|>}, roles on {@code <|start_header_id|>}. */
    public static final SpecialTokenNames LLAMA3 = new SpecialTokenNames(
            List.of("<|finetune_right_pad_id|>", "<|end_of_text|>"),
            List.of("<|begin_of_text|>"),
            List.of("<|eot_id|>"),
            List.of("<|image|>", "<|reserved_special_token_2|>"),
            List.of("<|start_header_id|>"),
            List.of("<|start_header_id|>"),
            List.of("<|start_header_id|>"));

    /**
     * ChatML vocabularies (Qwen2, Qwen2.5 (-VL), SmolLM2): {@code <|im_start|>} roles, {@code <|im_end|>},
     * {@code <|endoftext|>} as pad and bos; the image placeholder is {@code <|image_pad|>} (Qwen2-VL), {@code <image>}
     * (LLaVA-OneVision) or, in a text-only vocabulary (Qwen2, SmolLM2), {@code <|endoftext|>}, which a text-only
     * model never places. A model whose config names its image token gets that one (DjlPolicy.load).
     */
    public static final SpecialTokenNames QWEN2 = new SpecialTokenNames(
            List.of("<|endoftext|>"),
            List.of("<|endoftext|>"),
            List.of("<|im_end|>"),
            List.of("<|image_pad|>", "<|vision_pad|>", "<image>", "<|endoftext|>"),
            List.of("<|im_start|>"),
            List.of("<|im_start|>"),
            List.of("<|im_start|>"));

    /**
     * SmolVLM / Idefics3: turns end with {@code <end_of_utterance>}, images are {@code <image>} tokens, the
     * conversation starts with {@code <|im_start|>}.
     */
    public static final SpecialTokenNames SMOLVLM = new SpecialTokenNames(
            List.of("<|endoftext|>", "<end_of_utterance>"),
            List.of("<|im_start|>"),
            List.of("<end_of_utterance>"),
            List.of("<image>"),
            List.of("<|im_start|>"),
            List.of("<|im_start|>"),
            List.of("<|im_start|>"));

    /** The spellings the own tokenizers use ({@code <|pad|>}, {@code <|begin_of_text|>}, {@code <|eot|>}, ...). */
    public static final SpecialTokenNames POSTTRAIN4J = new SpecialTokenNames(
            List.of(SpecialVocabulary.NAMES.get(0)), List.of(SpecialVocabulary.NAMES.get(1)),
            List.of(SpecialVocabulary.NAMES.get(2)), List.of(SpecialVocabulary.NAMES.get(3)),
            List.of(SpecialVocabulary.NAMES.get(4)), List.of(SpecialVocabulary.NAMES.get(5)),
            List.of(SpecialVocabulary.NAMES.get(6)));

    public SpecialTokenNames {
        pad = check("pad", pad);
        beginOfText = check("beginOfText", beginOfText);
        endOfTurn = check("endOfTurn", endOfTurn);
        image = check("image", image);
        system = check("system", system);
        user = check("user", user);
        assistant = check("assistant", assistant);
    }

    /** Exactly one spelling per component. */
    public static SpecialTokenNames of(String pad, String beginOfText, String endOfTurn, String image,
            String system, String user, String assistant) {
        return new SpecialTokenNames(List.of(pad), List.of(beginOfText), List.of(endOfTurn), List.of(image),
                List.of(system), List.of(user), List.of(assistant));
    }

    /**
     * The preset that fits a vocabulary: Llama 3 if it has {@code <|begin_of_text|>}, SmolVLM if it has {@code
     * <end_of_utterance>}, Qwen2 (ChatML: Qwen2, Qwen2.5, SmolLM2) if it has {@code <|im_start|>}, else the own
     * spellings.
     */
    public static SpecialTokenNames detect(Map<String, Integer> vocabulary) {
        if (vocabulary.containsKey("<|begin_of_text|>") && vocabulary.containsKey("<|eot_id|>")) {
            return LLAMA3;
        }
        if (vocabulary.containsKey("<end_of_utterance>") && vocabulary.containsKey("<|im_start|>")) {
            return SMOLVLM;
        }
        if (vocabulary.containsKey("<|im_start|>")) {
            return QWEN2;
        }
        return POSTTRAIN4J;
    }

    /**
     * The ids of the first present candidate of each component.
     *
     * @throws IllegalArgumentException naming every component none of whose candidates is in the vocabulary
     */
    public SpecialTokens resolve(Map<String, Integer> vocabulary) {
        List<String> missing = new ArrayList<>();
        int[] ids = new int[7];
        List<List<String>> all = List.of(pad, beginOfText, endOfTurn, image, system, user, assistant);
        String[] names = {"pad", "beginOfText", "endOfTurn", "image", "system", "user", "assistant"};
        for (int i = 0; i < ids.length; i++) {
            Optional<String> hit = all.get(i).stream().filter(vocabulary::containsKey).findFirst();
            if (hit.isPresent()) {
                ids[i] = vocabulary.get(hit.get());
            } else {
                missing.add(names[i] + " " + all.get(i));
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("special tokens not in the vocabulary: " + String.join(", ", missing)
                    + "; pass SpecialTokenNames.of(...) with spellings the vocabulary has");
        }
        return new SpecialTokens(ids[0], ids[1], ids[2], ids[3], ids[4], ids[5], ids[6]);
    }

    /** The spellings {@link #resolve} picks, as a single-candidate instance (what a saved tokenizer records). */
    public SpecialTokenNames chosen(Map<String, Integer> vocabulary) {
        resolve(vocabulary);
        List<List<String>> all = List.of(pad, beginOfText, endOfTurn, image, system, user, assistant);
        String[] pick = new String[7];
        for (int i = 0; i < pick.length; i++) {
            pick[i] = all.get(i).stream().filter(vocabulary::containsKey).findFirst().orElseThrow();
        }
        return of(pick[0], pick[1], pick[2], pick[3], pick[4], pick[5], pick[6]);
    }

    private static List<String> check(String component, List<String> candidates) {
        Objects.requireNonNull(candidates, component);
        if (candidates.isEmpty()) {
            throw new IllegalArgumentException(component + " needs at least one candidate spelling");
        }
        for (String c : candidates) {
            if (c == null || c.isEmpty()) {
                throw new IllegalArgumentException(component + " has an empty or null spelling: " + candidates);
            }
        }
        return List.copyOf(candidates);
    }
}
