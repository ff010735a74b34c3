/**
 * Street-view images: the Java2D renderer of city worlds, the 2x2 observation grid, image sizes, and the
 * perspective projection of real equirectangular panoramas.
 */
package io.posttrain4j.virl.render;
