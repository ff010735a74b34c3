package io.posttrain4j.virl.world;

import java.util.List;

/**
 * The line of building fronts along one side of a street, set back from the centre line by half the carriageway
 * plus the sidewalk and cut short near intersections, so that cross streets show as gaps.
 *
 * @param street the street id
 * @param side the side
 * @param x0 start x (metres)
 * @param y0 start y
 * @param x1 end x
 * @param y1 end y
 * @param buildings building fronts ordered along the façade, positions measured from (x0, y0)
 */
public record Facade(int street, Side side, double x0, double y0, double x1, double y1, List<Building> buildings) {
    public Facade {
        buildings = List.copyOf(buildings);
    }

    public double length() {
        return Math.hypot(x1 - x0, y1 - y0);
    }

    /** The building at {@code u} metres along the façade, or null in a gap. */
    public Building buildingAt(double u) {
        int lo = 0;
        int hi = buildings.size() - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            Building b = buildings.get(mid);
            if (u < b.start()) {
                hi = mid - 1;
            } else if (u >= b.end()) {
                lo = mid + 1;
            } else {
                return b;
            }
        }
        return null;
    }
}
