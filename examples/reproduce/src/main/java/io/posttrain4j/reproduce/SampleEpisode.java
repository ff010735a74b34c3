package io.posttrain4j.reproduce;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.databind.JsonNode;

import io.posttrain4j.core.env.Message;
import io.posttrain4j.core.env.Role;
import io.posttrain4j.core.image.RgbImage;
import io.posttrain4j.core.rollout.Episode;
import io.posttrain4j.core.rollout.Transition;

/**
 * One evaluation episode kept whole for {@code report.html}: per turn what the policy read (the new user message
 * and its images), what it answered, and the verifier's reward and feedback.
 *
 * @param variant the evaluated variant (short name, e.g. {@code gp-l-rule-ood})
 * @param index the episode's index in the evaluation (its seed is the evaluation's, so every checkpoint plays the
 *     same task)
 * @param success whether the episode succeeded
 * @param totalReward the episode's return
 * @param turns the first {@link #MAX_TURNS} turns
 * @param allTurns how many turns the episode had
 */
public record SampleEpisode(String variant, long index, boolean success, double totalReward, List<Turn> turns,
        int allTurns) {
    /** Turns kept per episode (a V-IRL route takes dozens). */
    public static final int MAX_TURNS = 8;

    /**
     * One turn.
     *
     * @param user the user message the policy read on this turn (the whole prompt on the first turn, the
     *     verifier's follow-up after it)
     * @param images the message's images as PNG files in base64
     * @param answer what the policy generated
     * @param reward the verifier's reward
     * @param feedback the verifier's feedback text
     */
    public record Turn(String user, List<String> images, String answer, double reward, String feedback) {
        public Turn {
            Objects.requireNonNull(user, "user");
            images = List.copyOf(images);
            Objects.requireNonNull(answer, "answer");
            feedback = feedback == null ? "" : feedback;
        }
    }

    public SampleEpisode {
        Objects.requireNonNull(variant, "variant");
        turns = List.copyOf(turns);
    }

    /** The sample of a played episode, as the policy saw it. */
    static SampleEpisode of(String variant, Episode e) {
        List<Turn> turns = new ArrayList<>();
        for (Transition t : e.transitions()) {
            if (turns.size() == MAX_TURNS) {
                break;
            }
            List<Message> messages = t.observation().messages();
            Message last = messages.get(messages.size() - 1);
            String user = last.role() == Role.USER ? last.text() : t.observation().lastUserText();
            List<String> images = last.images().stream().map(SampleEpisode::png).toList();
            turns.add(new Turn(user, images, t.generation().text(), t.step().reward(), t.step().feedback()));
        }
        return new SampleEpisode(variant, e.index(), e.success(), e.totalReward(), turns, e.transitions().size());
    }

    /** A JSON-ready map (the {@code samples} entries of a task's {@code evals.jsonl}). */
    Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("variant", variant);
        m.put("episode", index);
        m.put("success", success);
        m.put("return", totalReward);
        m.put("all_turns", allTurns);
        List<Map<String, Object>> ts = new ArrayList<>();
        for (Turn t : turns) {
            Map<String, Object> tm = new LinkedHashMap<>();
            tm.put("user", t.user());
            tm.put("images", t.images());
            tm.put("answer", t.answer());
            tm.put("reward", t.reward());
            tm.put("feedback", t.feedback());
            ts.add(tm);
        }
        m.put("turns", ts);
        return m;
    }

    /** The inverse of {@link #toMap()}. */
    static SampleEpisode fromJson(JsonNode n) {
        List<Turn> turns = new ArrayList<>();
        for (JsonNode t : n.get("turns")) {
            List<String> images = new ArrayList<>();
            t.get("images").forEach(i -> images.add(i.asText()));
            turns.add(new Turn(t.get("user").asText(), images, t.get("answer").asText(), t.get("reward").asDouble(),
                    t.get("feedback").asText()));
        }
        return new SampleEpisode(n.get("variant").asText(), n.get("episode").asLong(), n.get("success").asBoolean(),
                n.get("return").asDouble(), turns, n.get("all_turns").asInt());
    }

    static String png(RgbImage image) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            image.writePng(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode a " + image.width() + "x" + image.height() + " image", e);
        }
        return Base64.getEncoder().encodeToString(bytes.toByteArray());
    }
}
