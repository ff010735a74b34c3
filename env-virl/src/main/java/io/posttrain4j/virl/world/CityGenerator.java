package io.posttrain4j.virl.world;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import io.posttrain4j.virl.geo.LocalFrame;

/**
 * Builds a {@link CityModel} from a {@link CitySpec}: street polylines from the layout, a planar street graph,
 * façades set back from every street and cut at intersections, buildings along the façades in the city's style,
 * and named places in a share of the buildings. Deterministic: equal specs give equal cities. Thread-safe.
 */
public final class CityGenerator {
    /** Pull-out of a place's point behind its building front, metres. */
    static final double PLACE_DEPTH = 3;

    private CityGenerator() {}

    /** The city of {@code spec}. */
    public static CityModel generate(CitySpec spec) {
        SplittableRandom random = new SplittableRandom(spec.seed());
        List<StreetGraphBuilder.Seg> segs = new ArrayList<>();
        List<String> families = new ArrayList<>();
        for (StreetLayout.Line line : spec.layout().lines(random.split())) {
            int fam = families.indexOf(line.family());
            if (fam < 0) {
                families.add(line.family());
                fam = families.size() - 1;
            }
            String name = spec.names().street(fam, line.index());
            for (int i = 0; i + 1 < line.points().size(); i++) {
                double[] a = line.points().get(i);
                double[] b = line.points().get(i + 1);
                segs.add(new StreetGraphBuilder.Seg(a[0], a[1], b[0], b[1], name));
            }
        }
        StreetGraphBuilder.Graph g = StreetGraphBuilder.build(segs, spec.layout().extent());
        if (spec.layout().kind() == StreetLayout.Kind.IRREGULAR) {
            g = breakOff(g, random.split(), 0.12);
        }
        return assemble(spec.name(), new LocalFrame(spec.origin()), spec.style(), g, spec.names(), List.of(),
                random.split());
    }

    /** A fixed named place to put into the city at a metric point (used to build worlds around real routes). */
    public record FixedPlace(String name, double x, double y) {}

    /**
     * Builds a city from explicit street segments ({@code {ax, ay, bx, by}}, all named {@code streetName(i)}) and
     * fixed named places, the rest filled in {@code style}; used for the worlds around real routes.
     */
    public static CityModel build(String name, LocalFrame frame, CityStyle style, CityNames names,
            List<double[]> segments, List<FixedPlace> fixed, double extent, long seed) {
        List<StreetGraphBuilder.Seg> segs = new ArrayList<>();
        for (int i = 0; i < segments.size(); i++) {
            double[] s = segments.get(i);
            segs.add(new StreetGraphBuilder.Seg(s[0], s[1], s[2], s[3], names.street(0, i)));
        }
        StreetGraphBuilder.Graph g = StreetGraphBuilder.build(segs, extent);
        return assemble(name, frame, style, g, names, fixed, new SplittableRandom(seed));
    }

