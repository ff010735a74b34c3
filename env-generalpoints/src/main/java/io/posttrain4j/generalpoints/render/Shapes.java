package io.posttrain4j.generalpoints.render;

import java.awt.Shape;
import java.awt.geom.AffineTransform;
import java.awt.geom.Area;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;

import io.posttrain4j.generalpoints.game.Suit;

/**
 * Suit symbols as filled outlines and rank characters as stroked outlines, all drawn from geometry rather than
 * fonts, so a card renders to the same pixels on any machine (headless servers often have no fonts at all).
 *
 * <p>Suits live in the unit square (y down); glyphs are 1 unit high and {@link #glyphWidth} wide.
 */
final class Shapes {
    private static final double GLYPH_GAP = 0.14;

    private Shapes() {}

    /** The suit symbol filling the unit square. */
    static Shape suit(Suit suit) {
        return switch (suit) {
            case HEARTS -> heart();
            case DIAMONDS -> diamond();
            case SPADES -> spade();
            case CLUBS -> club();
        };
    }

    private static Shape heart() {
        Path2D p = new Path2D.Double();
        p.moveTo(0.5, 1.0);
        p.curveTo(0.12, 0.7, -0.04, 0.44, 0.04, 0.24);
        p.curveTo(0.13, 0.0, 0.43, -0.03, 0.5, 0.22);
        p.curveTo(0.57, -0.03, 0.87, 0.0, 0.96, 0.24);
        p.curveTo(1.04, 0.44, 0.88, 0.7, 0.5, 1.0);
        p.closePath();
        return p;
    }

    private static Shape diamond() {
        Path2D p = new Path2D.Double();
        p.moveTo(0.5, 0.0);
        p.quadTo(0.68, 0.28, 0.86, 0.5);
        p.quadTo(0.68, 0.72, 0.5, 1.0);
        p.quadTo(0.32, 0.72, 0.14, 0.5);
        p.quadTo(0.32, 0.28, 0.5, 0.0);
        p.closePath();
        return p;
    }

    private static Shape spade() {
        Path2D p = new Path2D.Double();
        p.moveTo(0.5, 0.0);
        p.curveTo(0.12, 0.3, -0.04, 0.5, 0.05, 0.66);
        p.curveTo(0.14, 0.84, 0.42, 0.86, 0.48, 0.68);
        p.quadTo(0.47, 0.9, 0.3, 1.0);
        p.lineTo(0.7, 1.0);
        p.quadTo(0.53, 0.9, 0.52, 0.68);
        p.curveTo(0.58, 0.86, 0.86, 0.84, 0.95, 0.66);
        p.curveTo(1.04, 0.5, 0.88, 0.3, 0.5, 0.0);
        p.closePath();
        return p;
    }

    private static Shape club() {
        Area a = new Area(new Ellipse2D.Double(0.28, 0.0, 0.44, 0.44));
        a.add(new Area(new Ellipse2D.Double(0.02, 0.36, 0.44, 0.44)));
        a.add(new Area(new Ellipse2D.Double(0.54, 0.36, 0.44, 0.44)));
        a.add(new Area(new Ellipse2D.Double(0.36, 0.34, 0.28, 0.28)));
        Path2D stem = new Path2D.Double();
        stem.moveTo(0.47, 0.5);
        stem.quadTo(0.46, 0.88, 0.3, 1.0);
        stem.lineTo(0.7, 1.0);
        stem.quadTo(0.54, 0.88, 0.53, 0.5);
        stem.closePath();
        a.add(new Area(stem));
        return a;
    }

    /** Width of a character in glyph units (height 1). */
    static double glyphWidth(char c) {
        return c == '1' ? 0.36 : 0.6;
    }

    /** Width of a whole rank text such as {@code 10}. */
    static double textWidth(String text) {
        double w = 0;
        for (int i = 0; i < text.length(); i++) {
            w += glyphWidth(text.charAt(i)) + (i > 0 ? GLYPH_GAP : 0);
        }
        return w;
    }

