/**
 * City worlds: the street graph (intersections, straight streets), façades and buildings, named places beside
 * the streets, city styles and names, the seeded procedural generator and the ten built-in cities.
 */
package io.posttrain4j.virl.world;
