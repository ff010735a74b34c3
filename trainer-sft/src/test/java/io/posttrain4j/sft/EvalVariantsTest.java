package io.posttrain4j.sft;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.posttrain4j.core.env.Environments;
import io.posttrain4j.sft.testing.ToyProvider;

class EvalVariantsTest {
    private final Environments environments = Environments.of(List.of(new ToyProvider()));

    @Test
    void theFamilyOfAVariantIsItsInDistributionVariantThenItsOodVariants() {
        assertThat(EvalVariants.family(environments, "toy-ood")).containsExactly("toy/toy-id", "toy/toy-ood");
        assertThat(EvalVariants.family(environments, "toy")).containsExactly("toy/toy-id", "toy/toy-ood");
        assertThat(EvalVariants.family(environments, "toy/toy-other")).containsExactly("toy/toy-other");
    }
}
