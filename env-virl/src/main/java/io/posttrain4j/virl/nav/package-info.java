/** The instruction text, the expert rail of states and the two action spaces of V-IRL navigation. */
package io.posttrain4j.virl.nav;
