/** Immutable RGB images with value equality, shared by environments (which draw them) and models (which read them). */
package io.posttrain4j.core.image;
