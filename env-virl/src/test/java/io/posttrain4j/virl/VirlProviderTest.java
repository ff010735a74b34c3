package io.posttrain4j.virl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.posttrain4j.core.env.EnvironmentChecker;
import io.posttrain4j.core.env.EnvironmentProvider;
import io.posttrain4j.core.env.Environments;
import io.posttrain4j.core.env.Modality;
import io.posttrain4j.core.env.Variant;

class VirlProviderTest {
    private final EnvironmentProvider provider = Environments.discover().provider("virl");

    @ParameterizedTest
    @ValueSource(strings = {"virl-l", "virl-l-rule-ood"})
    void textVariantsPassTheEnvironmentChecker(String v) {
        EnvironmentChecker.check(() -> provider.create(v, Map.of())).throwIfFailed();
    }

    @ParameterizedTest
    @ValueSource(strings = {"virl-vl", "virl-vl-rule-ood", "virl-vl-visual-ood"})
    void imageVariantsPassTheEnvironmentCheckerAtTheReferenceSize(String v) {
        // two seeds: every observation is a 2405x2405 render
        EnvironmentChecker.check(() -> provider.create(v, Map.of()), 2, 200).throwIfFailed();
    }

    @Test
    void everyRegisteredVariantIsCovered() {
        assertThat(provider.variants().stream().map(Variant::name)).containsExactly("virl-l", "virl-l-rule-ood",
                "virl-vl", "virl-vl-rule-ood", "virl-vl-visual-ood");
        for (Variant v : provider.variants()) {
            Variant family = provider.variants().stream().filter(x -> x.name().equals(v.family())).findFirst().orElseThrow();
            assertThat(family.modality()).isEqualTo(v.modality());
            assertThat(family.family()).isEqualTo(family.name());
        }
        assertThat(provider.variants().stream().filter(v -> v.modality() == Modality.IMAGE)).hasSize(3);
    }

    @Test
    void badOptionsAreNamedWithWhatIsAccepted() {
        assertThatThrownBy(() -> provider.create("virl-l", Map.of("city", "paris")))
                .hasMessageContaining("unknown city 'paris'").hasMessageContaining("milan");
        assertThatThrownBy(() -> provider.create("virl-l", Map.of("dropRate", "2")))
                .hasMessageContaining("dropRate");
        assertThatThrownBy(() -> provider.create("virl-x", Map.of())).hasMessageContaining("virl-l");
        assertThatThrownBy(() -> provider.create("virl-l", Map.of("turnLabels", "wrap")))
                .hasMessageContaining("wrapped");
        assertThatThrownBy(() -> provider.create("virl-l", Map.of("routes", "/nonexistent.json")))
                .hasMessageContaining("/nonexistent.json");
    }

    @Test
    void visualOodDrawsRoutesInTheNineOtherCities() {
        VirlEnvironment e = (VirlEnvironment) provider.create("virl-vl-visual-ood", Map.of("image", "small"));
        java.util.Set<String> cities = new java.util.HashSet<>();
        for (long s = 0; s < 30; s++) {
            e.reset(s);
            cities.add(e.city());
        }
        assertThat(cities).doesNotContain("nyc-train").hasSizeGreaterThan(5);
    }
}
