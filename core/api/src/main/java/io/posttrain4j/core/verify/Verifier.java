package io.posttrain4j.core.verify;

/**
 * Judges a response text against a task, with no model or environment state: usable on its own to audit logged
 * model outputs. Implementations never throw for arbitrary response text and are thread-safe.
 *
 * @param <T> the task description (e.g. the cards and rules of a GeneralPoints hand)
 */
@FunctionalInterface
public interface Verifier<T> {
    Verdict verify(T task, String response);
}
