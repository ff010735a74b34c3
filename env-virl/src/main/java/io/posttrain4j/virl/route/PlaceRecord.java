package io.posttrain4j.virl.route;

import java.util.Objects;

import io.posttrain4j.virl.geo.GeoPoint;

/**
 * A named place of a route, the subset of a Google place record that navigation uses.
 *
 * @param name display name, e.g. {@code MoMA Design Store}
 * @param geocode where the place itself is (the building)
 * @param relocatedGeocode the street point the place is reached from (the panorama position); equals
 *     {@code geocode} when the record has none
 */
public record PlaceRecord(String name, GeoPoint geocode, GeoPoint relocatedGeocode) {
    public PlaceRecord {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(geocode, "geocode");
        if (relocatedGeocode == null) {
            relocatedGeocode = geocode;
        }
    }
}
