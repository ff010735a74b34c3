/**
 * V-IRL navigation (route following through city streets) with the study's protocol: the environment, its
 * configuration, the {@code virl} environment and verifier providers and the verifier's task record. Worlds,
 * routes, the rail, prompts, the verifier and rendering live in the sub-packages.
 */
package io.posttrain4j.virl;
