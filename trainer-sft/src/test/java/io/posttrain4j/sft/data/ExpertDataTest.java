package io.posttrain4j.sft.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.posttrain4j.core.env.Observation;
import io.posttrain4j.core.env.Role;
import io.posttrain4j.core.testing.ToyEnvironment;
import io.posttrain4j.sft.testing.RouteEnvironment;

class ExpertDataTest {
    @Test
    void singleTurnDataPairsEachFirstPromptWithTheExpertAnswerAndIsAFunctionOfTheSeed() {
        List<SftConversation> a = ExpertData.singleTurn(ToyEnvironment::new, 5, 30);
        assertThat(a).hasSize(30).isEqualTo(ExpertData.singleTurn(ToyEnvironment::new, 5, 30));
        assertThat(a).isNotEqualTo(ExpertData.singleTurn(ToyEnvironment::new, 6, 30));
        for (SftConversation c : a) {
            assertThat(c.messages()).hasSize(2);
            String colour = c.messages().get(0).text().replace("Name the thing: ", "");
            assertThat(c.messages().get(1).text())
                    .isEqualTo(ToyEnvironment.ANSWERS.get(ToyEnvironment.PROMPTS.indexOf(colour)));
        }
        assertThat(ExpertData.examples(a)).hasSize(30);
    }

    @Test
    void multiTurnDataHoldsAWrongAttemptTheRealFeedbackAndThenTheExpertAnswer() {
        List<SftConversation> data = ExpertData.multiTurn(ToyEnvironment::new, 1, 20, 1);
        for (SftConversation c : data) {
            assertThat(c.messages()).extracting(m -> m.role())
                    .containsExactly(Role.USER, Role.ASSISTANT, Role.USER, Role.ASSISTANT);
            assertThat(c.messages().get(1).text()).isNotEqualTo(c.messages().get(3).text());
            assertThat(c.messages().get(2).text()).isEqualTo("You failed this trial because wrong answer.");
            List<SftExample> examples = c.examples();
            assertThat(examples).hasSize(2);
            assertThat(examples.get(1).prompt()).isEqualTo(new Observation(c.messages().subList(0, 3)));
            assertThat(c.lastExample()).isEqualTo(examples.get(1));
        }
    }

    @Test
    void revisionDataMixesSingleTurnAndRevisionEpisodesAndTrainsOnlyOnExpertAnswers() {
        List<SftConversation> data = ExpertData.withRevisions(ToyEnvironment::new, 3, 400, 0.25);
        assertThat(data).hasSize(400).isEqualTo(ExpertData.withRevisions(ToyEnvironment::new, 3, 400, 0.25));
        long revised = data.stream().filter(c -> c.assistantTurns() == 2).count();
        assertThat(data).allSatisfy(c -> assertThat(c.assistantTurns()).isBetween(1, 2));
        assertThat(revised).isBetween(70L, 130L); // 100 expected, binomial sd ~8.7
        List<SftConversation> single = ExpertData.singleTurn(ToyEnvironment::new, 3, 400);
        List<SftExample> targets = ExpertData.answerExamples(data);
        assertThat(targets).hasSize(400);
        for (int i = 0; i < data.size(); i++) {
            // the same hand, and the same expert answer as the only target, whether or not the episode revises
            assertThat(data.get(i).messages().get(0)).isEqualTo(single.get(i).messages().get(0));
            assertThat(targets.get(i).response()).isEqualTo(single.get(i).messages().get(1).text());
            if (data.get(i).assistantTurns() == 2) {
                assertThat(targets.get(i).prompt().messages()).hasSize(3);
                assertThat(targets.get(i).prompt().lastUserText()).startsWith("You failed this trial because");
            }
        }
        assertThat(ExpertData.withRevisions(ToyEnvironment::new, 3, 50, 0))
                .isEqualTo(ExpertData.singleTurn(ToyEnvironment::new, 3, 50));
        assertThat(ExpertData.withRevisions(ToyEnvironment::new, 3, 50, 1))
                .isEqualTo(ExpertData.multiTurn(ToyEnvironment::new, 3, 50, 1));
        assertThatThrownBy(() -> ExpertData.withRevisions(ToyEnvironment::new, 3, 50, 1.5))
                .hasMessageContaining("[0, 1], got 1.5");
    }

    @Test
    void everyDecisionPointAlongTheExpertTrajectoryGivesOneConversation() {
        List<SftConversation> single = ExpertData.singleTurn(() -> new RouteEnvironment(3), 2, 4);
        assertThat(single).hasSize(12);
        for (int i = 0; i < single.size(); i++) {
            SftConversation c = single.get(i);
            assertThat(c.messages()).hasSize(2);
            assertThat(c.messages().get(0).text()).startsWith("at point " + (i % 3) + " of route");
        }
        List<SftConversation> multi = ExpertData.multiTurn(() -> new RouteEnvironment(3), 2, 4, 1);
        assertThat(multi).hasSize(12);
        for (int i = 0; i < multi.size(); i++) {
            List<String> texts = multi.get(i).messages().stream().map(m -> m.text()).toList();
            assertThat(texts).hasSize(4);
            assertThat(texts.get(2)).isEqualTo("wrong, try again");
            assertThat(texts.get(3)).isEqualTo(single.get(i).messages().get(1).text());
            assertThat(texts.get(1)).isNotEqualTo(texts.get(3));
        }
    }

    @Test
    void multiTurnDataNeedsAnEnvironmentWithRevisionTurns() {
        assertThatThrownBy(() -> ExpertData.multiTurn(() -> new ToyEnvironment(2), 1, 3, 2))
                .hasMessageContaining("after wrong attempt 2 of 2").hasMessageContaining("at least 3 attempts");
        assertThatThrownBy(() -> ExpertData.multiTurn(() -> new RouteEnvironment(2), 1, 3, 2))
                .hasMessageContaining("after wrong attempt 2 of 2");
        assertThatThrownBy(() -> ExpertData.singleTurn(ToyEnvironment::new, 1, 0)).hasMessageContaining("got 0");
    }
}
