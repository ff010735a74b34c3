package io.posttrain4j.virl;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.posttrain4j.core.env.Observation;
import io.posttrain4j.core.image.RgbImage;
import io.posttrain4j.virl.render.EquirectProjection;
import io.posttrain4j.virl.route.Route;
import io.posttrain4j.virl.route.RouteLoader;

class PanoramaTest {
    static final int RED = 0xff0000;
    static final int GREEN = 0x00ff00;
    static final int BLUE = 0x0000ff;
    static final int YELLOW = 0xffff00;
    static final int GREY = 0x808080;

    /**
     * A synthetic equirectangular panorama: with rotation 0 column u looks at compass heading 360 u / (W - 1), so
     * the quarter 0-90 is red, 90-180 green, 180-270 blue, 270-360 yellow; the lower half is grey ground.
     */
    static RgbImage panorama(int w, int h) {
        int[] px = new int[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double heading = 360.0 * x / (w - 1);
                int c = heading < 90 ? RED : heading < 180 ? GREEN : heading < 270 ? BLUE : YELLOW;
                px[y * w + x] = y > h / 2 + 2 ? GREY : c;
            }
        }
        return RgbImage.of(w, h, px);
    }

    @Test
    void viewCentreLooksAtItsCompassHeading() {
        RgbImage pano = panorama(720, 360);
        assertThat(centreTop(EquirectProjection.perspective(pano, 90, 45, 0, 64, 64, 0))).isEqualTo(RED);
        assertThat(centreTop(EquirectProjection.perspective(pano, 90, 135, 0, 64, 64, 0))).isEqualTo(GREEN);
        assertThat(centreTop(EquirectProjection.perspective(pano, 90, 225, 0, 64, 64, 0))).isEqualTo(BLUE);
        assertThat(centreTop(EquirectProjection.perspective(pano, 90, 315, 0, 64, 64, 0))).isEqualTo(YELLOW);
    }

    @Test
    void rotationShiftsThePanoramaAndTheGroundStaysBelowTheHorizon() {
        RgbImage pano = panorama(720, 360);
        // rotating by 90 makes the view at heading 45 read the panorama where heading 135 was
        RgbImage v = EquirectProjection.perspective(pano, 90, 45, 0, 64, 64, 90);
        assertThat(centreTop(v)).isEqualTo(GREEN);
        assertThat(v.rgb(32, 60)).isEqualTo(GREY);
        // a 90-degree view spans 90 degrees: its left and right edges see the neighbouring quarters
        RgbImage edge = EquirectProjection.perspective(pano, 90, 90, 0, 64, 64, 0);
        assertThat(edge.rgb(2, 10)).isEqualTo(RED);
        assertThat(edge.rgb(61, 10)).isEqualTo(GREEN);
    }

    @Test
    void aRouteFolderWithPanoramasCutsTheObservationFromThem(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("routes.json"), VirlGoldenTest.resource("route_infos_ny_moma.json"));
        Route route = RouteLoader.load(dir).get(0);
        Path views = Files.createDirectories(dir.resolve("street_views"));
        ImageIO.write(panorama(720, 360).toBufferedImage(), "jpg", views.resolve("pano1.jpg").toFile());
        Files.writeString(views.resolve("pano1.metadata.json"), "{\"rotation\": 0}");
        double lat = route.start().relocatedGeocode().lat();
        double lng = route.start().relocatedGeocode().lng();
        Files.writeString(views.resolve("gps_to_pano.json"),
                "[{\"geocode\": [" + lat + ", " + lng + "], \"pano_id\": \"pano1\"}]");
        // heading 90: views at -45 (yellow), 45 (red), 135 (green), 225 (blue)
        VirlEnvironment e = (VirlEnvironment) new VirlProvider().create("virl-vl",
                Map.of("routes", dir.toString(), "heading", "90", "image", "small"));
        Observation o = e.reset(1);
        RgbImage grid = o.images().get(0);
        assertThat(near(grid.rgb(31, 8), YELLOW)).isTrue();
        assertThat(near(grid.rgb(65 + 31, 8), RED)).isTrue();
        assertThat(near(grid.rgb(31, 65 + 8), GREEN)).isTrue();
        assertThat(near(grid.rgb(65 + 31, 65 + 8), BLUE)).isTrue();
        assertThat(grid.rgb(63, 40)).isZero();
    }

    private static int centreTop(RgbImage v) {
        return v.rgb(v.width() / 2, v.height() / 6);
    }

    private static boolean near(int a, int b) {
        return Math.abs(((a >> 16) & 255) - ((b >> 16) & 255)) + Math.abs(((a >> 8) & 255) - ((b >> 8) & 255))
                + Math.abs((a & 255) - (b & 255)) < 90;
    }
}
