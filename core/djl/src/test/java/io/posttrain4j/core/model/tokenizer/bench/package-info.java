/** Benchmark mains for the tokenizers; figures are recorded in {@code docs/BENCHMARKS.md}. */
package io.posttrain4j.core.model.tokenizer.bench;
