/** The V-IRL step verifier and the reading of answer fields. */
package io.posttrain4j.virl.verify;
