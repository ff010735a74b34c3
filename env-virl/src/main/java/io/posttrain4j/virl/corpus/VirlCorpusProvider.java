package io.posttrain4j.virl.corpus;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

import io.posttrain4j.core.corpus.CorpusProvider;
import io.posttrain4j.core.corpus.Document;
import io.posttrain4j.core.corpus.DocumentSource;
import io.posttrain4j.core.env.Observation;
import io.posttrain4j.core.env.Options;
import io.posttrain4j.core.spi.Names;
import io.posttrain4j.virl.geo.Geo;
import io.posttrain4j.virl.geo.TurnLabels;

/**
 * V-IRL pretraining documents, id {@code virl}: the orientation a navigator needs in both action spaces, written
 * outside the navigation template, so that the relative action space (the rule-OOD variant) can be read without
 * ever having been a navigation task.
 *
 * <ul>
 *   <li>{@code turns}: {@code You face north and turn slightly right. Which way do you face now?} ->
 *       {@code northeast} (relative to absolute; left and right are 90 degrees, slightly 45, around 180);
 *   <li>{@code headings}: {@code You face north and want to face east. Which turn?} -> {@code right} (absolute to
 *       relative, labelled as the relative action space labels turns: beyond 45 degrees left or right, else
 *       slightly; an about-turn is {@code left});
 *   <li>{@code compass}: a heading in degrees -> its nearest compass name, and the reverse.
 * </ul>
 *
 * <p>No document is a navigation episode or holds an action-space block, of either action space. Stateless and
 * thread-safe.
 */
public final class VirlCorpusProvider implements CorpusProvider {
    /** The provider id, the environment's. */
    public static final String ID = "virl";

    private static final Map<String, String> FAMILIES = familyDescriptions();
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
        return Map.of();
    }

    @Override
    public DocumentSource open(Map<String, String> options, Set<String> families) {
        new Options(ID + " corpus", Map.of(), options); // it has none: any key is unknown
        requireFamilies(families);
        return VirlCorpusProvider::document;
    }

    private static Document document(String family, SplittableRandom rng) {
        int from = rng.nextInt(8) * 45;
        return switch (family) {
            case "turns" -> {
                int t = rng.nextInt(TURNS.size());
                String turn = TURNS.get(t).equals("around") ? "turn around" : "turn " + TURNS.get(t);
                yield doc(family, "You face " + Geo.compass(from) + " and " + turn + ". Which way do you face now?",
                        Geo.compass(Math.floorMod(from + TURN_DEGREES[t], 360)));
            }
            case "headings" -> {
                int to = Math.floorMod(from + 45 * (1 + rng.nextInt(7)), 360);
                yield doc(family, "You face " + Geo.compass(from) + " and want to face " + Geo.compass(to)
                        + ". Which turn?", TurnLabels.WRAPPED.label(from, to));
            }
            case "compass" -> {
                int heading = rng.nextInt(360);
                yield rng.nextBoolean()
                        ? doc(family, "Heading " + heading + " degrees. Nearest compass direction?",
                                Geo.compass(heading))
                        : doc(family, "Heading of " + Geo.compass(from) + " in degrees?", Integer.toString(from));
            }
            default -> throw new IllegalArgumentException(Names.unknown("corpus family of " + ID, family,
                    FAMILIES.keySet()));
        };
    }

    private static Document doc(String family, String question, String answer) {
        return new Document(ID + "/" + family, Observation.of(question), answer);
    }

    private static Map<String, String> familyDescriptions() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("turns", "a heading and a relative turn -> the new compass heading");
        m.put("headings", "two compass headings -> the relative turn between them");
        m.put("compass", "degrees -> the nearest compass name, and a compass name -> its degrees");
        return java.util.Collections.unmodifiableMap(m);
    }
}
