package io.posttrain4j.virl.render;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.Polygon;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

import io.posttrain4j.virl.world.Building;
import io.posttrain4j.virl.world.CityModel;
import io.posttrain4j.virl.world.CityStyle;
import io.posttrain4j.virl.world.Facade;
import io.posttrain4j.virl.world.Place;

/**
 * Paints the sign boards of a city's named places in perspective: a board in the place's colour above its shop
 * front, lettered with its name so that it reads left to right from the street, hazed with distance, hidden
 * behind nearer walls and skipped beyond 140 m or when seen from behind.
 */
final class SignPainter {
    private static final double CAMERA_HEIGHT = StreetViewRenderer.CAMERA_HEIGHT;

    private record Sign(int facade, double u, String name, int color, boolean sight) {}

    private final CityModel city;
    private final CityStyle style;
    private final List<Sign> signs;

    SignPainter(CityModel city) {
        this.city = city;
        this.style = city.style();
        List<Sign> list = new ArrayList<>();
        for (int i = 0; i < city.facades().size(); i++) {
            for (Building b : city.facades().get(i).buildings()) {
                if (b.place() >= 0) {
                    Place p = city.places().get(b.place());
                    list.add(new Sign(i, (b.start() + b.end()) / 2, p.name(), style.sign(b.place() * 7 + b.variant()),
                            p.kind().equals("sight")));
                }
            }
        }
        this.signs = List.copyOf(list);
    }

    /**
     * Paints the sign boards visible from the camera onto {@code img}; {@code depth} and {@code hitFacade} are the
     * per-column nearest wall depth and façade index, used to hide boards behind nearer walls.
     */
    void paint(BufferedImage img, double camX, double camY, double fx, double fy, double rx, double ry,
            double f, double cx, double cy, double[] depth, int[] hitFacade) {
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
            Font font = new Font(Font.SANS_SERIF, Font.BOLD, 40);
            FontMetrics fm = g.getFontMetrics(font);
            int n = img.getWidth();
            for (Sign s : signs) {
                Facade fa = city.facades().get(s.facade());
                Building b = fa.buildingAt(Math.min(s.u(), fa.length() - 1e-9));
                double len = fa.length();
                double fx0 = (fa.x1() - fa.x0()) / len;
                double fy0 = (fa.y1() - fa.y0()) / len;
                double nx = -fy0 * fa.side().sign();
                double ny = fx0 * fa.side().sign();
                double mx = fa.x0() + fx0 * s.u() - nx * 0.12;
                double my = fa.y0() + fy0 * s.u() - ny * 0.12;
                // lettering runs left to right for someone in the street facing the façade (looking along n)
                double reading = fx0 * ny - fy0 * nx >= 0 ? 1 : -1;
                double ux = fx0 * reading;
                double uy = fy0 * reading;
                double toCamX = camX - mx;
                double toCamY = camY - my;
                if (-(nx * toCamX + ny * toCamY) <= 0.5 || Math.hypot(toCamX, toCamY) > 140) {
                    continue;
                }
                double sh = s.sight() ? 1.3 : 0.95;
                double textW = fm.stringWidth(s.name()) + 24.0;
                double textH = fm.getAscent() + fm.getDescent() + 8.0;
                double sw = Math.min(b.width() * 0.9, sh * textW / textH);
                double bottom = style.floorHeight() - 0.7;
                double[][] corners = {
                    {mx - ux * sw / 2, my - uy * sw / 2, bottom + sh}, {mx + ux * sw / 2, my + uy * sw / 2, bottom + sh},
                    {mx + ux * sw / 2, my + uy * sw / 2, bottom}, {mx - ux * sw / 2, my - uy * sw / 2, bottom}};
                double[][] screen = new double[4][2];
                boolean behind = false;
                for (int i = 0; i < 4; i++) {
                    double qx = corners[i][0] - camX;
                    double qy = corners[i][1] - camY;
                    double z = qx * fx + qy * fy;
                    if (z < 0.6) {
                        behind = true;
                        break;
                    }
                    screen[i][0] = cx + f * (qx * rx + qy * ry) / z;
                    screen[i][1] = cy - f * (corners[i][2] - CAMERA_HEIGHT) / z;
                }
                if (behind) {
                    continue;
                }
                int col = (int) Math.round((screen[0][0] + screen[1][0]) / 2);
                if (col < 0 || col >= n) {
                    continue;
                }
                double zc = (mx - camX) * fx + (my - camY) * fy;
                if (hitFacade[col] != s.facade() && depth[col] < zc - 0.5) {
                    continue;
                }
                Polygon quad = new Polygon();
                for (double[] p : screen) {
                    quad.addPoint((int) Math.round(p[0]), (int) Math.round(p[1]));
                }
                double haze = 1 - Math.pow(0.5, zc / style.hazeDistance());
                g.setColor(new Color(Pixels.mix(s.color(), style.skyHorizon(), haze)));
                g.fillPolygon(quad);
                g.setColor(new Color(Pixels.mix(Pixels.scale(s.color(), 0.55), style.skyHorizon(), haze)));
                g.setStroke(new BasicStroke(Math.max(1f, (float) (f * 0.05 / zc))));
                g.drawPolygon(quad);
                double pxHeight = Math.abs(screen[3][1] - screen[0][1]);
                if (pxHeight < 5) {
                    continue;
                }
                // map the text box onto the sign: x along the top edge, y along the mean of the side edges
                double ox = screen[0][0];
                double oy = screen[0][1];
                double axx = screen[1][0] - ox;
                double axy = screen[1][1] - oy;
                double ayx = ((screen[3][0] - screen[0][0]) + (screen[2][0] - screen[1][0])) / 2;
                double ayy = ((screen[3][1] - screen[0][1]) + (screen[2][1] - screen[1][1])) / 2;
                AffineTransform saved = g.getTransform();
                AffineTransform t = new AffineTransform(axx / textW, axy / textW, ayx / textH, ayy / textH, ox, oy);
                g.transform(t);
                g.setFont(font);
                g.setColor(new Color(Pixels.mix(style.signText(), style.skyHorizon(), haze)));
                g.drawString(s.name(), 12f, 4f + fm.getAscent());
                g.setTransform(saved);
            }
        } finally {
            g.dispose();
        }
    }

}
