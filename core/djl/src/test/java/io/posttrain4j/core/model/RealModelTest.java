package io.posttrain4j.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.posttrain4j.core.env.Observation;
import io.posttrain4j.core.model.tokenizer.DefaultChatTemplate;
import io.posttrain4j.core.policy.Generation;
import io.posttrain4j.core.policy.Sampling;

/**
 * Opt-in: a real downloaded model, named by the environment variable {@code POSTTRAIN4J_HF_MODEL} (or the system
 * property {@code posttrain4j.hf.model}), e.g. a Qwen2.5-0.5B-Instruct or SmolLM2-135M-Instruct folder; skipped
 * when neither is set. It loads, gets its family's chat template, and answers a question greedily; with
 * {@code POSTTRAIN4J_HF_EXPECT} set, the answer must contain that text.
 */
class RealModelTest {
    @Test
    void aRealModelLoadsWithItsChatTemplateAndAnswers() throws Exception {
        String folder = System.getProperty("posttrain4j.hf.model", System.getenv("POSTTRAIN4J_HF_MODEL"));
        assumeTrue(folder != null && !folder.isBlank(), "set POSTTRAIN4J_HF_MODEL to a model folder to run this");
        Path dir = Path.of(folder);
        assertThat(dir.resolve("config.json")).exists();
        try (DjlPolicy p = DjlPolicy.load(dir, 0, TestDevice.get())) {
            boolean hasTemplate = Files.exists(dir.resolve("chat_template.jinja"))
                    || Files.exists(dir.resolve("chat_template.json"))
                    || Files.exists(dir.resolve("tokenizer_config.json"))
                    && Files.readString(dir.resolve("tokenizer_config.json")).contains("chat_template");
            if (hasTemplate) {
                assertThat(p.template()).isNotInstanceOf(DefaultChatTemplate.class);
            }
            Generation g = p.generate(List.of(Observation.of("What is 3 + 4? Answer with the number only.")),
                    Sampling.greedy(16), new long[] {0}).get(0);
            System.out.println(p + " answered: " + g.text());
            assertThat(g.tokens()).isNotEmpty();
            String expect = System.getenv("POSTTRAIN4J_HF_EXPECT");
            if (expect != null) {
                assertThat(g.text()).contains(expect);
            }
        }
    }
}
