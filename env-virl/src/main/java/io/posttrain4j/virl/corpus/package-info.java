/** V-IRL pretraining documents: orientation in both action spaces, without navigation episodes. */
package io.posttrain4j.virl.corpus;
