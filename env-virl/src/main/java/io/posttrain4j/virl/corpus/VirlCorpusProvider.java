package io.posttrain4j.virl.corpus;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

import io.posttrain4j.core.corpus.CorpusProvider;
import io.posttrain4j.core.corpus.Document;
import io.posttrain4j.core.corpus.DocumentSource;
import io.posttrain4j.core.env.Message;
import io.posttrain4j.core.env.Observation;
import io.posttrain4j.core.env.Options;
import io.posttrain4j.core.env.Step;
import io.posttrain4j.core.spi.Names;
import io.posttrain4j.virl.VirlConfig;
import io.posttrain4j.virl.VirlEnvironment;
import io.posttrain4j.virl.VirlProvider;
import io.posttrain4j.virl.geo.Geo;
import io.posttrain4j.virl.geo.TurnLabels;
import io.posttrain4j.virl.nav.ActionSpace;
import io.posttrain4j.virl.nav.Rail;
import io.posttrain4j.virl.nav.RailPoint;
import io.posttrain4j.virl.prompt.ExpertAnswers;
import io.posttrain4j.virl.prompt.PromptStyle;
import io.posttrain4j.virl.prompt.Prompts;
import io.posttrain4j.virl.render.ImageSize;
import io.posttrain4j.virl.render.ObservationImages;
import io.posttrain4j.virl.route.Route;
import io.posttrain4j.virl.world.CityCatalog;
import io.posttrain4j.virl.world.RouteSampler;

/**
 * V-IRL pretraining documents, id {@code virl}: the orientation and reading a navigator needs in both action
 * spaces, written outside the navigation template, plus navigation itself only as the in-distribution variants ask
 * it (training city, absolute actions, as text or with street views), so that the relative action space (the
 * rule-OOD variant) and the other cities (the visual-OOD variant) are never a navigation task.
 *
 * <ul>
 *   <li>{@code turns}: {@code You face north and turn slightly right. Which way do you face now?} ->
 *       {@code northeast} (relative to absolute; left and right are 90 degrees, slightly 45, around 180);
 *   <li>{@code headings}: {@code You face north and want to face east. Which turn?} -> {@code right} (absolute to
 *       relative, labelled as the relative action space labels turns: beyond 45 degrees left or right, else
 *       slightly; an about-turn is {@code left});
 *   <li>{@code compass}: a heading in degrees -> its nearest compass name, and the reverse;
 *   <li>{@code instructions}: a route's numbered instruction (routes of all ten cities) and a question on one
 *       sentence: {@code Sentence 3 turns which way?} -> {@code left}, {@code Sentence 3 faces which direction?}
 *       -> {@code southwest}, {@code Sentence 2 goes to?} -> {@code crossing: Prince St front};
 *   <li>{@code actions}: one sentence being executed, the observation there and an action-space listing ->
 *       the action ({@code turn_direction(right)} under the relative listing, {@code turn_direction(northwest)}
 *       under the absolute one, {@code forward()}, {@code stop()}); no instruction list, no history: not the
 *       navigation template. The {@code actions} option picks the listings: both (drawn per document), absolute
 *       or relative; {@code actionsAnswer=expert} answers in the navigation task's answer form instead
 *       ({@code obs: ...\nins: 3\nact: turn_direction(right)}, the sentence shown with its number in the route);
 *   <li>{@code navigation}: the {@code virl-l} task (training city, absolute actions, text) at a point of an
 *       expert walk -> the expert's answer, in the {@code prompt} option's style; with
 *       {@code navigationListings=varied} the absolute listing names the compass headings by names, letters or
 *       degrees (drawn per document), so that the answer's words come from the listing;
 *   <li>{@code navigation-images}: the {@code virl-vl} task (training city, absolute actions, the 2x2 street-view
 *       grid in the {@code image} option's size: the current point's landmarks only in the image) at a point of an
 *       expert walk -> the expert's answer, in the {@code prompt} and {@code navigationListings} options' forms as
 *       {@code navigation};
 *   <li>{@code views}: the 2x2 street-view grid ({@code image} option's size) at a rail point in any of the ten
 *       cities ({@code viewCities=all}, the default: a little exposure to the visual-OOD cities' looks outside the
 *       task) or in the training city only ({@code viewCities=training}) -> {@code Which city?} -> its name, or
 *       {@code What is in view?} -> the compact oracle observation ({@code Aritzia left front; intersection},
 *       {@code -} for nothing).
 * </ul>
 *
 * <p>No document holds the relative action space inside the navigation template (instruction list, action
 * listing and the observation history together), and no navigation document is in another city. Stateless and
 * thread-safe.
 */
