/** Card images drawn with Java2D: the reference geometry and a small one, deterministic pixels, no fonts. */
package io.posttrain4j.generalpoints.render;
