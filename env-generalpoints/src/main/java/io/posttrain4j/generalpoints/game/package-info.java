/**
 * The game itself, free of prompts, pictures and scoring: cards and suits, the face-card rules, a task (four
 * cards and a target), dealing as the reference does, exact rational arithmetic and the solver.
 */
package io.posttrain4j.generalpoints.game;
