package io.posttrain4j.generalpoints.render;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.geom.AffineTransform;
import java.awt.geom.Rectangle2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Objects;

import io.posttrain4j.core.image.RgbImage;
import io.posttrain4j.generalpoints.game.Card;

/**
 * Draws a hand of four playing cards on a casino-green canvas with Java2D, headless and without fonts.
 *
 * <p>Each card is a white rounded rectangle with the rank and suit in the top-left corner and, turned round, in
 * the bottom-right corner; A..10 carry suit pips in the standard layouts (pips in the lower half upside down),
 * J, Q and K a framed court design with the large letter and suit mirrored about the middle. Hearts and diamonds
 * are red, spades and clubs black; court frames use gold and blue, never red, so a black card holds no red
 * pixel. Small cards (under 100 px wide) show one large rank index and one suit symbol instead, to stay legible.
 *
 * <p>Rendering is deterministic: the same hand and size give the same pixels. Thread-safe (no shared state).
 */
public final class CardRenderer {
    /** The reference's canvas colour, #35654d. */
    public static final int BACKGROUND = 0x35654d;
    /** The red of hearts and diamonds. */
    public static final Color RED = new Color(200, 16, 46);
    /** The black of spades and clubs. */
    public static final Color BLACK = new Color(20, 20, 20);
    private static final Color BORDER = new Color(170, 170, 170);
    private static final Color GOLD = new Color(244, 214, 120);
    private static final Color BLUE = new Color(32, 58, 140);

    private CardRenderer() {}

