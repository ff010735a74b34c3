/** Benchmark mains for checkpoint I/O; figures are recorded in {@code docs/BENCHMARKS.md}. */
package io.posttrain4j.core.model.checkpoint.bench;
