package io.posttrain4j.core.env;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import io.posttrain4j.core.image.RgbImage;

/**
 * What a policy must answer: a conversation that ends with a user turn. The environment owns this protocol,
 * revision turns included, so trainers stay generic.
 */
public record Observation(List<Message> messages) {
    public Observation {
        messages = List.copyOf(Objects.requireNonNull(messages, "messages"));
        if (messages.isEmpty()) {
            throw new IllegalArgumentException("an observation needs at least one message");
        }
        Role last = messages.get(messages.size() - 1).role();
        if (last != Role.USER) {
            throw new IllegalArgumentException("an observation must end with a USER turn, got " + last);
        }
        for (int i = 1; i < messages.size(); i++) {
            if (messages.get(i).role() == Role.SYSTEM) {
                throw new IllegalArgumentException("a SYSTEM turn may only come first, found one at index " + i);
            }
        }
    }

    /** A single-turn observation. */
    public static Observation of(String userText) {
        return new Observation(List.of(Message.user(userText)));
    }

    /** A single-turn observation with images before the text. */
    public static Observation of(String userText, List<RgbImage> images) {
        return new Observation(List.of(Message.user(userText, images)));
    }

    /** This conversation, the policy's {@code answer}, and a new user turn: the sequential-revision step. */
    public Observation followUp(String answer, String userText) {
        List<Message> next = new ArrayList<>(messages);
        next.add(Message.assistant(answer));
        next.add(Message.user(userText));
        return new Observation(next);
    }

    /** All images in conversation order. */
    public List<RgbImage> images() {
        List<RgbImage> all = new ArrayList<>();
        for (Message m : messages) {
            all.addAll(m.images());
        }
        return all;
    }

    /** The text of the final user turn. */
    public String lastUserText() {
        return messages.get(messages.size() - 1).text();
    }

    /** Number of user turns (1 for a first attempt, 1 + k after k revisions). */
    public int userTurns() {
        return (int) messages.stream().filter(m -> m.role() == Role.USER).count();
    }
}
