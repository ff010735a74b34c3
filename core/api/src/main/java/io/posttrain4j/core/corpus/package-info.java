/**
 * Pretraining corpora: environment modules offer generated documents through {@link
 * io.posttrain4j.core.corpus.CorpusProvider} (ServiceLoader), and {@link io.posttrain4j.core.corpus.Corpus} mixes
 * their families into one deterministic, streamed sequence of question/answer {@link
 * io.posttrain4j.core.corpus.Document}s.
 */
package io.posttrain4j.core.corpus;
