package io.posttrain4j.core.env;

/** Who speaks a {@link Message} in a conversation. */
public enum Role {
    SYSTEM,
    USER,
    ASSISTANT
}
