/**
 * The study's experiment end to end: SFT init, SFT and RL arms at matched compute, ID and OOD evaluations along
 * training, plots, CSV/JSON lines and a markdown report ({@code posttrain4j reproduce}).
 */
package io.posttrain4j.reproduce;
