/** Geographic points, distances, bearings, compass and relative-direction names, and turn labelling. */
package io.posttrain4j.virl.geo;
