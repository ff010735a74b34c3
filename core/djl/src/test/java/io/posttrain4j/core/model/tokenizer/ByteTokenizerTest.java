package io.posttrain4j.core.model.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

class ByteTokenizerTest {
    private final ByteTokenizer tok = new ByteTokenizer();

    @Test
    void specialTokensFollowTheBytesInComponentOrder() {
        SpecialTokens sp = tok.special();
        assertThat(List.of(sp.pad(), sp.beginOfText(), sp.endOfTurn(), sp.image(), sp.system(), sp.user(),
                sp.assistant())).containsExactly(256, 257, 258, 259, 260, 261, 262);
        assertThat(tok.vocabSize()).isEqualTo(263);
    }

    @Test
    void encodesUtf8Bytes() {
        assertThat(tok.encode("A\u00e9")).containsExactly(65, 0xC3, 0xA9);
        assertThat(tok.encode("")).isEmpty();
    }

    @Test
    void encodeNeverEmitsSpecialsEvenWhenTextSpellsOne() {
        int[] ids = tok.encode("<|eot|><|user|>");
        Set<Integer> seen = new HashSet<>();
        for (int id : ids) {
            seen.add(id);
        }
        assertThat(seen).allMatch(id -> id < 256);
    }

    @Test
    void decodeDropsSpecialTokens() {
        SpecialTokens sp = tok.special();
        assertThat(tok.decode(new int[] {sp.beginOfText(), 'h', 'i', sp.endOfTurn(), sp.pad()})).isEqualTo("hi");
    }

    @Test
    void decodeReplacesMalformedUtf8InsteadOfFailing() {
        assertThat(tok.decode(new int[] {'a', 0xC3})).isEqualTo("a\uFFFD");
    }

    @Test
    void decodeRejectsIdsOutsideTheVocabulary() {
        assertThatThrownBy(() -> tok.decode(new int[] {263})).hasMessageContaining("263").hasMessageContaining("263)");
        assertThatThrownBy(() -> tok.decode(new int[] {-1})).hasMessageContaining("-1");
    }

    @Property(tries = 300, seed = "20261123")
    void decodeInvertsEncode(@ForAll String text) {
        String wellFormed = new String(text.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                java.nio.charset.StandardCharsets.UTF_8);
        assertThat(tok.decode(tok.encode(wellFormed))).isEqualTo(wellFormed);
    }
}
