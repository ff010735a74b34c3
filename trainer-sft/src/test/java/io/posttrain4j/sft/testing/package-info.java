/** Test fixtures of the SFT trainer: a registered toy environment and a character bigram policy. */
package io.posttrain4j.sft.testing;
