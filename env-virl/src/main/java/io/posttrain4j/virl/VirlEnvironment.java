package io.posttrain4j.virl;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;

import io.posttrain4j.core.env.Environment;
import io.posttrain4j.core.env.Expert;
import io.posttrain4j.core.env.Message;
import io.posttrain4j.core.env.Observation;
import io.posttrain4j.core.env.SequentialRevision;
import io.posttrain4j.core.env.Step;
import io.posttrain4j.core.env.Tally;
import io.posttrain4j.core.image.RgbImage;
import io.posttrain4j.core.verify.Verdict;
import io.posttrain4j.virl.nav.Rail;
import io.posttrain4j.virl.nav.RailPoint;
import io.posttrain4j.virl.prompt.ExpertAnswers;
import io.posttrain4j.virl.prompt.PromptStyle;
import io.posttrain4j.virl.prompt.Prompts;
import io.posttrain4j.virl.render.ObservationImages;
import io.posttrain4j.virl.route.Route;
import io.posttrain4j.virl.verify.VirlTask;
import io.posttrain4j.virl.verify.VirlVerifier;
import io.posttrain4j.virl.world.CityCatalog;
import io.posttrain4j.virl.world.RouteSampler;

/**
 * V-IRL route following with the study's protocol ({@link SequentialRevision}, one question per rail point): the
 * walker moves only along the expert rail, one rail point per correct action; wrong actions are never executed.
 *
 * <p>{@link #reset} draws a route (sampled in one of the configured cities, or one of the fixed routes), the start
 * heading (the route's {@code init_heading}, where 0 means a random heading 0..359 from the seed), and the
 * dropped forward points, then asks the question for the start point. Each {@link #step} is one answer, judged by
 * {@link VirlVerifier}: +1 moves to the next rail point with a fresh single-turn prompt (its history holds the
 * oracle observation and correct action of every past point), and a correct {@code stop()} at the destination
 * ends the episode (terminated, success). A wrong answer (-1.5 or -1) appends the answer and the user turn
 * {@code "You failed this trial because " + feedback}; after {@code verifyIter} scored attempts at one point the
 * next generation ends the episode unscored (reward -1, truncated, feedback {@value #STEP_LIMIT_FEEDBACK}), its
 * observation the fresh prompt at the same point.
 *
 * <p>Metrics, the same keys every episode: {@code success} (1 of 1 when the episode ended with a correct stop)
 * and {@code step_accuracy} (verifier calls with +1 out of all verifier calls, retries included). Not thread-safe.
 */
public final class VirlEnvironment implements Environment, Expert {
    /** The reference's verify info when the attempts at a point are spent. */
    public static final String STEP_LIMIT_FEEDBACK = "Exceed maximum verify steps";

    private final String id;
    private final VirlConfig config;
    private final VirlVerifier verifier = new VirlVerifier();
    private final ObservationImages images;
    private final SequentialRevision revision;

    private Route route;
    private int routeIndex;
    private String city;
    private Rail rail;
    private int position;
    private List<RailPoint> past = new ArrayList<>();
    private boolean started;
    private boolean success;
    private int calls;
    private int hits;
    private String imageKey;
    private RgbImage image;

    public VirlEnvironment(String id, VirlConfig config) {
        this(id, config, null);
    }

    /**
     * @param images draws the observation images (thread-safe, so environments of the same image size and route
     *     folder may share one and its renderers); null to make one of its own when {@code config} has vision
     */
    public VirlEnvironment(String id, VirlConfig config, ObservationImages images) {
        this.id = Objects.requireNonNull(id, "id");
        this.config = Objects.requireNonNull(config, "config");
        this.images = !config.vision() ? null
                : images != null ? images : new ObservationImages(config.image(), config.routeFolder());
        this.revision = new SequentialRevision(new SequentialRevision.Rules(config.verifyIter(),
                feedback -> Prompts.failedTurn(config.prompt(), feedback), SequentialRevision.LastTurn.UNSCORED_QUESTION,
                STEP_LIMIT_FEEDBACK, false), new PointQuestion());
    }

    @Override
    public String id() {
        return id;
    }

    public VirlConfig config() {
        return config;
    }

