/**
 * GeneralPoints prompt texts: the study's reference templates and expert answers, and a compact style for small
 * models trained from scratch.
 */
package io.posttrain4j.generalpoints.prompt;
