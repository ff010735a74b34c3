package io.posttrain4j.virl.bench;

import java.util.Map;

import io.posttrain4j.core.env.Step;
import io.posttrain4j.virl.VirlEnvironment;
import io.posttrain4j.virl.VirlProvider;
import io.posttrain4j.virl.render.ImageSize;
import io.posttrain4j.virl.render.StreetViewRenderer;
import io.posttrain4j.virl.world.CityCatalog;
import io.posttrain4j.virl.world.CityModel;
import io.posttrain4j.virl.world.Intersection;

/**
 * Throughput of the V-IRL module on one thread: expert episodes per second of the text environment (reference and
 * compact prompts; route sampling, rail, prompts and verifier included) and rendered views per second at the small
 * (63 px) and reference (1200 px) sizes, with full 2x2 grids. Ratios are taken against the reference-prompt text
 * episode rate and the small view rate of the same run.
 *
 * <p>Run: {@code mvn -B -o -q -pl env-virl exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=io.posttrain4j.virl.bench.VirlBench
 * -Dexec.args="5"} (seconds per measurement, default 5).
 */
public final class VirlBench {
    private VirlBench() {}

    public static void main(String[] args) {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 5;
        double ref = episodes("reference", seconds);
        double compact = episodes("compact", seconds);
        System.out.printf("text env, expert episodes/s: reference prompts %.1f, compact prompts %.1f (x%.2f)%n", ref,
                compact, compact / ref);
        CityModel city = CityCatalog.city(CityCatalog.TRAINING);
        StreetViewRenderer r = new StreetViewRenderer(city);
        double small = views(r, city, ImageSize.SMALL.view(), seconds);
        double medium = views(r, city, 256, seconds);
        double reference = views(r, city, ImageSize.REFERENCE.view(), seconds);
        System.out.printf("views/s: small %dpx %.1f, %dpx %.1f (x%.3f), reference %dpx %.2f (x%.3f)%n",
                ImageSize.SMALL.view(), small, 256, medium, medium / small, ImageSize.REFERENCE.view(), reference,
                reference / small);
        System.out.printf("observation grids/s: small %.1f, reference %.2f%n", small / 4, reference / 4);
    }

    private static double episodes(String prompt, double seconds) {
        VirlEnvironment e = (VirlEnvironment) new VirlProvider().create("virl-l", Map.of("prompt", prompt));
        long seed = 0;
        // warm-up
        for (; seed < 50; seed++) {
            run(e, seed);
        }
        long start = System.nanoTime();
        long deadline = start + (long) (seconds * 1e9);
        int n = 0;
        while (System.nanoTime() < deadline) {
            run(e, seed++);
            n++;
        }
        return n / ((System.nanoTime() - start) / 1e9);
    }

    private static void run(VirlEnvironment e, long seed) {
        e.reset(seed);
        Step s;
        do {
            s = e.step(e.expertAnswer());
        } while (!s.done());
    }

    private static double views(StreetViewRenderer r, CityModel city, int size, double seconds) {
        int i = 0;
        for (; i < 3; i++) {
            render(r, city, i, size);
        }
        long start = System.nanoTime();
        long deadline = start + (long) (seconds * 1e9);
        int n = 0;
        while (System.nanoTime() < deadline || n < 2) {
            render(r, city, i++, size);
            n++;
        }
        return n / ((System.nanoTime() - start) / 1e9);
    }

    private static void render(StreetViewRenderer r, CityModel city, int i, int size) {
        Intersection node = city.intersections().get(Math.floorMod(i * 7, city.intersections().size()));
        r.view(node.x() + 5, node.y() + 12, (i * 37) % 360, size);
    }
}
