package io.posttrain4j.core.model.tokenizer;

/**
 * Ids of the control tokens.
 *
 * @param pad padding (never attended, never scored)
 * @param beginOfText first token of every sequence
 * @param endOfTurn ends every message; generation stops on it
 * @param image placeholder replaced by image-patch embeddings
 * @param system starts a system turn
 * @param user starts a user turn
 * @param assistant starts an assistant turn
 */
public record SpecialTokens(int pad, int beginOfText, int endOfTurn, int image, int system, int user, int assistant) {}