    /** Drops a share of the edges whose ends keep at least three streets, for layouts where streets break off. */
    private static StreetGraphBuilder.Graph breakOff(StreetGraphBuilder.Graph g, SplittableRandom random, double share) {
        int[] degree = new int[g.nodes().size()];
        for (int[] e : g.edges()) {
            degree[e[0]]++;
            degree[e[1]]++;
        }
        List<int[]> edges = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < g.edges().size(); i++) {
            int[] e = g.edges().get(i);
            if (random.nextDouble() < share && degree[e[0]] > 3 && degree[e[1]] > 3) {
                degree[e[0]]--;
                degree[e[1]]--;
                continue;
            }
            edges.add(e);
            names.add(g.names().get(i));
        }
        return new StreetGraphBuilder.Graph(g.nodes(), edges, names);
    }

    private static CityModel assemble(String name, LocalFrame frame, CityStyle style, StreetGraphBuilder.Graph g,
            CityNames names, List<FixedPlace> fixed, SplittableRandom random) {
        List<Intersection> nodes = new ArrayList<>();
        for (int i = 0; i < g.nodes().size(); i++) {
            nodes.add(new Intersection(i, g.nodes().get(i)[0], g.nodes().get(i)[1]));
        }
        List<Street> streets = new ArrayList<>();
        for (int i = 0; i < g.edges().size(); i++) {
            int[] e = g.edges().get(i);
            double w = style.streetWidth() * (0.8 + 0.4 * random.nextDouble());
            streets.add(new Street(i, e[0], e[1], g.names().get(i), w));
        }
        List<List<Integer>> incident = new ArrayList<>();
        nodes.forEach(n -> incident.add(new ArrayList<>()));
        for (Street s : streets) {
            incident.get(s.from()).add(s.id());
            incident.get(s.to()).add(s.id());
        }
        List<Facade> facades = new ArrayList<>();
        List<double[]> facadeTrims = new ArrayList<>();
        for (Street s : streets) {
            Intersection a = nodes.get(s.from());
            Intersection b = nodes.get(s.to());
            double len = Math.hypot(b.x() - a.x(), b.y() - a.y());
            double dx = (b.x() - a.x()) / len;
            double dy = (b.y() - a.y()) / len;
            double ta = trim(s, a.id(), dx, dy, streets, incident, nodes, style);
            double tb = trim(s, b.id(), -dx, -dy, streets, incident, nodes, style);
            if (len - ta - tb < 4) {
                continue;
            }
            for (Side side : Side.values()) {
                double off = (s.width() / 2 + style.sidewalkWidth()) * side.sign();
                double nx = -dy * off;
                double ny = dx * off;
                double x0 = a.x() + dx * ta + nx;
                double y0 = a.y() + dy * ta + ny;
                double x1 = b.x() - dx * tb + nx;
                double y1 = b.y() - dy * tb + ny;
                facades.add(new Facade(s.id(), side, x0, y0, x1, y1, buildings(len - ta - tb, style, random)));
                facadeTrims.add(new double[] {ta});
            }
        }
        List<Place> places = new ArrayList<>();
        // fixed places first, into the building nearest to them
        for (FixedPlace f : fixed) {
            int best = -1;
            double bestD = Double.MAX_VALUE;
            double bestU = 0;
            for (int i = 0; i < facades.size(); i++) {
                Facade fa = facades.get(i);
                double[] pu = project(fa, f.x(), f.y());
                if (pu[1] < bestD) {
                    bestD = pu[1];
                    best = i;
                    bestU = pu[0];
                }
            }
            if (best < 0) {
                continue;
            }
            Facade fa = facades.get(best);
            Building b = fa.buildingAt(Math.max(0, Math.min(fa.length() - 1e-6, bestU)));
            if (b == null || b.place() >= 0) {
                continue;
            }
            facades.set(best, withPlace(fa, b, places.size()));
            places.add(place(f.name(), "landmark", fa, facadeTrims.get(best)[0], (b.start() + b.end()) / 2, streets, nodes,
                    f.x(), f.y()));
        }
        List<String[]> pool = new ArrayList<>(names.placePool());
        java.util.Set<String> used = new java.util.HashSet<>(fixed.stream().map(FixedPlace::name).toList());
        pool.removeIf(p -> used.contains(p[0]));
        shuffle(pool, random);
        List<int[]> slots = new ArrayList<>();
        for (int i = 0; i < facades.size(); i++) {
            for (int j = 0; j < facades.get(i).buildings().size(); j++) {
                if (facades.get(i).buildings().get(j).place() < 0 && facades.get(i).buildings().get(j).width() >= 5) {
                    slots.add(new int[] {i, j});
                }
            }
        }
        shuffle(slots, random);
        int count = Math.min(pool.size(), (int) Math.round(slots.size() * style.shopShare()));
        for (int k = 0; k < count; k++) {
            int[] slot = slots.get(k);
            Facade fa = facades.get(slot[0]);
            Building b = fa.buildings().get(slot[1]);
            facades.set(slot[0], withPlace(fa, b, places.size()));
            places.add(place(pool.get(k)[0], pool.get(k)[1], fa, facadeTrims.get(slot[0])[0], (b.start() + b.end()) / 2,
                    streets, nodes, Double.NaN, Double.NaN));
        }
        return new CityModel(name, frame, style, nodes, streets, facades, places);
    }

    private static Place place(String name, String kind, Facade fa, double trimA, double u, List<Street> streets,
            List<Intersection> nodes, double px, double py) {
        Street s = streets.get(fa.street());
        Intersection a = nodes.get(s.from());
        double len = fa.length();
        double fx = (fa.x1() - fa.x0()) / len;
        double fy = (fa.y1() - fa.y0()) / len;
        double position = trimA + u;
        double sx = a.x() + fx * position;
        double sy = a.y() + fy * position;
        double out = fa.side().sign();
        double nx = -fy * out;
        double ny = fx * out;
        double x = Double.isNaN(px) ? fa.x0() + fx * u + nx * PLACE_DEPTH : px;
        double y = Double.isNaN(py) ? fa.y0() + fy * u + ny * PLACE_DEPTH : py;
        return new Place(name, kind, s.id(), fa.side(), position, x, y, sx, sy);
    }

    private static Facade withPlace(Facade fa, Building b, int index) {
        List<Building> bs = new ArrayList<>(fa.buildings());
        bs.set(bs.indexOf(b), b.withPlace(index));
        return new Facade(fa.street(), fa.side(), fa.x0(), fa.y0(), fa.x1(), fa.y1(), bs);
    }

    /** {u along the façade, distance} of the point nearest to (x, y) on the façade. */
    static double[] project(Facade f, double x, double y) {
        double len = f.length();
        double fx = (f.x1() - f.x0()) / len;
        double fy = (f.y1() - f.y0()) / len;
        double u = Math.max(0, Math.min(len, (x - f.x0()) * fx + (y - f.y0()) * fy));
        return new double[] {u, Math.hypot(f.x0() + fx * u - x, f.y0() + fy * u - y)};
    }

    /** How far the façades of {@code s} stay back from node {@code node}, so a cross street shows as a gap. */
    private static double trim(Street s, int node, double dx, double dy, List<Street> streets,
            List<List<Integer>> incident, List<Intersection> nodes, CityStyle style) {
        double t = 0;
        Intersection n = nodes.get(node);
        for (int o : incident.get(node)) {
            if (o == s.id()) {
                continue;
            }
            Street other = streets.get(o);
            Intersection m = nodes.get(other.other(node));
            double ol = Math.hypot(m.x() - n.x(), m.y() - n.y());
            double sin = Math.abs(dx * (m.y() - n.y()) / ol - dy * (m.x() - n.x()) / ol);
            double cos = dx * (m.x() - n.x()) / ol + dy * (m.y() - n.y()) / ol;
            if (sin < 0.26 && cos < 0) {
                // the street's own continuation does not cross its façades
                continue;
            }
            double need = (other.width() / 2 + style.sidewalkWidth()) / Math.max(sin, 0.35) + 1.0;
            t = Math.max(t, need);
        }
        return t;
    }

    private static List<Building> buildings(double length, CityStyle style, SplittableRandom random) {
        List<Building> out = new ArrayList<>();
        double u = 0;
        while (length - u > 1) {
            double w = style.minWidth() + random.nextDouble() * (style.maxWidth() - style.minWidth());
            if (length - (u + w) < style.minWidth()) {
                w = length - u;
            }
            int floors = style.minFloors() + random.nextInt(style.maxFloors() - style.minFloors() + 1);
            double h = floors * style.floorHeight() + 0.3 + random.nextDouble() * 0.8;
            int color = style.wall(random.nextInt(style.wallCount()));
            out.add(new Building(u, u + w, h, color, random.nextInt(4), -1));
            u += w;
        }
        return out;
    }

    private static <T> void shuffle(List<T> list, SplittableRandom random) {
        for (int i = list.size() - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            T t = list.get(i);
            list.set(i, list.get(j));
            list.set(j, t);
        }
    }
}
