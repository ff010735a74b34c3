package io.posttrain4j.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.posttrain4j.core.image.RgbImage;
import io.posttrain4j.core.model.tokenizer.EncodedPrompt;

/** Where each image's encoder rows go: one run of placeholders, or several with other tokens between them. */
class SequenceBatchTest {
    private static final int P = 9; // the placeholder id

    @Test
    void anImagesRowsFillItsPlaceholdersInOrderAcrossRunsAndStopAtTheNextImage() {
        RgbImage a = RgbImage.of(1, 1, new int[] {0});
        RgbImage b = RgbImage.of(2, 1, new int[] {0, 0});
        // image a: 2 + 2 placeholders split by a row marker (5) and a newline (6); image b: one run of 3
        int[] ids = {1, 5, P, P, 6, 5, P, P, 3, P, P, P, 4};
        EncodedPrompt prompt = new EncodedPrompt(ids, List.of(a, b), new int[] {2, 9});
        SequenceBatch sb = SequenceBatch.of(List.of(prompt), null, 0, img -> img == a ? 4 : 3);
        long text = ids.length; // image rows come after the B * T text rows in the gather
        assertThat(sb.imageGather).containsExactly(0, 1, text, text + 1, 4, 5, text + 2, text + 3, 8, text + 4,
                text + 5, text + 6, 12);
        // image a claiming 5 rows would reach into image b's placeholders: refused
        assertThatThrownBy(() -> SequenceBatch.of(List.of(prompt), null, 0, img -> img == a ? 5 : 3))
                .hasMessageContaining("image 0").hasMessageContaining("before the next image");
    }
}