    /** The centre lines of {@code text} (A, 2..10, J, Q, K), 1 unit high, starting at x = 0; to be stroked. */
    static Shape text(String text) {
        Path2D all = new Path2D.Double();
        double x = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            all.append(AffineTransform.getTranslateInstance(x, 0).createTransformedShape(glyph(c)), false);
            x += glyphWidth(c) + GLYPH_GAP;
        }
        return all;
    }

    private static Shape glyph(char c) {
        Path2D p = new Path2D.Double();
        switch (c) {
            case 'A' -> {
                p.moveTo(0.0, 1.0);
                p.lineTo(0.3, 0.0);
                p.lineTo(0.6, 1.0);
                p.moveTo(0.1, 0.67);
                p.lineTo(0.5, 0.67);
            }
            case '1' -> {
                p.moveTo(0.02, 0.2);
                p.lineTo(0.26, 0.0);
                p.lineTo(0.26, 1.0);
            }
            case '2' -> {
                p.moveTo(0.03, 0.22);
                p.curveTo(0.06, -0.06, 0.58, -0.06, 0.57, 0.26);
                p.curveTo(0.56, 0.46, 0.22, 0.66, 0.02, 1.0);
                p.lineTo(0.6, 1.0);
            }
            case '3' -> {
                p.moveTo(0.03, 0.14);
                p.curveTo(0.18, -0.05, 0.6, -0.03, 0.56, 0.24);
                p.curveTo(0.54, 0.42, 0.36, 0.47, 0.22, 0.47);
                p.curveTo(0.48, 0.47, 0.62, 0.58, 0.59, 0.76);
                p.curveTo(0.55, 1.05, 0.12, 1.05, 0.02, 0.86);
            }
            case '4' -> {
                p.moveTo(0.46, 1.0);
                p.lineTo(0.46, 0.0);
                p.lineTo(0.0, 0.7);
                p.lineTo(0.6, 0.7);
            }
            case '5' -> {
                p.moveTo(0.56, 0.0);
                p.lineTo(0.12, 0.0);
                p.lineTo(0.07, 0.44);
                p.curveTo(0.3, 0.32, 0.61, 0.38, 0.59, 0.7);
                p.curveTo(0.57, 1.05, 0.12, 1.05, 0.02, 0.87);
            }
            case '6' -> {
                p.moveTo(0.53, 0.06);
                p.curveTo(0.2, -0.04, 0.02, 0.25, 0.04, 0.68);
                p.append(new Ellipse2D.Double(0.04, 0.4, 0.54, 0.6), false);
            }
            case '7' -> {
                p.moveTo(0.0, 0.0);
                p.lineTo(0.6, 0.0);
                p.lineTo(0.2, 1.0);
            }
            case '8' -> {
                p.append(new Ellipse2D.Double(0.07, 0.0, 0.46, 0.45), false);
                p.append(new Ellipse2D.Double(0.02, 0.45, 0.56, 0.55), false);
            }
            case '9' -> {
                p.append(new Ellipse2D.Double(0.02, 0.0, 0.54, 0.6), false);
                p.moveTo(0.56, 0.3);
                p.curveTo(0.6, 0.76, 0.4, 1.04, 0.07, 0.95);
            }
            case '0' -> p.append(new Ellipse2D.Double(0.02, 0.0, 0.56, 1.0), false);
            case 'J' -> {
                p.moveTo(0.2, 0.0);
                p.lineTo(0.58, 0.0);
                p.moveTo(0.46, 0.0);
                p.lineTo(0.46, 0.72);
                p.curveTo(0.46, 1.04, 0.04, 1.06, 0.02, 0.74);
            }
            case 'Q' -> {
                p.append(new Ellipse2D.Double(0.0, 0.0, 0.6, 0.94), false);
                p.moveTo(0.34, 0.7);
                p.lineTo(0.62, 1.02);
            }
            case 'K' -> {
                p.moveTo(0.05, 0.0);
                p.lineTo(0.05, 1.0);
                p.moveTo(0.58, 0.0);
                p.lineTo(0.05, 0.62);
                p.moveTo(0.24, 0.4);
                p.lineTo(0.6, 1.0);
            }
            default -> throw new IllegalArgumentException("no glyph for '" + c + "'; known: A, 0-9, J, Q, K");
        }
        return p;
    }
}
