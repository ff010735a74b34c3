package io.posttrain4j.core.env;

import java.util.List;
import java.util.Objects;

import io.posttrain4j.core.image.RgbImage;

/**
 * One turn of a conversation: its speaker, its text, and the images it carries.
 *
 * <p>Images come before the text of the turn, as in LLaVA-style data where a human turn reads
 * {@code "<image>\n" + text}; the text itself holds no placeholder.
 */
public record Message(Role role, String text, List<RgbImage> images) {
    public Message {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(text, "text");
        images = List.copyOf(Objects.requireNonNull(images, "images"));
        if (role == Role.ASSISTANT && !images.isEmpty()) {
            throw new IllegalArgumentException("assistant turns carry no images, got " + images.size());
        }
    }

    public static Message user(String text) {
        return new Message(Role.USER, text, List.of());
    }

    public static Message user(String text, List<RgbImage> images) {
        return new Message(Role.USER, text, images);
    }

    public static Message assistant(String text) {
        return new Message(Role.ASSISTANT, text, List.of());
    }

    public static Message system(String text) {
        return new Message(Role.SYSTEM, text, List.of());
    }
}
