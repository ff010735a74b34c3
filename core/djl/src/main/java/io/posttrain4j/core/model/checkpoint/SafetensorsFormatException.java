package io.posttrain4j.core.model.checkpoint;

import java.io.IOException;

/**
 * A safetensors file that breaks the format: the message names the file, the tensor and the field at fault, for
 * example {@code model.safetensors: tensor 'lm_head.weight': data_offsets [0, 100] hold 100 bytes but shape [5, 6]
 * of F32 needs 120}.
 */
public final class SafetensorsFormatException extends IOException {
    public SafetensorsFormatException(String message) {
        super(message);
    }

    public SafetensorsFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
