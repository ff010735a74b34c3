/**
 * Routes in the V-IRL format: the record types, the loader (single route, list, or {@code [routes, n]}) with
 * errors that name the JSON path, the writer, the {@code milestone_info} text, and the sampler that draws routes on
 * procedural cities.
 */
package io.posttrain4j.virl.route;
