/**
 * V-IRL pretraining documents: orientation and instruction reading in both action spaces, single-step actions,
 * street views of every city, and navigation only as V-IRL-L asks it (training city, absolute actions).
 */
package io.posttrain4j.virl.corpus;
