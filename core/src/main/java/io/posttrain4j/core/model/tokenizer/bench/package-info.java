/** Benchmark mains for the tokenizers; figures are recorded in {@code docs/bench/checkpoint.md}. */
package io.posttrain4j.core.model.tokenizer.bench;
