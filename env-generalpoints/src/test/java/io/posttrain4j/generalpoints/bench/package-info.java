/** Benchmarks of the GeneralPoints verifier and solver (plain main classes). */
package io.posttrain4j.generalpoints.bench;
