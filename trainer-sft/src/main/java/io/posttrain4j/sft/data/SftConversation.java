package io.posttrain4j.sft.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import io.posttrain4j.core.env.Message;
import io.posttrain4j.core.env.Observation;
import io.posttrain4j.core.env.Role;

/**
 * A training conversation: an optional system turn, then user and assistant turns alternating, ending with an
 * assistant turn. Each assistant turn is a scored response to the conversation before it (for single-turn
 * expert data that is just the answer; for sub-optimal multi-turn data the wrong attempts are scored too, as in
 * LLaVA-style training on whole conversations).
 *
 * @param messages the turns; user turns may carry images
 */
public record SftConversation(List<Message> messages) {
    public SftConversation {
        messages = List.copyOf(Objects.requireNonNull(messages, "messages"));
        int first = !messages.isEmpty() && messages.get(0).role() == Role.SYSTEM ? 1 : 0;
        if (messages.size() - first < 2) {
            throw new IllegalArgumentException(
                    "a training conversation needs a user turn and an assistant turn, got " + messages.size() + " turns");
        }
        for (int i = first; i < messages.size(); i++) {
            Role expected = (i - first) % 2 == 0 ? Role.USER : Role.ASSISTANT;
            if (messages.get(i).role() != expected) {
                throw new IllegalArgumentException("turn " + i + " must be " + expected + " (user and assistant turns "
                        + "alternate after an optional system turn), got " + messages.get(i).role());
            }
        }
        if (messages.get(messages.size() - 1).role() != Role.ASSISTANT) {
            throw new IllegalArgumentException("a training conversation must end with an assistant turn");
        }
    }

    /** A single-turn conversation: one user turn, one answer. */
    public static SftConversation of(Observation prompt, String answer) {
        List<Message> m = new ArrayList<>(prompt.messages());
        m.add(Message.assistant(answer));
        return new SftConversation(m);
    }

    /** One scored example per assistant turn, in order. */
    public List<SftExample> examples() {
        List<SftExample> out = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            if (messages.get(i).role() == Role.ASSISTANT) {
                out.add(new SftExample(new Observation(messages.subList(0, i)), messages.get(i).text()));
            }
        }
        return out;
    }

    /** Only the last assistant turn as an example (the study's single-turn loss on a multi-turn record). */
    public SftExample lastExample() {
        int last = messages.size() - 1;
        return new SftExample(new Observation(messages.subList(0, last)), messages.get(last).text());
    }

    /** Number of assistant turns. */
    public int assistantTurns() {
        return (int) messages.stream().filter(m -> m.role() == Role.ASSISTANT).count();
    }

    /** Every turn's text of every conversation, in order: the corpus a tokenizer is trained on. */
    public static List<String> texts(List<SftConversation> conversations) {
        List<String> out = new ArrayList<>();
        for (SftConversation c : conversations) {
            for (Message m : c.messages()) {
                out.add(m.text());
            }
        }
        return out;
    }
}
