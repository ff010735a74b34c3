package io.posttrain4j.generalpoints.verify;

import java.util.List;
import java.util.Objects;

/**
 * What the reference reads out of a response: the formula (cut at the first {@code =}) and the recognised card
 * names, plus what followed the {@code =} (which only the exact mode checks).
 *
 * @param formula the formula text; {@code "None"} when nothing matched, as in the reference
 * @param formulaIsText false when strict JSON gave a non-string {@code formula} value (a number, list, null),
 *     which the reference cannot handle (it raises); such answers are judged as illegal characters
 * @param recognizedCards the card names after the reference's list cleaning: exactly 4 items, or empty when the
 *     field was missing, malformed, or not a string (strict JSON lists and all-integer lists come out empty)
 * @param statedResult the text after the first {@code =} of a textual formula (the reference ignores it), or
 *     {@code null} when there was no {@code =}
 */
public record ParsedResponse(String formula, boolean formulaIsText, List<String> recognizedCards,
        String statedResult) {
    public ParsedResponse {
        Objects.requireNonNull(formula, "formula");
        recognizedCards = List.copyOf(recognizedCards);
    }
}
