package io.posttrain4j.core.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import ai.djl.ndarray.NDManager;
import io.posttrain4j.core.policy.Sampling;
import io.posttrain4j.core.testing.TabularPolicy;
import io.posttrain4j.core.testing.ToyEnvironment;

class TranscriptsTest {
    @TempDir
    Path dir;

    @Test
    void everyEpisodeIsOneLineWithEveryTurnAsThePolicyReadAndAnsweredIt() throws IOException {
        try (NDManager m = NDManager.newBaseManager();
                TabularPolicy policy = new TabularPolicy(m, ToyEnvironment.ANSWERS, 16)) {
            List<Episode> eps = new EpisodeRunner(policy, Sampling.temperature(1.0, 4), 3, 10)
                    .run(ToyEnvironment::new, 7, 0, 20);
            Path file = dir.resolve("sub/toy.jsonl");
            Transcripts.write(file, eps);

            List<String> lines = Files.readAllLines(file);
            assertThat(lines).hasSize(20);
            ObjectMapper json = new ObjectMapper();
            for (int i = 0; i < eps.size(); i++) {
                Episode e = eps.get(i);
                JsonNode node = json.readTree(lines.get(i));
                assertThat(node.get("episode").asLong()).isEqualTo(e.index());
                assertThat(node.get("seed").asLong()).isEqualTo(e.seed());
                assertThat(node.get("success").asBoolean()).isEqualTo(e.success());
                assertThat(node.get("return").asDouble()).isEqualTo(e.totalReward());
                assertThat(node.at("/metrics/success/1").asDouble()).isEqualTo(1.0);
                assertThat(node.get("turns")).hasSize(e.transitions().size());
                for (int t = 0; t < e.transitions().size(); t++) {
                    Transition tr = e.transitions().get(t);
                    JsonNode turn = node.get("turns").get(t);
                    assertThat(turn.get("turn").asInt()).isEqualTo(tr.turn());
                    assertThat(turn.get("prompt").asText()).isEqualTo(tr.observation().lastUserText());
                    assertThat(turn.get("response").asText()).isEqualTo(tr.generation().text());
                    assertThat(turn.get("reward").asDouble()).isEqualTo(tr.step().reward());
                    assertThat(turn.get("feedback").asText()).isEqualTo(tr.step().feedback());
                }
            }
            // a two-turn episode shows the revision prompt, which differs from the first turn's
            Episode revised = eps.stream().filter(e -> e.transitions().size() == 2).findFirst().orElseThrow();
            assertThat(revised.transitions().get(1).observation().lastUserText())
                    .isNotEqualTo(revised.transitions().get(0).observation().lastUserText());
            try (var listing = Files.list(file.getParent())) {
                assertThat(listing).containsExactly(file); // no temporary file left behind
            }
        }
    }
}
