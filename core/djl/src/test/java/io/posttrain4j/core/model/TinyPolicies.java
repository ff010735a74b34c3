package io.posttrain4j.core.model;

import java.util.List;

import ai.djl.Device;
import io.posttrain4j.core.env.Observation;
import io.posttrain4j.core.image.RgbImage;
import io.posttrain4j.core.model.tokenizer.ByteTokenizer;
import io.posttrain4j.core.model.tokenizer.DefaultChatTemplate;

/** Tiny policies and observations for the model tests. */
final class TinyPolicies {
    private TinyPolicies() {}

    static DjlPolicy tiny(long seed) {
        ModelConfig c = ModelConfig.preset("tiny");
        return DjlPolicy.create(c, new DefaultChatTemplate(new ByteTokenizer(), c.patchCount()), seed, Device.cpu());
    }

    static RgbImage checker(int size, int a, int b) {
        int[] px = new int[size * size];
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                px[y * size + x] = ((x / 3 + y / 3) % 2 == 0) ? a : b;
            }
        }
        return RgbImage.of(size, size, px);
    }

    static List<Observation> mixed() {
        return List.of(
                Observation.of("Cards: ['Q', '3', '9', '9']"),
                Observation.of("hi"),
                Observation.of("look", List.of(checker(20, 0xFF0000, 0x00FF00))),
                Observation.of("a somewhat longer prompt than the others, to force padding"));
    }
}
