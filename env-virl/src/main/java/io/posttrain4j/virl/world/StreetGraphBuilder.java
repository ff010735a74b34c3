package io.posttrain4j.virl.world;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Cuts named polylines into a planar street graph: segments are clipped to the city square, split where they
 * cross, crossing points closer than {@link #SNAP} metres merge into one intersection, straight-through bends of
 * one street are contracted into straight edges, and only the largest connected part is kept.
 */
final class StreetGraphBuilder {
    /** Crossings closer than this merge into one intersection (metres). */
    static final double SNAP = 4;

    record Seg(double ax, double ay, double bx, double by, String name) {}

    record Graph(List<double[]> nodes, List<int[]> edges, List<String> names) {}

    private StreetGraphBuilder() {}

    static Graph build(List<Seg> input, double extent) {
        List<Seg> segs = new ArrayList<>();
        for (Seg s : input) {
            Seg c = clip(s, extent);
            if (c != null && Math.hypot(c.bx - c.ax, c.by - c.ay) > 1) {
                segs.add(c);
            }
        }
        List<double[]> nodes = new ArrayList<>();
        Map<Long, List<Integer>> grid = new HashMap<>();
        Map<String, String> edgeNames = new LinkedHashMap<>();
        for (int i = 0; i < segs.size(); i++) {
            Seg s = segs.get(i);
            List<Double> ts = new ArrayList<>(List.of(0.0, 1.0));
            for (int j = 0; j < segs.size(); j++) {
                if (j != i) {
                    double t = cross(s, segs.get(j));
                    if (t >= 0) {
                        ts.add(t);
                    }
                }
            }
            ts.sort(Double::compare);
            int prev = -1;
            for (double t : ts) {
                int n = node(nodes, grid, s.ax + t * (s.bx - s.ax), s.ay + t * (s.by - s.ay));
                if (prev >= 0 && prev != n) {
                    String key = Math.min(prev, n) + ":" + Math.max(prev, n);
                    edgeNames.putIfAbsent(key, s.name);
                }
                prev = n;
            }
        }
        // adjacency
        Map<Integer, Set<Integer>> adj = new HashMap<>();
        Map<String, String> names = new HashMap<>(edgeNames);
        for (String k : edgeNames.keySet()) {
            String[] p = k.split(":");
            int a = Integer.parseInt(p[0]);
            int b = Integer.parseInt(p[1]);
            adj.computeIfAbsent(a, x -> new HashSet<>()).add(b);
            adj.computeIfAbsent(b, x -> new HashSet<>()).add(a);
        }
        contract(nodes, adj, names);
        return component(nodes, adj, names);
    }

    /** Removes degree-2 nodes where one street runs on almost straight, joining their two edges. */
    private static void contract(List<double[]> nodes, Map<Integer, Set<Integer>> adj, Map<String, String> names) {
        boolean changed = true;
        while (changed) {
            changed = false;
            for (int v : adj.keySet().stream().sorted().toList()) {
                Set<Integer> nb = adj.get(v);
                if (nb == null || nb.size() != 2) {
                    continue;
                }
                Integer[] ab = nb.stream().sorted().toArray(Integer[]::new);
                int a = ab[0];
                int b = ab[1];
                if (adj.get(a).contains(b)) {
                    continue;
                }
                String na = names.get(key(a, v));
                String nbn = names.get(key(b, v));
                double[] pa = nodes.get(a);
                double[] pv = nodes.get(v);
                double[] pb = nodes.get(b);
                double h1 = Math.atan2(pv[1] - pa[1], pv[0] - pa[0]);
                double h2 = Math.atan2(pb[1] - pv[1], pb[0] - pv[0]);
                double turn = Math.abs(Math.toDegrees(Math.atan2(Math.sin(h2 - h1), Math.cos(h2 - h1))));
                if (turn > 35 || !na.equals(nbn)) {
                    continue;
                }
                adj.get(a).remove(v);
                adj.get(b).remove(v);
                adj.get(a).add(b);
                adj.get(b).add(a);
                adj.remove(v);
                names.remove(key(a, v));
                names.remove(key(b, v));
                names.put(key(a, b), na);
                changed = true;
            }
        }
    }

    private static Graph component(List<double[]> nodes, Map<Integer, Set<Integer>> adj, Map<String, String> names) {
        Set<Integer> best = Set.of();
        Set<Integer> seen = new HashSet<>();
        for (int start : adj.keySet().stream().sorted().toList()) {
            if (seen.contains(start)) {
                continue;
            }
            Set<Integer> comp = new HashSet<>();
            List<Integer> stack = new ArrayList<>(List.of(start));
            while (!stack.isEmpty()) {
                int v = stack.remove(stack.size() - 1);
                if (comp.add(v)) {
                    stack.addAll(adj.get(v));
                }
            }
            seen.addAll(comp);
            if (comp.size() > best.size()) {
                best = comp;
            }
        }
        List<Integer> keep = best.stream().sorted().toList();
        Map<Integer, Integer> index = new HashMap<>();
        List<double[]> outNodes = new ArrayList<>();
        for (int v : keep) {
            index.put(v, outNodes.size());
            outNodes.add(nodes.get(v));
        }
        List<int[]> edges = new ArrayList<>();
        List<String> edgeNames = new ArrayList<>();
        for (int v : keep) {
            for (int w : adj.get(v).stream().sorted().toList()) {
                if (v < w) {
                    edges.add(new int[] {index.get(v), index.get(w)});
                    edgeNames.add(names.get(key(v, w)));
                }
            }
        }
        return new Graph(outNodes, edges, edgeNames);
    }

    private static String key(int a, int b) {
        return Math.min(a, b) + ":" + Math.max(a, b);
    }

    private static int node(List<double[]> nodes, Map<Long, List<Integer>> grid, double x, double y) {
        int gx = (int) Math.floor(x / SNAP);
        int gy = (int) Math.floor(y / SNAP);
        for (int dx = -1; dx <= 1; dx++) {
            for (int dy = -1; dy <= 1; dy++) {
                for (int n : grid.getOrDefault(cell(gx + dx, gy + dy), List.of())) {
                    double[] p = nodes.get(n);
                    if (Math.hypot(p[0] - x, p[1] - y) < SNAP) {
                        return n;
                    }
                }
            }
        }
        nodes.add(new double[] {x, y});
        grid.computeIfAbsent(cell(gx, gy), k -> new ArrayList<>()).add(nodes.size() - 1);
        return nodes.size() - 1;
    }

    private static long cell(int gx, int gy) {
        return ((long) gx << 32) ^ (gy & 0xffffffffL);
    }

    /** The parameter along {@code s} where it meets {@code o}, or -1. */
    private static double cross(Seg s, Seg o) {
        double rx = s.bx - s.ax;
        double ry = s.by - s.ay;
        double qx = o.bx - o.ax;
        double qy = o.by - o.ay;
        double den = rx * qy - ry * qx;
        if (Math.abs(den) < 1e-9) {
            return -1;
        }
        double t = ((o.ax - s.ax) * qy - (o.ay - s.ay) * qx) / den;
        double u = ((o.ax - s.ax) * ry - (o.ay - s.ay) * rx) / den;
        double eps = 1e-9;
        return t >= -eps && t <= 1 + eps && u >= -eps && u <= 1 + eps ? Math.max(0, Math.min(1, t)) : -1;
    }

    /** Liang-Barsky clipping to the square [-e, e]^2. */
    private static Seg clip(Seg s, double e) {
        double t0 = 0;
        double t1 = 1;
        double dx = s.bx - s.ax;
        double dy = s.by - s.ay;
        double[] p = {-dx, dx, -dy, dy};
        double[] q = {s.ax + e, e - s.ax, s.ay + e, e - s.ay};
        for (int i = 0; i < 4; i++) {
            if (p[i] == 0) {
                if (q[i] < 0) {
                    return null;
                }
            } else {
                double r = q[i] / p[i];
                if (p[i] < 0) {
                    t0 = Math.max(t0, r);
                } else {
                    t1 = Math.min(t1, r);
                }
            }
        }
        if (t0 > t1) {
            return null;
        }
        return new Seg(s.ax + t0 * dx, s.ay + t0 * dy, s.ax + t1 * dx, s.ay + t1 * dy, s.name);
    }
}
