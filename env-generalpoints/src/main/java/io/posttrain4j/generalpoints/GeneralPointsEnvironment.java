package io.posttrain4j.generalpoints;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;

import io.posttrain4j.core.env.Environment;
import io.posttrain4j.core.env.Expert;
import io.posttrain4j.core.env.Observation;
import io.posttrain4j.core.env.SequentialRevision;
import io.posttrain4j.core.env.Step;
import io.posttrain4j.core.env.Tally;
import io.posttrain4j.core.verify.Verdict;
import io.posttrain4j.generalpoints.game.Card;
import io.posttrain4j.generalpoints.game.Dealer;
import io.posttrain4j.generalpoints.game.GeneralPointsTask;
import io.posttrain4j.generalpoints.game.Solver;
import io.posttrain4j.generalpoints.prompt.Prompts;
import io.posttrain4j.generalpoints.render.CardRenderer;
import io.posttrain4j.generalpoints.verify.GeneralPointsVerifier;

/**
 * GeneralPoints with the study's sequential revision ({@link SequentialRevision}): make the target from four cards
 * shown as text (GP-L) or as a picture (GP-VL), with up to {@code verifyIter} scored attempts per hand.
 *
 * <p>{@link #reset} deals a solvable hand from the seed (equal seeds, equal hands) and asks the prompt, with the
 * image in the first user turn only. Each {@link #step} is one answer: +5 ends the episode (terminated, success;
 * the verifier's feedback follows as the last user turn); a failed attempt appends the answer and the user turn
 * {@code "You failed this trial because " + feedback}. After {@code verifyIter} failed attempts the reference
 * allows one more generation that is not scored: reward -1, truncated, feedback {@code step_limit_reached}; with
 * {@code finalUnscoredTurn=false} the last failed attempt truncates at once. Metrics per episode: {@code success}, and for GP-VL {@code card_accuracy} (scored attempts
 * not penalised -1.5 for wrong cards, out of scored attempts). The verifier judges within the configured
 * {@link GeneralPointsConfig#limits() limits} (by default reward floor -10, feedback 256 characters, responses
 * 8192 characters). Not thread-safe: one instance per worker.
 */
public final class GeneralPointsEnvironment implements Environment, Expert {
    /** The reference's text for the unscored attempt after the last failed one. */
    public static final String STEP_LIMIT_FEEDBACK = "step_limit_reached";
    /** The revision turn's prefix, as in the reference's trainer and evaluator. */
    public static final String FAILED_PREFIX = SequentialRevision.FAILED_PREFIX;

    private final String id;
    private final GeneralPointsConfig config;
    private final Dealer dealer;
    private final GeneralPointsVerifier verifier;
    private final SequentialRevision revision;

    private List<Card> hand;
    private GeneralPointsTask task;
    private Observation prompt;
    private boolean started;
    private int scored;
    private int wrongCards;
    private boolean succeeded;

    /**
     * @param id the qualified id, e.g. {@code generalpoints/gp-l}
     * @param config the variant and options
     * @throws IllegalArgumentException when no hand can reach the target under the rule
     */
    public GeneralPointsEnvironment(String id, GeneralPointsConfig config) {
        this.id = Objects.requireNonNull(id, "id");
        this.config = Objects.requireNonNull(config, "config");
        if (!Dealer.anySolvable(config.rule(), config.forceFace(), config.target())) {
            throw new IllegalArgumentException("target " + config.target() + " cannot be made from any hand under "
                    + config.rule() + (config.forceFace() ? " with a forced face card" : "")
                    + "; choose another target (24 is the reference's)");
        }
        this.dealer = new Dealer(config.rule(), config.forceFace(), config.suits(), config.target());
        this.verifier = new GeneralPointsVerifier(config.verifier(), config.limits());
        SequentialRevision.LastTurn last = config.finalUnscoredTurn() ? SequentialRevision.LastTurn.UNSCORED_ANSWER
                : SequentialRevision.LastTurn.NONE;
        this.revision = new SequentialRevision(new SequentialRevision.Rules(config.verifyIter(),
                SequentialRevision.Rules::studyTurn, last, STEP_LIMIT_FEEDBACK, true), new HandQuestion());
    }

    @Override
    public String id() {
        return id;
    }

    public GeneralPointsConfig config() {
        return config;
    }

    @Override
    public Observation reset(long seed) {
        hand = dealer.deal(new SplittableRandom(seed));
        task = GeneralPointsTask.of(hand, config.rule(), config.target(), !config.vision());
        String text = Prompts.userText(task, config.prompt());
        prompt = config.vision()
                ? Observation.of(text, List.of(CardRenderer.render(hand, config.image())))
                : Observation.of(text);
        started = true;
        scored = 0;
        wrongCards = 0;
        succeeded = false;
        return revision.start();
    }

    @Override
    public Step step(String action) {
        requireRunning("step");
        return revision.step(action);
    }

    @Override
    public Map<String, Tally> episodeMetrics() {
        Map<String, Tally> m = new LinkedHashMap<>();
        m.put("success", started ? Tally.of(succeeded) : Tally.ZERO);
        if (config.vision()) {
            m.put("card_accuracy", new Tally(scored - wrongCards, scored));
        }
        return m;
    }

    /** The first formula in the solver's order, in the configured answer style. */
    @Override
    public String expertAnswer() {
        requireRunning("expertAnswer");
        String formula = Solver.firstSolution(task.cardValues(), task.target())
                .orElseThrow(() -> new IllegalStateException("dealt an unsolvable hand " + hand));
        return Prompts.expertAnswer(task, formula, config.prompt());
    }

    /** The current hand, in dealt order. */
    public List<Card> hand() {
        requireStarted();
        return hand;
    }

    /** The current hand as a verifier task. */
    public GeneralPointsTask task() {
        requireStarted();
        return task;
    }

    private void requireStarted() {
        if (!started) {
            throw new IllegalStateException(id + ": call reset(seed) first");
        }
    }

    private void requireRunning(String what) {
        if (!started) {
            throw new IllegalStateException(id + ": " + what + " before reset(seed); call reset first");
        }
        if (revision.done()) {
            throw new IllegalStateException(id + ": " + what + " after the episode ended; call reset(seed)");
        }
    }

    /** The dealt hand as the protocol's question; judging counts the episode's metrics. */
    private final class HandQuestion implements SequentialRevision.Question {
        @Override
        public Observation question() {
            return prompt;
        }

        @Override
        public Verdict judge(String answer) {
            Verdict verdict = verifier.verify(task, answer);
            scored++;
            if (verdict.reward() == -1.5) {
                wrongCards++;
            }
            succeeded |= verdict.success();
            return verdict;
        }
    }
}
