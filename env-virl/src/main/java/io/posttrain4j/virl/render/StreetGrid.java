package io.posttrain4j.virl.render;

import java.util.ArrayList;
import java.util.List;

import io.posttrain4j.virl.world.CityModel;
import io.posttrain4j.virl.world.Intersection;
import io.posttrain4j.virl.world.Street;

/**
 * A uniform grid over a city that lists, per cell, the streets whose carriageway or sidewalk can reach into the
 * cell, so the renderer classifies a ground point against a handful of streets instead of all of them.
 */
final class StreetGrid {
    private static final double CELL = 24;
    private static final int[] NONE = new int[0];

    private final double minX;
    private final double minY;
    private final int nx;
    private final int ny;
    private final int[][] cells;

    StreetGrid(CityModel city, double sidewalk) {
        double x0 = Double.MAX_VALUE;
        double y0 = Double.MAX_VALUE;
        double x1 = -Double.MAX_VALUE;
        double y1 = -Double.MAX_VALUE;
        double reach = 0;
        for (Street s : city.streets()) {
            reach = Math.max(reach, s.width() / 2);
        }
        for (Intersection i : city.intersections()) {
            x0 = Math.min(x0, i.x());
            y0 = Math.min(y0, i.y());
            x1 = Math.max(x1, i.x());
            y1 = Math.max(y1, i.y());
        }
        reach += sidewalk + 1 + CELL * Math.sqrt(0.5);
        minX = x0 - reach;
        minY = y0 - reach;
        nx = Math.max(1, (int) Math.ceil((x1 - x0 + 2 * reach) / CELL));
        ny = Math.max(1, (int) Math.ceil((y1 - y0 + 2 * reach) / CELL));
        cells = new int[nx * ny][];
        List<List<Integer>> lists = new ArrayList<>();
        for (int i = 0; i < nx * ny; i++) {
            lists.add(new ArrayList<>());
        }
        for (Street s : city.streets()) {
            Intersection a = city.intersections().get(s.from());
            Intersection b = city.intersections().get(s.to());
            int cx0 = clampX((int) Math.floor((Math.min(a.x(), b.x()) - reach - minX) / CELL));
            int cx1 = clampX((int) Math.floor((Math.max(a.x(), b.x()) + reach - minX) / CELL));
            int cy0 = clampY((int) Math.floor((Math.min(a.y(), b.y()) - reach - minY) / CELL));
            int cy1 = clampY((int) Math.floor((Math.max(a.y(), b.y()) + reach - minY) / CELL));
            for (int cy = cy0; cy <= cy1; cy++) {
                for (int cx = cx0; cx <= cx1; cx++) {
                    double px = minX + (cx + 0.5) * CELL;
                    double py = minY + (cy + 0.5) * CELL;
                    if (distance(a, b, px, py) <= reach) {
                        lists.get(cy * nx + cx).add(s.id());
                    }
                }
            }
        }
        for (int i = 0; i < cells.length; i++) {
            cells[i] = lists.get(i).stream().mapToInt(Integer::intValue).toArray();
        }
    }

    /** Ids of the streets that may be nearest to (x, y) within a street's reach; empty far from every street. */
    int[] candidates(double x, double y) {
        int cx = (int) Math.floor((x - minX) / CELL);
        int cy = (int) Math.floor((y - minY) / CELL);
        if (cx < 0 || cy < 0 || cx >= nx || cy >= ny) {
            return NONE;
        }
        return cells[cy * nx + cx];
    }

    private int clampX(int v) {
        return Math.max(0, Math.min(nx - 1, v));
    }

    private int clampY(int v) {
        return Math.max(0, Math.min(ny - 1, v));
    }

    private static double distance(Intersection a, Intersection b, double x, double y) {
        double ex = b.x() - a.x();
        double ey = b.y() - a.y();
        double len2 = ex * ex + ey * ey;
        double t = len2 == 0 ? 0 : Math.max(0, Math.min(1, ((x - a.x()) * ex + (y - a.y()) * ey) / len2));
        double dx = a.x() + ex * t - x;
        double dy = a.y() + ey * t - y;
        return Math.sqrt(dx * dx + dy * dy);
    }
}
