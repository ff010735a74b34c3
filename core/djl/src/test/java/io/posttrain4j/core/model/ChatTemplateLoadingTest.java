package io.posttrain4j.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import ai.djl.Device;
import io.posttrain4j.core.env.Observation;
import io.posttrain4j.core.model.tokenizer.ChatMlTemplate;
import io.posttrain4j.core.model.tokenizer.ChatTemplate;
import io.posttrain4j.core.model.tokenizer.ChatTemplates;
import io.posttrain4j.core.model.tokenizer.DefaultChatTemplate;
import io.posttrain4j.core.model.tokenizer.Tokenizer;
import io.posttrain4j.core.model.tokenizer.Tokenizers;

/** A model folder's chat template is the one its files name, and it survives a save of the model. */
class ChatTemplateLoadingTest {
    private static Path chat(String family) throws Exception {
        return Path.of(ChatTemplateLoadingTest.class.getResource("tokenizer/chat/" + family + "/goldens.json")
                .toURI()).getParent();
    }

    @ParameterizedTest
    @CsvSource({"qwen2,ChatMlTemplate,0", "qwen2.5,ChatMlTemplate,0", "smollm2,ChatMlTemplate,0",
        "llama3,Llama3ChatTemplate,0", "llama3.1,Llama3ChatTemplate,0", "llama3.2,Llama3ChatTemplate,0",
        "smolvlm,SmolVlmChatTemplate,64"})
    void theSpecialTokensOfEveryFamilyAreDetectedAndItsTemplateChosen(String family, String template, int images)
            throws Exception {
        Tokenizer tok = Tokenizers.load(chat(family)); // detected spellings, as a downloaded model gets them
        try {
            ChatTemplate t = ChatTemplates.forModel(chat(family), tok, images);
            assertThat(t.getClass().getSimpleName()).isEqualTo(template);
        } finally {
            ((AutoCloseable) tok).close();
        }
    }

    @Test
    void aSavedModelKeepsItsChatTemplate(@TempDir Path tmp) throws Exception {
        Tokenizer tok = Tokenizers.load(chat("qwen2.5"));
        ModelConfig text = new ModelConfig(tok.vocabSize(), 16, 1, 2, 1, 32, 1e-6, 1e6, 128, true, true,
                0, 0, 0, 0, 0, 0, List.of(8), null, false, null);
        Path first = tmp.resolve("first");
        try (DjlPolicy p = DjlPolicy.create(text, new DefaultChatTemplate(tok, 0), 1, Device.cpu())) {
            p.save(first);
        }
        Files.copy(chat("qwen2.5").resolve("tokenizer_config.json"), first.resolve("tokenizer_config.json"));
        Path second = tmp.resolve("second");
        try (DjlPolicy p = DjlPolicy.load(first, 0, Device.cpu())) {
            assertThat(p.template()).isInstanceOf(ChatMlTemplate.class);
            p.save(second);
        }
        try (DjlPolicy p = DjlPolicy.load(second, 0, Device.cpu())) {
            assertThat(p.template()).isInstanceOf(ChatMlTemplate.class);
            String prompt = p.template().tokenizer().decode(p.promptIds(Observation.of("hello")));
            assertThat(prompt).contains("system").contains("user\nhello").endsWith("assistant\n");
        }
    }
}
