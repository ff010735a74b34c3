/**
 * GeneralPoints, the card game of the reference study: cards and dealing, the exact solver, the task record, the
 * environment with sequential revision and its providers ({@code generalpoints} environment and verifier).
 */
package io.posttrain4j.generalpoints;
