package io.posttrain4j.generalpoints.verify;

import java.util.List;
import java.util.Objects;

/**
 * What the reference reads out of a response: the formula (cut at the first {@code =}) and the recognised card
 * names.
 *
 * @param formula the formula text; {@code "None"} when nothing matched, as in the reference
 * @param formulaIsText false when strict JSON gave a non-string {@code formula} value (a number, list, null),
 *     which the reference cannot handle (it raises); such answers are judged as illegal characters
 * @param recognizedCards the card names after the reference's list cleaning: exactly 4 items, or empty when the
 *     field was missing, malformed, or not a string (strict JSON lists and all-integer lists come out empty)
 */
public record ParsedResponse(String formula, boolean formulaIsText, List<String> recognizedCards) {
    public ParsedResponse {
        Objects.requireNonNull(formula, "formula");
        recognizedCards = List.copyOf(recognizedCards);
    }
}
