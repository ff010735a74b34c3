package io.posttrain4j.virl;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.posttrain4j.virl.geo.Geo;
import io.posttrain4j.virl.geo.TurnLabels;

class TurnLabelsTest {
    @Test
    void referenceLabellingDoesNotWrapSo350To10IsLeft() {
        assertThat(TurnLabels.REFERENCE.label(350, 10)).isEqualTo("left");
        assertThat(TurnLabels.REFERENCE.label(10, 350)).isEqualTo("right");
    }

    @Test
    void wrappedLabellingTakesTheShortWaySo350To10IsSlightlyRight() {
        assertThat(TurnLabels.WRAPPED.label(350, 10)).isEqualTo("slightly right");
        assertThat(TurnLabels.WRAPPED.label(10, 350)).isEqualTo("slightly left");
    }

    @Test
    void thresholdsFollowTheReference() {
        for (TurnLabels t : TurnLabels.values()) {
            assertThat(t.label(100, 54)).isEqualTo("left");
            assertThat(t.label(100, 55)).isEqualTo("slightly left");
            assertThat(t.label(100, 100)).isEqualTo("slightly left");
            assertThat(t.label(100, 101)).isEqualTo("slightly right");
            assertThat(t.label(100, 145)).isEqualTo("slightly right");
            assertThat(t.label(100, 146)).isEqualTo("right");
        }
    }

    @Test
    void compassAndRelativeBinsAreTheNearest45Degrees() {
        assertThat(Geo.compass(298)).isEqualTo("northwest");
        assertThat(Geo.compass(22.5)).isEqualTo("north");
        assertThat(Geo.compass(359)).isEqualTo("north");
        assertThat(Geo.spatialRelation(298, 290)).isEqualTo("front");
        assertThat(Geo.spatialRelation(212, 164)).isEqualTo("left front");
        assertThat(Geo.spatialRelation(0, 180)).isEqualTo("behind");
    }
}
