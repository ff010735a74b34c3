package io.posttrain4j.core.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

class ProviderRegistryTest {
    record Named(String id) {}

    @Test
    void unknownIdNamesTheKnownIdsAndTheClosestMatch() {
        ProviderRegistry<Named> r = ProviderRegistry.of(
                "environment", List.of(new Named("generalpoints"), new Named("virl")), Named::id);
        assertThatThrownBy(() -> r.get("generalpoint"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown environment 'generalpoint'; known: generalpoints, virl; did you mean generalpoints?");
    }

    @Test
    void unknownIdFarFromEveryKnownIdSuggestsNothing() {
        ProviderRegistry<Named> r = ProviderRegistry.of("environment", List.of(new Named("virl")), Named::id);
        assertThatThrownBy(() -> r.get("chess")).hasMessage("unknown environment 'chess'; known: virl");
    }

    @Test
    void duplicateIdsAreRejectedNamingBothProviders() {
        assertThatThrownBy(() -> ProviderRegistry.of("policy", List.of(new Named("a"), new Named("a")), Named::id))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("duplicate policy id 'a'");
    }

    public static final class Good implements Supplier<String> {
        @Override
        public String get() {
            return "good";
        }
    }

    public static final class Broken implements Supplier<String> {
        public Broken() {
            throw new IllegalStateException("boom");
        }

        @Override
        public String get() {
            return "broken";
        }
    }

    @Test
    @SuppressWarnings({"unchecked", "rawtypes"})
    void aBrokenProviderIsSkippedAndReportedWithoutHidingTheOthers() {
        String key = "posttrain4j.providers.supplier";
        System.setProperty(key, Broken.class.getName() + "," + Good.class.getName());
        try {
            ProviderRegistry<Supplier> r = ProviderRegistry.load(
                    "supplier", Supplier.class, s -> (String) s.get(), getClass().getClassLoader());
            assertThat(r.ids()).containsExactly("good");
            assertThat(r.failures()).singleElement().asString().contains(Broken.class.getName());
        } finally {
            System.clearProperty(key);
        }
    }

    @Test
    void editDistanceCountsInsertionsDeletionsAndSubstitutions() {
        assertThat(Names.editDistance("kitten", "sitting")).isEqualTo(3);
        assertThat(Names.editDistance("", "abc")).isEqualTo(3);
        assertThat(Names.editDistance("same", "same")).isZero();
    }
}
