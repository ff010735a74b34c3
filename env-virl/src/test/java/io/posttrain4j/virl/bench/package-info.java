/** The throughput benchmark of the V-IRL environment and renderer. */
package io.posttrain4j.virl.bench;
