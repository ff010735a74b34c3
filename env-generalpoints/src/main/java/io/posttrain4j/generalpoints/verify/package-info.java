/**
 * The GeneralPoints verifier: parsing answers like the reference, the grammar, number and value checks with their
 * rewards and feedback, in an exact mode and a reference (floating-point) mode.
 */
package io.posttrain4j.generalpoints.verify;
