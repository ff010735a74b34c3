package io.posttrain4j.generalpoints;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.posttrain4j.core.image.RgbImage;
import io.posttrain4j.generalpoints.game.Card;
import io.posttrain4j.generalpoints.game.Suit;
import io.posttrain4j.generalpoints.render.CardRenderer;
import io.posttrain4j.generalpoints.render.ImageSize;

class CardRendererTest {
    private static final List<Card> MIXED = List.of(new Card(12, Suit.HEARTS), new Card(3, Suit.SPADES),
            new Card(10, Suit.DIAMONDS), new Card(1, Suit.CLUBS));

    @Test
    void referenceGeometryPutsFourWhiteCardsOnTheGreenCanvas() {
        RgbImage img = CardRenderer.render(MIXED, ImageSize.REFERENCE);
        assertThat(img.width()).isEqualTo(1200);
        assertThat(img.height()).isEqualTo(1200);
        assertThat(img.rgb(0, 0)).isEqualTo(0x35654d);
        assertThat(img.rgb(600, 200)).isEqualTo(0x35654d);
        assertThat(img.rgb(600, 1000)).isEqualTo(0x35654d);
        assertThat(img.rgb(298, 600)).as("gap between cards").isEqualTo(0x35654d);
        int[] xs = {5, 302, 599, 896};
        for (int x : xs) {
            assertThat(img.rgb(x + 30, 411 + 189)).as("card at x=" + x).isEqualTo(0xFFFFFF);
            assertThat(img.rgb(x + 240, 411 + 200)).isEqualTo(0xFFFFFF);
            assertThat(img.rgb(x - 2, 600)).isEqualTo(0x35654d);
            assertThat(img.rgb(x + 272, 600)).isEqualTo(0x35654d);
            assertThat(img.rgb(x + 135, 409)).isEqualTo(0x35654d);
            assertThat(img.rgb(x + 135, 411 + 380)).isEqualTo(0x35654d);
        }
    }

    @Test
    void redSuitsHaveRedInkAndBlackSuitsNone() {
        for (ImageSize size : ImageSize.values()) {
            RgbImage img = CardRenderer.render(MIXED, size);
            for (int i = 0; i < 4; i++) {
                int reds = redPixels(img, size, i);
                if (MIXED.get(i).suit().red()) {
                    assertThat(reds).as(size + " card " + i).isGreaterThan(size == ImageSize.SMALL ? 20 : 500);
                } else {
                    assertThat(reds).as(size + " card " + i).isZero();
                }
            }
        }
    }

    @Test
    void everyCardOfBothColoursRendersWithInkAndDeterministically() {
        for (Suit suit : Suit.values()) {
            for (int rank = 1; rank <= 13; rank += 4) {
                List<Card> hand = List.of(new Card(rank, suit), new Card(Math.min(13, rank + 1), suit),
                        new Card(Math.min(13, rank + 2), suit), new Card(Math.min(13, rank + 3), suit));
                for (ImageSize size : ImageSize.values()) {
                    RgbImage a = CardRenderer.render(hand, size);
                    assertThat(a).isEqualTo(CardRenderer.render(hand, size));
                    int black = 0;
                    int red = 0;
                    for (int i = 0; i < 4; i++) {
                        red += redPixels(a, size, i);
                        black += darkPixels(a, size, i);
                    }
                    assertThat(suit.red() ? red : black).as(hand + " " + size).isGreaterThan(40);
                    if (!suit.red()) {
                        assertThat(red).isZero();
                    }
                }
            }
        }
    }

    @Test
    void squareCanvasesScaleTheReferenceLayoutToAVisionEncodersOwnSize() {
        for (int side : new int[] {384, 512}) {
            ImageSize size = ImageSize.of(Integer.toString(side));
            assertThat(size).isEqualTo(ImageSize.square(side));
            RgbImage img = CardRenderer.render(MIXED, size);
            assertThat(img.width()).isEqualTo(side);
            assertThat(img.height()).isEqualTo(side);
            for (int i = 0; i < 4; i++) {
                int reds = redPixels(img, size, i);
                if (MIXED.get(i).suit().red()) {
                    assertThat(reds).as(size + " card " + i).isGreaterThan(50);
                } else {
                    assertThat(reds).as(size + " card " + i).isZero();
                    assertThat(darkPixels(img, size, i)).as(size + " card " + i).isGreaterThan(50);
                }
            }
        }
        assertThat(ImageSize.of("1200")).isSameAs(ImageSize.REFERENCE);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ImageSize.of("16"))
                .hasMessageContaining("image side 16 is out of range; accepted: 32 to 4096");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ImageSize.of("big"))
                .hasMessageContaining("big").hasMessageContaining("reference, small");
    }

    @Test
    void smallImagesAreTight() {
        RgbImage img = CardRenderer.render(MIXED, ImageSize.SMALL);
        assertThat(img.width()).isEqualTo(128);
        assertThat(img.height()).isEqualTo(48);
        assertThat(img.rgb(0, 0)).isEqualTo(CardRenderer.BACKGROUND);
        assertThat(img.rgb(3, 24)).isEqualTo(0xFFFFFF);
    }

    private static int redPixels(RgbImage img, ImageSize size, int card) {
        int n = 0;
        for (int y = size.cardY(); y < size.cardY() + size.cardHeight(); y++) {
            for (int x = size.cardX(card); x < size.cardX(card) + size.cardWidth(); x++) {
                int p = img.rgb(x, y);
                int r = p >> 16 & 255;
                int g = p >> 8 & 255;
                int b = p & 255;
                if (r > 150 && g < 100 && b < 100) {
                    n++;
                }
            }
        }
        return n;
    }

    private static int darkPixels(RgbImage img, ImageSize size, int card) {
        int n = 0;
        for (int y = size.cardY(); y < size.cardY() + size.cardHeight(); y++) {
            for (int x = size.cardX(card); x < size.cardX(card) + size.cardWidth(); x++) {
                int p = img.rgb(x, y);
                if ((p >> 16 & 255) < 60 && (p >> 8 & 255) < 60 && (p & 255) < 60) {
                    n++;
                }
            }
        }
        return n;
    }
}
