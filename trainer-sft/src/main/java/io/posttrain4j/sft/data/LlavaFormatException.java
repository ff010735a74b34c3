package io.posttrain4j.sft.data;

import java.io.IOException;

/** A LLaVA-style data file that cannot be read; the message names the item index and field. */
public final class LlavaFormatException extends IOException {
    public LlavaFormatException(String message) {
        super(message);
    }
}
