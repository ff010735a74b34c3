package io.posttrain4j.ppo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import ai.djl.ndarray.NDManager;
import io.posttrain4j.core.policy.Sampling;
import io.posttrain4j.core.testing.TabularPolicy;
import io.posttrain4j.core.testing.ToyEnvironment;

class RolloutCollectorTest {
    private static final Sampling UNIFORM = Sampling.temperature(1.0, 4);

    @Test
    void everySlotTakesExactlyItsBudgetAndAnUnfinishedEpisodeIsCut() {
        try (NDManager m = NDManager.newBaseManager();
                TabularPolicy policy = new TabularPolicy(m, ToyEnvironment.ANSWERS, 32)) {
            Rollout r = new RolloutCollector(policy, UNIFORM, 10).collectSteps(ToyEnvironment::new, 7, 4, 5);
            assertThat(r.samples()).hasSize(20);
            for (int s = 0; s < 4; s++) {
                int slot = s;
                List<Sample> stream = r.samples().stream().filter(x -> x.stream() == slot).toList();
                assertThat(stream).hasSize(5);
                Sample last = stream.get(4);
                // the last transition ends its episode: by the environment, or by the buffer as a cut
                assertThat(last.episodeEnd()).isTrue();
                assertThat(last.cut()).isEqualTo(!last.step().done());
                // inside the stream, only a finished episode is followed by a new one
                for (int i = 0; i + 1 < stream.size(); i++) {
                    boolean sameEpisode = stream.get(i + 1).episode() == stream.get(i).episode();
                    assertThat(sameEpisode).isEqualTo(!stream.get(i).step().done());
                    assertThat(stream.get(i).cut()).isFalse();
                }
            }
            assertThat(r.generatedTokens()).isEqualTo(20);
        }
    }

    @Test
    void wholeEpisodeBuffersRunEveryStartedEpisodeToItsEndAndStopStartingAtTheBudget() {
        try (NDManager m = NDManager.newBaseManager();
                TabularPolicy policy = new TabularPolicy(m, ToyEnvironment.ANSWERS, 32)) {
            Rollout r = new RolloutCollector(policy, UNIFORM, 10).collectEpisodes(ToyEnvironment::new, 5, 4, 21);
            List<Sample> samples = r.samples();
            // at least the budget; the last start sees at most 20, then 4 slots finish episodes of at most 2 turns
            assertThat(samples.size()).isBetween(21, 20 + 4 * 2);
            assertThat(samples).noneMatch(Sample::cut);
            assertThat(r.episodes()).isEqualTo((int) samples.stream().mapToLong(Sample::episode).distinct().count());
            // episodes come in index order, each contiguous from turn 0 to a real end
            long expected = 0;
            for (int i = 0; i < samples.size(); i++) {
                Sample x = samples.get(i);
                boolean first = i == 0 || samples.get(i - 1).episodeEnd();
                if (first) {
                    assertThat(x.episode()).isEqualTo(expected++);
                    assertThat(x.turn()).isZero();
                } else {
                    assertThat(x.episode()).isEqualTo(samples.get(i - 1).episode());
                }
                assertThat(x.episodeEnd()).isEqualTo(x.step().done());
            }
            assertThat(samples.get(samples.size() - 1).step().done()).isTrue();
        }
    }

    @Test
    void wholeEpisodesDependOnTheirIndexNotOnHowManySlotsStepTogether() {
        try (NDManager m = NDManager.newBaseManager();
                TabularPolicy policy = new TabularPolicy(m, ToyEnvironment.ANSWERS, 32)) {
            RolloutCollector c = new RolloutCollector(policy, UNIFORM, 10);
            List<String> one = texts(c.collectEpisodes(ToyEnvironment::new, 9, 1, 30));
            List<String> five = texts(c.collectEpisodes(ToyEnvironment::new, 9, 5, 30));
            int common = Math.min(one.size(), five.size()) - 10; // the tails differ by where the budget fell
            assertThat(five.subList(0, common)).isEqualTo(one.subList(0, common));
            assertThat(texts(c.collectEpisodes(ToyEnvironment::new, 9, 5, 30))).isEqualTo(five);
        }
    }

    @Test
    void rolloutsReplayExactlyWhateverTheNumberOfSlotsStepTogether() {
        try (NDManager m = NDManager.newBaseManager();
                TabularPolicy policy = new TabularPolicy(m, ToyEnvironment.ANSWERS, 32)) {
            RolloutCollector c = new RolloutCollector(policy, UNIFORM, 10);
            assertThat(texts(c.collectGroups(ToyEnvironment::new, 3, 1, 3, 4)))
                    .isEqualTo(texts(c.collectGroups(ToyEnvironment::new, 3, 5, 3, 4)));
            assertThat(texts(c.collectSteps(ToyEnvironment::new, 3, 4, 6)))
                    .isEqualTo(texts(c.collectSteps(ToyEnvironment::new, 3, 4, 6)));
        }
    }

    @Test
    void groupMembersShareTheirFirstObservationButSampleIndependently() {
        try (NDManager m = NDManager.newBaseManager();
                TabularPolicy policy = new TabularPolicy(m, ToyEnvironment.ANSWERS, 32)) {
            Rollout r = new RolloutCollector(policy, UNIFORM, 10).collectGroups(ToyEnvironment::new, 11, 4, 6, 8);
            assertThat(r.episodes()).isEqualTo(48);
            var firstTurns = r.samples().stream().filter(s -> s.turn() == 0).toList();
            assertThat(firstTurns).hasSize(48);
            var promptsByGroup = firstTurns.stream().collect(Collectors.groupingBy(Sample::group,
                    Collectors.mapping(s -> s.observation().lastUserText(), Collectors.toSet())));
            assertThat(promptsByGroup).hasSize(6).allSatisfy((g, prompts) -> assertThat(prompts).hasSize(1));
            // 8 uniform samples of 3 answers are not all equal in every one of 6 groups
            var answersByGroup = firstTurns.stream().collect(Collectors.groupingBy(Sample::group,
                    Collectors.mapping(s -> s.generation().text(), Collectors.toSet())));
            assertThat(answersByGroup.values()).anySatisfy(a -> assertThat(a).hasSizeGreaterThan(1));
            assertThat(r.samples()).noneMatch(Sample::cut);
        }
    }

    private static List<String> texts(Rollout r) {
        return r.samples().stream().map(s -> s.episode() + ":" + s.turn() + ":" + s.generation().text()).toList();
    }
}
