/** The verifier SPI: rule-based judges of response text that give reward, success and feedback. */
package io.posttrain4j.core.verify;
