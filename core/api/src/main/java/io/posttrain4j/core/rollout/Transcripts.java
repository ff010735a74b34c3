package io.posttrain4j.core.rollout;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import io.posttrain4j.core.env.Tally;
import io.posttrain4j.core.io.AtomicFiles;

/**
 * Episodes as JSON lines, one episode per line, for reading what a policy actually answered:
 * <pre>
 * {"episode":0,"seed":..,"success":false,"return":-5.0,"metrics":{"success":[0.0,1.0]},
 *  "turns":[{"turn":0,"prompt":"Cards: ...","response":"\"formula\": \"...\"","reward":-4.0,
 *            "feedback":"you used numbers: [7] too many times, ...","terminated":false,"truncated":false}, ...]}
 * </pre>
 * {@code prompt} is the last user message the policy read on that turn (the whole conversation is longer: it
 * holds the earlier turns too); images are not written. Tallies are {@code [hits, total]}.
 */
public final class Transcripts {
    private static final ObjectMapper JSON = new ObjectMapper().disable(SerializationFeature.INDENT_OUTPUT);

    private Transcripts() {}

    /** One episode as a JSON-ready map. */
    public static Map<String, Object> toMap(Episode e) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("episode", e.index());
        out.put("seed", e.seed());
        out.put("success", e.success());
        out.put("return", e.totalReward());
        Map<String, Object> metrics = new LinkedHashMap<>();
        e.metrics().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(m -> metrics.put(m.getKey(),
                tally(m.getValue())));
        out.put("metrics", metrics);
        List<Map<String, Object>> turns = new ArrayList<>();
        for (Transition t : e.transitions()) {
            Map<String, Object> turn = new LinkedHashMap<>();
            turn.put("turn", t.turn());
            turn.put("prompt", t.observation().lastUserText());
            turn.put("response", t.generation().text());
            turn.put("reward", t.step().reward());
            turn.put("feedback", t.step().feedback());
            turn.put("terminated", t.step().terminated());
            turn.put("truncated", t.step().truncated());
            turns.add(turn);
        }
        out.put("turns", turns);
        return out;
    }

    /** Writes {@code episodes} to {@code file} atomically, one JSON object per line. */
    public static void write(Path file, List<Episode> episodes) throws IOException {
        StringBuilder text = new StringBuilder();
        for (Episode e : episodes) {
            text.append(JSON.writeValueAsString(toMap(e))).append('\n');
        }
        AtomicFiles.writeString(file, text.toString());
    }

    private static double[] tally(Tally t) {
        return new double[] {t.hits(), t.total()};
    }
}
