/** Benchmarks of the default policy: training and generation throughput against the machine's GEMM rate. */
package io.posttrain4j.core.model.bench;