    @Override
    public Observation reset(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        SplittableRandom routeRandom = random.split();
        SplittableRandom headingRandom = random.split();
        SplittableRandom dropRandom = random.split();
        if (!config.routes().isEmpty()) {
            routeIndex = routeRandom.nextInt(config.routes().size());
            route = config.routes().get(routeIndex);
            city = config.styleCity();
        } else {
            city = config.cities().get(routeRandom.nextInt(config.cities().size()));
            routeIndex = -1;
            route = RouteSampler.sample(CityCatalog.city(city), routeRandom.split(), city + "@" + seed);
        }
        int heading = config.heading() >= 0 ? config.heading()
                : route.initHeading() == 0 ? headingRandom.nextInt(360) : route.initHeading();
        rail = Rail.build(route, heading, config.dropRate(), config.forwardPoints(), config.turnLabels(), dropRandom);
        position = 0;
        past = new ArrayList<>();
        calls = 0;
        hits = 0;
        success = false;
        started = true;
        return revision.start();
    }

    @Override
    public Step step(String action) {
        checkRunning("step");
        return revision.step(action);
    }

    @Override
    public Map<String, Tally> episodeMetrics() {
        Map<String, Tally> m = new LinkedHashMap<>();
        m.put("success", Tally.of(success));
        m.put("step_accuracy", new Tally(hits, calls));
        return m;
    }

    @Override
    public String expertAnswer() {
        checkRunning("expertAnswer");
        return ExpertAnswers.answer(rail.points().get(position), config.actionSpace(), config.prompt());
    }

    /** The verifier's task at the current rail point, for audits and logging. */
    public VirlTask task() {
        checkStarted("task");
        RailPoint p = rail.points().get(position);
        return new VirlTask(p.action(config.actionSpace()), p.landmarkText(), config.prompt().label());
    }

    /** The current episode's route. */
    public Route route() {
        checkStarted("route");
        return route;
    }

    /** The current episode's rail and instruction. */
    public Rail rail() {
        checkStarted("rail");
        return rail;
    }

    /** Index of the walker's rail point. */
    public int railPosition() {
        checkStarted("railPosition");
        return position;
    }

    /** The city the current route is in (the style city for fixed routes). */
    public String city() {
        checkStarted("city");
        return city;
    }

    private Observation prompt() {
        RailPoint p = rail.points().get(position);
        List<String> actions = past.stream().map(q -> q.action(config.actionSpace())).toList();
        String text;
        if (config.prompt() == PromptStyle.REFERENCE) {
            List<String> observations = past.stream().map(RailPoint::oracleObservation).toList();
            text = Prompts.reference(rail.numberedInstruction(), config.actionSpace(),
                    Prompts.referenceHistory(observations, actions, p, config.vision()), config.vision());
        } else {
            text = Prompts.compact(Prompts.compactInstruction(rail.instructions()), config.actionSpace(), past, actions, p, config.vision());
        }
        if (!config.vision()) {
            return Observation.of(text);
        }
        // the same point is asked again after a reset with the same seed or at a truncation: reuse its pixels
        String key = route.id() + "#" + routeIndex + "@" + position + "/" + p.heading();
        if (!key.equals(imageKey)) {
            image = images.grid(route, routeIndex, city, p);
            imageKey = key;
        }
        return new Observation(List.of(Message.user(text, List.of(image))));
    }

    private void checkStarted(String what) {
        if (!started) {
            throw new IllegalStateException(what + " before reset: call reset(seed) first");
        }
    }

    private void checkRunning(String what) {
        checkStarted(what);
        if (revision.done()) {
            throw new IllegalStateException(what + " after the episode ended: call reset(seed) for a new one");
        }
    }

    /** The rail point as the protocol's question: a correct action moves to the next point until the destination. */
    private final class PointQuestion implements SequentialRevision.Question {
        @Override
        public Observation question() {
            return prompt();
        }

        @Override
        public Verdict judge(String answer) {
            Verdict v = verifier.verify(task(), answer);
            calls++;
            if (v.success()) {
                hits++;
            }
            return v;
        }

        @Override
        public boolean next() {
            RailPoint point = rail.points().get(position);
            if (point.kind() == RailPoint.Kind.DESTINATION) {
                success = true;
                return false;
            }
            past.add(point);
            position++;
            return true;
        }
    }
}
