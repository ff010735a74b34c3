package io.posttrain4j.virl.render;

import io.posttrain4j.core.image.RgbImage;

/**
 * Cuts a perspective view out of an equirectangular panorama with the reference's conventions
 * ({@code get_perspective_from_panorama}): camera rays {@code K^-1 (x, y, 1)} (x right, y down, z forward) are
 * rotated about the vertical axis by {@code ((heading - 180) mod 360 + rotation) mod 360} degrees and then pitched,
 * and the ray's longitude {@code atan2(x, z)} and latitude {@code asin(y)} select panorama column
 * {@code (lon / 2pi + 0.5)(W - 1)} and row {@code (lat / pi + 0.5)(H - 1)}. With {@code rotation} 0 the
 * panorama's left edge looks north and its centre south; the metadata's {@code rotation} shifts that. Sampling is
 * bilinear, wrapping around horizontally (the reference uses bicubic). Stateless.
 */
public final class EquirectProjection {
    private EquirectProjection() {}

    /**
     * The perspective view.
     *
     * @param fov horizontal field of view in degrees (90 in the reference)
     * @param heading compass heading of the view centre
     * @param pitch degrees up (positive looks down in the reference's image axes; 0 in the reference)
     */
    public static RgbImage perspective(RgbImage pano, double fov, double heading, double pitch, int width, int height,
            double northRotation) {
        if (!(fov > 0 && fov < 180)) {
            throw new IllegalArgumentException("fov must be in (0, 180) degrees, got " + fov);
        }
        double h = Math.toRadians(((((heading - 180) % 360) + 360) % 360 + northRotation) % 360);
        double p = Math.toRadians(pitch);
        double f = 0.5 * width / Math.tan(Math.toRadians(fov) / 2);
        double cx = (width - 1) / 2.0;
        double cy = (height - 1) / 2.0;
        // R1: rotation about y by h; R2: rotation about R1*x by p
        double[][] r1 = rodrigues(0, 1, 0, h);
        double[] ax = {r1[0][0], r1[1][0], r1[2][0]};
        double[][] r2 = rodrigues(ax[0], ax[1], ax[2], p);
        double[][] r = multiply(r2, r1);
        int pw = pano.width();
        int ph = pano.height();
        int[] out = new int[width * height];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                double vx = (x - cx) / f;
                double vy = (y - cy) / f;
                double vz = 1;
                double wx = r[0][0] * vx + r[0][1] * vy + r[0][2] * vz;
                double wy = r[1][0] * vx + r[1][1] * vy + r[1][2] * vz;
                double wz = r[2][0] * vx + r[2][1] * vy + r[2][2] * vz;
                double norm = Math.sqrt(wx * wx + wy * wy + wz * wz);
                double lon = Math.atan2(wx / norm, wz / norm);
                double lat = Math.asin(wy / norm);
                double px = (lon / (2 * Math.PI) + 0.5) * (pw - 1);
                double py = (lat / Math.PI + 0.5) * (ph - 1);
                out[y * width + x] = sample(pano, px, py);
            }
        }
        return RgbImage.of(width, height, out);
    }

    private static int sample(RgbImage img, double x, double y) {
        int w = img.width();
        int h = img.height();
        double fy = Math.max(0, Math.min(h - 1, y));
        int y0 = (int) Math.floor(fy);
        int y1 = Math.min(h - 1, y0 + 1);
        double ty = fy - y0;
        int x0 = (int) Math.floor(x);
        double tx = x - x0;
        int xa = Math.floorMod(x0, w);
        int xb = Math.floorMod(x0 + 1, w);
        int top = Pixels.mix(img.rgb(xa, y0), img.rgb(xb, y0), tx);
        int bottom = Pixels.mix(img.rgb(xa, y1), img.rgb(xb, y1), tx);
        return Pixels.mix(top, bottom, ty);
    }

    private static double[][] rodrigues(double kx, double ky, double kz, double t) {
        double c = Math.cos(t);
        double s = Math.sin(t);
        double v = 1 - c;
        return new double[][] {
            {c + kx * kx * v, kx * ky * v - kz * s, kx * kz * v + ky * s},
            {ky * kx * v + kz * s, c + ky * ky * v, ky * kz * v - kx * s},
            {kz * kx * v - ky * s, kz * ky * v + kx * s, c + kz * kz * v}};
    }

    private static double[][] multiply(double[][] a, double[][] b) {
        double[][] m = new double[3][3];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                for (int k = 0; k < 3; k++) {
                    m[i][j] += a[i][k] * b[k][j];
                }
            }
        }
        return m;
    }
}
