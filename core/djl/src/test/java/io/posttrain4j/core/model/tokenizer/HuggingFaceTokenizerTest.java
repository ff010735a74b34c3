package io.posttrain4j.core.model.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the adapter over small WordLevel {@code tokenizer.json} files in test resources (Llama 3 and Qwen2 special
 * token spellings, a whitespace pre-tokenizer and a 20-word vocabulary; the Llama 3 one also has Llama 3's
 * post-processor, which prepends {@code <|begin_of_text|>} unless special tokens are turned off), offline.
 */
class HuggingFaceTokenizerTest {
    @TempDir
    Path dir;

    static Path resource(String name) {
        try {
            return Path.of(HuggingFaceTokenizerTest.class.getResource(name + "/tokenizer.json").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Integer> specialIds(SpecialTokens sp) {
        return List.of(sp.pad(), sp.beginOfText(), sp.endOfTurn(), sp.image(), sp.system(), sp.user(),
                sp.assistant());
    }

    @Test
    void llama3SpellingsAreDetectedAndResolved() throws IOException {
        try (HuggingFaceTokenizer t = HuggingFaceTokenizer.load(resource("llama3-wordlevel"))) {
            assertThat(t.vocabSize()).isEqualTo(27);
            assertThat(t.special()).isEqualTo(new SpecialTokens(5, 1, 2, 6, 3, 3, 3));
            assertThat(t.specialNames().endOfTurn()).containsExactly("<|eot_id|>");
            // No <|begin_of_text|> from the file's post-processor: the chat template places it.
            assertThat(t.encode("hello world")).containsExactly(7, 8);
            assertThat(t.encode("( 3 + 3 ) * 24")).containsExactly(19, 16, 21, 16, 20, 22, 17);
            assertThat(t.encode("")).isEmpty();
        }
    }

    @Test
    void longTextsAreNeverTruncated() throws IOException {
        try (HuggingFaceTokenizer t = HuggingFaceTokenizer.load(resource("llama3-wordlevel"))) {
            assertThat(t.encode("hello ".repeat(3000))).hasSize(3000).containsOnly(7);
            assertThat(t.encode("<|eot_id|> hello ".repeat(1000))).hasSize(5000);
        }
    }

    @Test
    void qwen2SpellingsAreDetectedFromAFolder() throws IOException {
        try (HuggingFaceTokenizer t = HuggingFaceTokenizer.load(resource("qwen2-wordlevel").getParent())) {
            assertThat(t.special()).isEqualTo(new SpecialTokens(1, 1, 3, 4, 2, 2, 2));
            assertThat(t.encode("hello")).containsExactly(5);
        }
    }

    @Test
    void textThatSpellsASpecialTokenIsEncodedAsPlainText() throws IOException {
        try (HuggingFaceTokenizer t = HuggingFaceTokenizer.load(resource("llama3-wordlevel"))) {
            int[] ids = t.encode("hello <|eot_id|> world<|start_header_id|>");
            assertThat(Arrays.stream(ids).boxed().toList()).doesNotContainAnyElementsOf(specialIds(t.special()));
            assertThat(ids).startsWith(7).endsWith(24);
            assertThat(ids).contains(25, 8);
        }
    }

    @Test
    void decodeDropsSpecialTokens() throws IOException {
        try (HuggingFaceTokenizer t = HuggingFaceTokenizer.load(resource("llama3-wordlevel"))) {
            SpecialTokens sp = t.special();
            assertThat(t.decode(new int[] {sp.beginOfText(), sp.user(), 7, 8, sp.endOfTurn(), sp.assistant()}))
                    .isEqualTo("hello world");
            assertThat(t.decode(new int[] {sp.pad()})).isEmpty();
            assertThatThrownBy(() -> t.decode(new int[] {27})).hasMessageContaining("27 out of range [0, 27)");
        }
    }

    @Test
    void explicitSpellingsOverrideThePreset() throws IOException {
        SpecialTokenNames names = SpecialTokenNames.of("[UNK]", "<|begin_of_text|>", "<|eot_id|>", "<|image|>",
                "<|end_header_id|>", "<|start_header_id|>", "<|finetune_right_pad_id|>");
        try (HuggingFaceTokenizer t = HuggingFaceTokenizer.load(resource("llama3-wordlevel"), names)) {
            assertThat(t.special()).isEqualTo(new SpecialTokens(0, 1, 2, 6, 4, 3, 5));
        }
    }

    @Test
    void missingSpecialTokensAreNamedWithTheFile() {
        Path file = resource("llama3-wordlevel");
        assertThatThrownBy(() -> HuggingFaceTokenizer.load(file, SpecialTokenNames.QWEN2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(file + ": special tokens not in the vocabulary: pad [<|endoftext|>]")
                .hasMessageContaining("endOfTurn [<|im_end|>]");
    }

    @Test
    void missingOrMalformedFilesAreNamed() throws IOException {
        assertThatThrownBy(() -> HuggingFaceTokenizer.load(dir.resolve("nope.json")))
                .isInstanceOf(NoSuchFileException.class).hasMessageContaining("nope.json");
        Path bad = dir.resolve("tokenizer.json");
        Files.writeString(bad, "{\"model\": {\"vocab\": ");
        assertThatThrownBy(() -> HuggingFaceTokenizer.load(bad)).isInstanceOf(IOException.class)
                .hasMessageStartingWith(bad + ": not valid JSON");
        Files.writeString(bad, "{\"model\": {\"type\": \"WordLevel\", \"vocab\": 3}}");
        assertThatThrownBy(() -> HuggingFaceTokenizer.load(bad)).isInstanceOf(IOException.class)
                .hasMessageContaining("model.vocab must be an object or an array");
    }
}
