package io.posttrain4j.ppo;

/** What a truncated transition bootstraps from in GAE. Terminated transitions never bootstrap. */
public enum TruncationBootstrap {
    /**
     * Gymnasium semantics: the value of the truncated step's own next observation
     * ({@link io.posttrain4j.core.env.Step#observation()}); nothing crosses an episode boundary.
     */
    NEXT_OBSERVATION,
    /**
     * The reference implementation's quirk: with auto-resetting vectorised environments it bootstraps a
     * truncation from the value of the next transition in the same worker, which is the first observation of the
     * next episode. Falls back to the own next observation when the worker has no next transition.
     */
    NEXT_EPISODE
}
