package io.posttrain4j.core.model.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenizersTest {
    @TempDir
    Path dir;

    private static final BpeTokenizer BPE = BpeTokenizer.train(BpeTokenizerTest.corpus(300, 1), 320);

    /** Corpus-like strings plus random unicode (all planes, no lone surrogates). */
    private static List<String> probeTexts() {
        List<String> out = new ArrayList<>(BpeTokenizerTest.corpus(50, 9));
        SplittableRandom rng = new SplittableRandom(11);
        for (int i = 0; i < 300; i++) {
            StringBuilder sb = new StringBuilder();
            int len = rng.nextInt(30);
            for (int j = 0; j < len; j++) {
                int cp;
                switch (rng.nextInt(4)) {
                    case 0 -> cp = " \t\n\r\u000B\f".charAt(rng.nextInt(6));
                    case 1 -> cp = "Cards: ['Q', '10']=24(9+9)".charAt(rng.nextInt(26));
                    case 2 -> cp = rng.nextInt(0x250);
                    default -> {
                        do {
                            cp = rng.nextInt(0x110000);
                        } while (cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE);
                    }
                }
                sb.appendCodePoint(cp);
            }
            out.add(sb.toString());
        }
        return out;
    }

    @Test
    void bpeRoundTripsThroughAFolder() throws IOException {
        Tokenizers.save(BPE, dir);
        assertThat(dir.resolve(Tokenizers.TOKENIZER_JSON)).exists();
        assertThat(dir.resolve(Tokenizers.DESCRIPTOR)).exists();
        Tokenizer loaded = Tokenizers.load(dir);
        assertThat(loaded).isInstanceOf(BpeTokenizer.class).isEqualTo(BPE);
        assertThat(loaded.special()).isEqualTo(BPE.special());
    }

    @Test
    void byteTokenizerRoundTripsThroughAFolder() throws IOException {
        Tokenizers.save(new ByteTokenizer(), dir);
        assertThat(Tokenizers.load(dir)).isInstanceOf(ByteTokenizer.class);
    }

    @Test
    void savedBpeLoadsInTheHuggingFaceLibraryWithEqualIds() throws IOException {
        Tokenizers.save(BPE, dir);
        try (HuggingFaceTokenizer hf = HuggingFaceTokenizer.load(dir.resolve(Tokenizers.TOKENIZER_JSON))) {
            assertThat(hf.vocabSize()).isEqualTo(BPE.vocabSize());
            assertThat(hf.special()).isEqualTo(BPE.special());
            for (String text : probeTexts()) {
                int[] ids = BPE.encode(text);
                assertThat(hf.encode(text)).as("encode %s", text).containsExactly(ids);
                assertThat(hf.decode(ids)).as("decode %s", text).isEqualTo(text);
            }
        }
    }

    @Test
    void savedByteTokenizerLoadsInTheHuggingFaceLibraryWithEqualIds() throws IOException {
        ByteTokenizer bytes = new ByteTokenizer();
        Tokenizers.save(bytes, dir);
        try (HuggingFaceTokenizer hf = HuggingFaceTokenizer.load(dir.resolve(Tokenizers.TOKENIZER_JSON))) {
            assertThat(hf.special()).isEqualTo(bytes.special());
            for (String text : probeTexts()) {
                assertThat(hf.encode(text)).as("encode %s", text).containsExactly(bytes.encode(text));
            }
        }
    }

    @Test
    void huggingFaceTokenizerIsCopiedWithItsSpecialSpellings() throws IOException {
        SpecialTokenNames names = SpecialTokenNames.of("[UNK]", "<|begin_of_text|>", "<|eot_id|>", "<|image|>",
                "<|end_header_id|>", "<|start_header_id|>", "<|finetune_right_pad_id|>");
        Path source = HuggingFaceTokenizerTest.resource("llama3-wordlevel");
        try (HuggingFaceTokenizer hf = HuggingFaceTokenizer.load(source, names)) {
            Tokenizers.save(hf, dir);
            assertThat(Files.readString(dir.resolve(Tokenizers.TOKENIZER_JSON))).isEqualTo(Files.readString(source));
            Tokenizers.save(hf, dir); // saving twice (now over its own copy's folder) is fine
            try (HuggingFaceTokenizer loaded = (HuggingFaceTokenizer) Tokenizers.load(dir)) {
                assertThat(loaded.special()).isEqualTo(hf.special());
                assertThat(loaded.encode("hello world")).containsExactly(7, 8);
            }
            Path again = dir.resolve("again");
            try (HuggingFaceTokenizer fromCopy = HuggingFaceTokenizer.load(dir.resolve(Tokenizers.TOKENIZER_JSON))) {
                Tokenizers.save(fromCopy, dir); // source and target are the same file
                Tokenizers.save(fromCopy, again);
            }
            assertThat(again.resolve(Tokenizers.TOKENIZER_JSON)).exists();
        }
    }

    @Test
    void aFolderWithOnlyATokenizerJsonLoadsAsHuggingFace() throws IOException {
        Files.copy(HuggingFaceTokenizerTest.resource("qwen2-wordlevel"), dir.resolve("tokenizer.json"));
        try (HuggingFaceTokenizer t = (HuggingFaceTokenizer) Tokenizers.load(dir)) {
            assertThat(t.specialNames().endOfTurn()).containsExactly("<|im_end|>");
        }
    }

    @Test
    void anEmptyFolderIsAClearError() {
        assertThatThrownBy(() -> Tokenizers.load(dir)).isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining(dir.toString())
                .hasMessageContaining("expected posttrain4j-tokenizer.json or tokenizer.json");
    }

    @Test
    void malformedDescriptorsAreNamed() throws IOException {
        Path d = dir.resolve(Tokenizers.DESCRIPTOR);
        Files.writeString(d, "{\"format\": 1, \"type\": \"wordpiece\"}");
        assertThatThrownBy(() -> Tokenizers.load(dir)).hasMessageStartingWith(d + ": type must be byte, bpe or "
                + "huggingface, got \"wordpiece\"");
        Files.writeString(d, "{\"format\": 7, \"type\": \"bpe\"}");
        assertThatThrownBy(() -> Tokenizers.load(dir)).hasMessageStartingWith(d + ": format must be 1, got 7");
        Files.writeString(d, "not json");
        assertThatThrownBy(() -> Tokenizers.load(dir)).hasMessageStartingWith(d + ": not valid JSON");
        Files.writeString(d, "{\"format\": 1, \"type\": \"bpe\"}");
        assertThatThrownBy(() -> Tokenizers.load(dir)).isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining("tokenizer.json");
        Files.writeString(d, "{\"format\": 1, \"type\": \"huggingface\", \"special_tokens\": {\"pad\": \"x\"}}");
        assertThatThrownBy(() -> Tokenizers.load(dir))
                .hasMessageStartingWith(d + ": special_tokens.begin_of_text must be a non-empty string");
    }

    @Test
    void aTamperedBpeVocabularyIsRejected() throws IOException {
        Tokenizers.save(BPE, dir);
        Path json = dir.resolve(Tokenizers.TOKENIZER_JSON);
        String text = Files.readString(json);
        Files.writeString(json, text.replace("\"merges\" : [", "\"merges\" : [ \"Q Q\","));
        assertThatThrownBy(() -> Tokenizers.load(dir)).isInstanceOf(IOException.class)
                .hasMessageStartingWith(json + ": model.");
        Files.writeString(json, text.replace("\"<|eot|>\"", "\"<|end|>\""));
        assertThatThrownBy(() -> Tokenizers.load(dir)).isInstanceOf(IOException.class)
                .hasMessageStartingWith(json + ": added_tokens must hold <|eot|>");
    }

    @Test
    void unknownTokenizerClassesAreRejected() {
        Tokenizer custom = new Tokenizer() {
            @Override
            public int vocabSize() {
                return 1;
            }

            @Override
            public int[] encode(String text) {
                return new int[0];
            }

            @Override
            public String decode(int[] ids) {
                return "";
            }

            @Override
            public SpecialTokens special() {
                return new SpecialTokens(0, 0, 0, 0, 0, 0, 0);
            }
        };
        assertThatThrownBy(() -> Tokenizers.save(custom, dir)).hasMessageContaining("saveable: ByteTokenizer");
    }
}
