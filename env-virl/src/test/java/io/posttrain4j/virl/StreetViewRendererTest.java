package io.posttrain4j.virl;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.posttrain4j.core.image.RgbImage;
import io.posttrain4j.virl.render.ImageSize;
import io.posttrain4j.virl.render.StreetViewRenderer;
import io.posttrain4j.virl.world.CityCatalog;
import io.posttrain4j.virl.world.CityModel;
import io.posttrain4j.virl.world.Intersection;
import io.posttrain4j.virl.world.Place;
import io.posttrain4j.virl.world.Street;

class StreetViewRendererTest {
    @Test
    void gridHasBlackSeparatorsAndTheConfiguredSize() {
        StreetViewRenderer r = new StreetViewRenderer(CityCatalog.city("nyc-train"));
        RgbImage img = r.grid(0, 0, 30, new ImageSize(100, 5));
        assertThat(img.width()).isEqualTo(205);
        for (int i = 0; i < 205; i++) {
            for (int s = 100; s < 105; s++) {
                assertThat(img.rgb(s, i)).isZero();
                assertThat(img.rgb(i, s)).isZero();
            }
        }
        RgbImage small = r.grid(0, 0, 30, ImageSize.SMALL);
        assertThat(small.width()).isEqualTo(128);
        assertThat(ImageSize.REFERENCE.total()).isEqualTo(2405);
    }

    @Test
    void renderingIsDeterministic() {
        CityModel c = CityCatalog.city("london");
        assertThat(new StreetViewRenderer(c).view(3, 4, 77, 64)).isEqualTo(new StreetViewRenderer(c).view(3, 4, 77, 64));
    }

    @Test
    void aPlaceAcrossTheStreetShowsItsSignBoardWithLettering() {
        CityModel c = CityCatalog.city("milan");
        Place p = c.places().stream().filter(x -> !x.kind().equals("sight")).findFirst().orElseThrow();
        Street s = c.streets().get(p.street());
        // stand on the far side of the carriageway and look square at the place's building
        double toX = p.x() - p.streetX();
        double toY = p.y() - p.streetY();
        double len = Math.hypot(toX, toY);
        double camX = p.streetX() - toX / len * (s.width() / 2 - 1);
        double camY = p.streetY() - toY / len * (s.width() / 2 - 1);
        double heading = CityModel.compassHeading(toX, toY);
        StreetViewRenderer r = new StreetViewRenderer(c);
        RgbImage view = r.view(camX, camY, heading, 256);
        int signColor = c.style().sign(c.places().indexOf(p) * 7 + buildingVariant(c, p));
        int board = 0;
        int letters = 0;
        for (int y = 0; y < 256; y++) {
            for (int x = 64; x < 192; x++) {
                int px = view.rgb(x, y);
                if (close(px, signColor, 40)) {
                    board++;
                } else if (close(px, c.style().signText(), 60)) {
                    letters++;
                }
            }
        }
        assertThat(board).as("sign board pixels").isGreaterThan(300);
        assertThat(letters).as("lettering pixels").isGreaterThan(50);
    }

    @Test
    void citiesLookDifferent() {
        double[] nyc = mean(new StreetViewRenderer(CityCatalog.city("nyc-train")).grid(0, 0, 0, ImageSize.SMALL));
        for (String name : CityCatalog.vlnMini()) {
            CityModel c = CityCatalog.city(name);
            Intersection i = c.intersections().get(c.intersections().size() / 2);
            double[] m = mean(new StreetViewRenderer(c).grid(i.x(), i.y(), 0, ImageSize.SMALL));
            double d = Math.abs(m[0] - nyc[0]) + Math.abs(m[1] - nyc[1]) + Math.abs(m[2] - nyc[2]);
            assertThat(d).as(name).isGreaterThan(6);
        }
    }

    @Test
    void anIntersectionShowsTheCrossStreetAsAGapWithAsphalt() {
        CityModel c = CityCatalog.city("melbourne");
        Intersection node = c.intersections().stream().filter(n -> c.degree(n.id()) == 4).findFirst().orElseThrow();
        int e = c.incident(node.id()).get(0);
        Street s = c.streets().get(e);
        Intersection far = c.intersections().get(s.other(node.id()));
        // stand 25 m before the crossing, look along the street: the crossing's asphalt shows at mid height
        double dx = node.x() - far.x();
        double dy = node.y() - far.y();
        double len = Math.hypot(dx, dy);
        double camX = node.x() - dx / len * 25;
        double camY = node.y() - dy / len * 25;
        RgbImage view = new StreetViewRenderer(c).view(camX, camY, CityModel.compassHeading(dx, dy), 128);
        int asphaltSideways = 0;
        int row = 64 + (int) Math.round(64 * 2.5 / 25) - 1;
        for (int x = 0; x < 128; x++) {
            if (close(view.rgb(x, row), c.style().asphalt(), 45)) {
                asphaltSideways++;
            }
        }
        // without a crossing, asphalt at that depth would only span the carriageway (about a third of the row)
        assertThat(asphaltSideways).isGreaterThan(80);
    }

    private static int buildingVariant(CityModel c, Place p) {
        int index = c.places().indexOf(p);
        return c.facades().stream().flatMap(f -> f.buildings().stream()).filter(b -> b.place() == index).findFirst()
                .orElseThrow().variant();
    }

    private static boolean close(int a, int b, int tol) {
        return Math.abs(((a >> 16) & 255) - ((b >> 16) & 255)) + Math.abs(((a >> 8) & 255) - ((b >> 8) & 255))
                + Math.abs((a & 255) - (b & 255)) <= tol;
    }

    private static double[] mean(RgbImage img) {
        double[] m = new double[3];
        for (int y = 0; y < img.height(); y++) {
            for (int x = 0; x < img.width(); x++) {
                int p = img.rgb(x, y);
                m[0] += (p >> 16) & 255;
                m[1] += (p >> 8) & 255;
                m[2] += p & 255;
            }
        }
        int n = img.width() * img.height();
        return new double[] {m[0] / n, m[1] / n, m[2] / n};
    }
}