    /** The image of {@code hand} (4 cards, in dealt order from left to right) at {@code size}. */
    public static RgbImage render(List<Card> hand, ImageSize size) {
        Objects.requireNonNull(size, "size");
        if (hand == null || hand.size() != 4) {
            throw new IllegalArgumentException("a hand image needs exactly 4 cards, got " + hand);
        }
        BufferedImage img = new BufferedImage(size.width(), size.height(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            g.setColor(new Color(BACKGROUND));
            g.fillRect(0, 0, size.width(), size.height());
            for (int i = 0; i < 4; i++) {
                AffineTransform saved = g.getTransform();
                g.translate(size.cardX(i), size.cardY());
                drawCard(g, hand.get(i), size.cardWidth(), size.cardHeight());
                g.setTransform(saved);
            }
        } finally {
            g.dispose();
        }
        return RgbImage.of(img);
    }

    private static void drawCard(Graphics2D g, Card card, double w, double h) {
        double arc = Math.max(4, w * 0.1);
        Shape outline = new RoundRectangle2D.Double(0.5, 0.5, w - 1, h - 1, arc, arc);
        g.setColor(Color.WHITE);
        g.fill(outline);
        g.setColor(BORDER);
        g.setStroke(new BasicStroke((float) Math.max(1, w / 200)));
        g.draw(outline);
        Color ink = card.suit().red() ? RED : BLACK;
        if (w < 100) {
            drawSmallFace(g, card, ink, w, h);
            return;
        }
        drawIndex(g, card, ink, w, h);
        AffineTransform saved = g.getTransform();
        g.rotate(Math.PI, w / 2, h / 2);
        drawIndex(g, card, ink, w, h);
        g.setTransform(saved);
        if (card.isFace()) {
            drawCourt(g, card, ink, w, h);
        } else {
            drawPips(g, card, ink, w, h);
        }
    }

    /** Rank and a small suit in the top-left corner. */
    private static void drawIndex(Graphics2D g, Card card, Color ink, double w, double h) {
        double textH = h * 0.1;
        double textW = Shapes.textWidth(card.name()) * textH;
        double cx = w * 0.1;
        drawText(g, card.name(), ink, cx - textW / 2, h * 0.045, textH, textH * 0.14);
        double s = w * 0.1;
        fill(g, Shapes.suit(card.suit()), ink, cx - s / 2, h * 0.045 + textH * 1.25, s);
    }

    private static void drawPips(Graphics2D g, Card card, Color ink, double w, double h) {
        if (card.rank() == 1) {
            double s = w * 0.4;
            fill(g, Shapes.suit(card.suit()), ink, w / 2 - s / 2, h / 2 - s / 2, s);
            return;
        }
        double pip = w * 0.19;
        double left = w * 0.31;
        double right = w * 0.69;
        double top = h * 0.17;
        double bottom = h * 0.83;
        for (double[] p : PipLayouts.of(card.rank())) {
            double cx = left + p[0] * (right - left);
            double cy = top + p[1] * (bottom - top);
            AffineTransform saved = g.getTransform();
            if (p[1] > 0.5) {
                g.rotate(Math.PI, cx, cy);
            }
            fill(g, Shapes.suit(card.suit()), ink, cx - pip / 2, cy - pip / 2, pip);
            g.setTransform(saved);
        }
    }

    /** A framed court card: gold panel, blue inner border, letter and suit mirrored about the middle. */
    private static void drawCourt(Graphics2D g, Card card, Color ink, double w, double h) {
        Rectangle2D frame = new Rectangle2D.Double(w * 0.2, h * 0.1, w * 0.6, h * 0.8);
        g.setColor(GOLD);
        g.fill(frame);
        g.setColor(BLUE);
        g.setStroke(new BasicStroke((float) (w * 0.012)));
        g.draw(new Rectangle2D.Double(w * 0.23, h * 0.12, w * 0.54, h * 0.76));
        g.setColor(ink);
        g.setStroke(new BasicStroke((float) (w * 0.01)));
        g.draw(frame);
        g.draw(new java.awt.geom.Line2D.Double(w * 0.23, h * 0.5, w * 0.77, h * 0.5));
        for (int half = 0; half < 2; half++) {
            AffineTransform saved = g.getTransform();
            if (half == 1) {
                g.rotate(Math.PI, w / 2, h / 2);
            }
            double textH = h * 0.2;
            double textW = Shapes.textWidth(card.name()) * textH;
            g.setColor(Color.WHITE);
            g.fill(new Rectangle2D.Double(w / 2 - textW / 2 - w * 0.06, h * 0.19, textW + w * 0.12, textH + h * 0.05));
            drawText(g, card.name(), ink, w / 2 - textW / 2, h * 0.215, textH, textH * 0.12);
            double s = w * 0.13;
            fill(g, Shapes.suit(card.suit()), ink, w * 0.27, h * 0.14, s);
            fill(g, Shapes.suit(card.suit()), ink, w * 0.73 - s, h * 0.14, s);
            g.setTransform(saved);
        }
    }

    /** Small cards: one large rank index on top and one suit symbol below it, both centred. */
    private static void drawSmallFace(Graphics2D g, Card card, Color ink, double w, double h) {
        double textH = h * 0.42;
        double textW = Shapes.textWidth(card.name()) * textH;
        double scale = textW > w * 0.8 ? w * 0.8 / textW : 1;
        textH *= scale;
        textW *= scale;
        drawText(g, card.name(), ink, w / 2 - textW / 2, h * 0.08, textH, Math.max(1.6, textH * 0.16));
        double s = h * 0.32;
        fill(g, Shapes.suit(card.suit()), ink, w / 2 - s / 2, h * 0.6, s);
    }

    private static void drawText(Graphics2D g, String text, Color ink, double x, double y, double height,
            double stroke) {
        AffineTransform at = new AffineTransform(height, 0, 0, height, x, y);
        g.setColor(ink);
        g.setStroke(new BasicStroke((float) stroke, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.draw(at.createTransformedShape(Shapes.text(text)));
    }

    private static void fill(Graphics2D g, Shape unit, Color ink, double x, double y, double size) {
        g.setColor(ink);
        g.fill(new AffineTransform(size, 0, 0, size, x, y).createTransformedShape(unit));
    }
}