public final class VirlCorpusProvider implements CorpusProvider {
    /** The provider id, the environment's. */
    public static final String ID = "virl";

    private static final Map<String, String> FAMILIES = familyDescriptions();
    private static final Map<String, String> DEFAULTS = Map.of("prompt", "compact", "image", "small",
            "actions", "both", "viewCities", "all", "navigationListings", "study", "actionsAnswer", "action");
    private static final List<String> TURNS = List.of("left", "right", "slightly left", "slightly right", "around");
    private static final int[] TURN_DEGREES = {-90, 90, -45, 45, 180};

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Map<String, String> families() {
        return FAMILIES;
    }

    @Override
    public Map<String, String> options() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("prompt", "compact: the navigation template and sentence forms, compact or reference (the study's texts)");
        m.put("image", "small: the street-view grid of views and navigation-images documents, small, reference or "
                + "<view>+<separator>");
        m.put("actions", "both: the action-space listings of actions documents, both (drawn per document), "
                + "absolute or relative");
        m.put("viewCities", "all: the cities of views documents, all (the ten) or training (nyc-train only)");
        m.put("actionsAnswer", "action: the answer of actions documents, action (the action alone) or expert (the "
                + "navigation task's answer form: observation, sentence number, action)");
        m.put("navigationListings", "study: the compass names of navigation documents, study (north ... northwest) "
                + "or varied (drawn per document: names, letters N ... NW, or degrees 0 ... 315)");
        return m;
    }

    @Override
    public DocumentSource open(Map<String, String> options, Set<String> families) {
        Options o = new Options(ID + " corpus", DEFAULTS, options);
        PromptStyle style = PromptStyle.of(o.choice("prompt", Set.copyOf(PromptStyle.labels())));
        ImageSize size;
        try {
            size = ImageSize.of(o.string("image"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("option image of the " + ID + " corpus: " + e.getMessage(), e);
        }
        String actions = o.choice("actions", Set.of("both", "absolute", "relative"));
        List<ActionSpace> spaces = switch (actions) {
            case "absolute" -> List.of(ActionSpace.ABSOLUTE);
            case "relative" -> List.of(ActionSpace.RELATIVE);
            default -> List.of(ActionSpace.values());
        };
        List<String> viewCities = o.choice("viewCities", Set.of("all", "training")).equals("all")
                ? CityCatalog.names() : List.of(CityCatalog.TRAINING);
        List<CompassListing> listings = o.choice("navigationListings", Set.of("study", "varied")).equals("study")
                ? List.of(CompassListing.NAMES) : List.of(CompassListing.values());
        boolean expertActions = o.choice("actionsAnswer", Set.of("action", "expert")).equals("expert");
        requireFamilies(families);
        return new Source(style, spaces, viewCities, listings, expertActions,
                VirlProvider.config("virl-l", Map.of("prompt", style.label())),
                VirlProvider.config("virl-vl", Map.of("prompt", style.label(), "image", o.string("image"))),
                families.contains("views") || families.contains("navigation-images")
                        ? new ObservationImages(size, null) : null);
    }

    private static Map<String, String> familyDescriptions() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("turns", "a heading and a relative turn -> the new compass heading");
        m.put("headings", "two compass headings -> the relative turn between them");
        m.put("compass", "degrees -> the nearest compass name, and a compass name -> its degrees");
        m.put("instructions", "a route's instruction (any city) and one sentence -> its turn, heading or goal");
        m.put("actions", "a sentence, the observation and an action listing (either space) -> the action");
        m.put("navigation", "the V-IRL-L task (training city, absolute actions) at a point of an expert walk");
        m.put("navigation-images", "the V-IRL-VL task (training city, absolute actions, street views) at a point of "
                + "an expert walk");
        m.put("views", "street views of all ten cities -> the city, or the landmarks in view");
        return java.util.Collections.unmodifiableMap(m);
    }

    /** Draws documents; immutable apart from the thread-safe renderer cache ({@code images}, the image families'). */
    private record Source(PromptStyle style, List<ActionSpace> spaces, List<String> viewCities,
            List<CompassListing> listings, boolean expertActions, VirlConfig navigationTask,
            VirlConfig navigationImagesTask, ObservationImages images)
            implements DocumentSource {
        @Override
        public Document document(String family, SplittableRandom rng) {
            return switch (family) {
                case "turns" -> turns(rng);
                case "headings" -> headings(rng);
                case "compass" -> compass(rng);
                case "instructions" -> instructions(rng);
                case "actions" -> actions(rng);
                case "navigation" -> navigation("navigation", navigationTask, rng);
                case "navigation-images" -> navigation("navigation-images", navigationImagesTask, rng);
                case "views" -> views(rng);
                default -> throw new IllegalArgumentException(Names.unknown("corpus family of " + ID, family,
                        FAMILIES.keySet()));
            };
        }

        private static Document turns(SplittableRandom rng) {
            int from = rng.nextInt(8) * 45;
            int t = rng.nextInt(TURNS.size());
            String turn = TURNS.get(t).equals("around") ? "turn around" : "turn " + TURNS.get(t);
            return doc("turns", "You face " + Geo.compass(from) + " and " + turn + ". Which way do you face now?",
                    Geo.compass(Math.floorMod(from + TURN_DEGREES[t], 360)));
        }

        private static Document headings(SplittableRandom rng) {
            int from = rng.nextInt(8) * 45;
            int to = Math.floorMod(from + 45 * (1 + rng.nextInt(7)), 360);
            return doc("headings", "You face " + Geo.compass(from) + " and want to face " + Geo.compass(to)
                    + ". Which turn?", TurnLabels.WRAPPED.label(from, to));
        }

        private static Document compass(SplittableRandom rng) {
            int from = rng.nextInt(8) * 45;
            int heading = rng.nextInt(360);
            return rng.nextBoolean()
                    ? doc("compass", "Heading " + heading + " degrees. Nearest compass direction?", Geo.compass(heading))
                    : doc("compass", "Heading of " + Geo.compass(from) + " in degrees?", Integer.toString(from));
        }

        private Document instructions(SplittableRandom rng) {
            Walk w = Walk.sample(CityCatalog.names(), rng);
            RailPoint p = w.point(rng);
            int k = p.instructionIndex();
            String list = style == PromptStyle.COMPACT ? Prompts.compactInstruction(w.rail.instructions())
                    : w.rail.numberedInstruction();
            if (p.absoluteAction().startsWith("turn_direction(")) {
                return rng.nextBoolean()
                        ? doc("instructions", list + "Sentence " + k + " turns which way?", argument(p.relativeAction()))
                        : doc("instructions", list + "Sentence " + k + " faces which direction?",
                                argument(p.absoluteAction()));
            }
            String sentence = Prompts.compactSentence(p.instruction());
            return doc("instructions", list + "Sentence " + k + " goes to?", sentence.substring("go to ".length()));
        }

        private Document actions(SplittableRandom rng) {
            Walk w = Walk.sample(CityCatalog.names(), rng);
            RailPoint p = w.point(rng);
            ActionSpace space = spaces.get(rng.nextInt(spaces.size()));
            // with expert answers the sentence carries its number in the route, which the answer repeats
            String number = expertActions ? " " + p.instructionIndex() : "";
            String text = style == PromptStyle.COMPACT
                    ? "ins" + number + ": " + Prompts.compactSentence(p.instruction()) + "\nO: "
                            + Prompts.compactObservation(p) + "\nacts: " + space.compactBlock() + "\nAction?"
                    : "Instruction" + number + ": " + p.instruction() + "\nObservation: " + p.oracleObservation()
                            + "\n[Action space]\n" + space.referenceBlock() + "\nAction?";
            return doc("actions", text, expertActions ? ExpertAnswers.answer(p, space, style) : p.action(space));
        }

        /** The task of {@code task} (virl-l or virl-vl) at a point of an expert walk -> the expert's answer. */
        private Document navigation(String family, VirlConfig task, SplittableRandom rng) {
            // not thread-safe: one per document; the renderers (thread-safe) are shared
            VirlEnvironment env = new VirlEnvironment(ID + "/" + (task.vision() ? "virl-vl" : "virl-l"), task, images);
            Observation o = env.reset(rng.nextLong());
            int steps = rng.nextInt(env.rail().points().size());
            for (int i = 0; i < steps; i++) {
                Step s = env.step(env.expertAnswer());
                o = s.observation();
            }
            CompassListing listing = listings.get(rng.nextInt(listings.size()));
            return new Document(ID + "/" + family, listing.rewrite(o), listing.rewrite(env.expertAnswer()));
        }

        private Document views(SplittableRandom rng) {
            Walk w = Walk.sample(viewCities, rng);
            RailPoint p = w.point(rng);
            boolean askCity = rng.nextBoolean();
            Observation image = Observation.of("Street views [front, right / back, left]. "
                    + (askCity ? "Which city?" : "What is in view?"), List.of(images.grid(w.route, -1, w.city, p)));
            return new Document(ID + "/views", image, askCity ? w.city : Prompts.compactObservation(p));
        }

        private static String argument(String action) {
            return action.substring(action.indexOf('(') + 1, action.length() - 1);
        }
    }

    /**
     * How the absolute action space names the eight compass headings in a navigation document: the study's names,
     * or letters, or degrees, in the listing, the history's actions and the answer alike. The instruction keeps
     * its compass names, so under letters or degrees the answer is the listing's name for the instruction's
     * heading: the listing, not the template, decides the answer's words.
     */
    enum CompassListing {
        NAMES(Geo.COMPASS),
        LETTERS(List.of("N", "NE", "E", "SE", "S", "SW", "W", "NW")),
        DEGREES(List.of("0", "45", "90", "135", "180", "225", "270", "315"));

        private final List<String> words;

        CompassListing(List<String> words) {
            this.words = words;
        }

        /** The absolute listing and every {@code turn_direction(name)} of {@code text} in this listing's words. */
        String rewrite(String text) {
            if (this == NAMES) {
                return text;
            }
            String out = text.replace(ActionSpace.ABSOLUTE.compactBlock(), ActionSpace.ABSOLUTE.compactBlock(words))
                    .replace(ActionSpace.ABSOLUTE.referenceBlock(), ActionSpace.ABSOLUTE.referenceBlock(words));
            for (int i = 0; i < words.size(); i++) {
                out = out.replace("turn_direction(" + Geo.COMPASS.get(i) + ")", "turn_direction(" + words.get(i) + ")");
            }
            return out;
        }

        Observation rewrite(Observation o) {
            return new Observation(o.messages().stream()
                    .map(m -> new Message(m.role(), rewrite(m.text()), m.images())).toList());
        }
    }

    /** A sampled route in one of {@code cities} with its rail from a random start heading. */
    private record Walk(String city, Route route, Rail rail) {
        static Walk sample(List<String> cities, SplittableRandom rng) {
            String city = cities.get(rng.nextInt(cities.size()));
            Route route = RouteSampler.sample(CityCatalog.city(city), rng.split(), city + "@corpus");
            int heading = route.initHeading() == 0 ? rng.nextInt(360) : route.initHeading();
            Rail rail = Rail.build(route, heading, 0.5, 5, TurnLabels.WRAPPED, rng.split());
            return new Walk(city, route, rail);
        }

        RailPoint point(SplittableRandom rng) {
            return rail.points().get(rng.nextInt(rail.points().size()));
        }
    }

    private static Document doc(String family, String question, String answer) {
        return new Document(ID + "/" + family, Observation.of(question), answer);
    }
}
