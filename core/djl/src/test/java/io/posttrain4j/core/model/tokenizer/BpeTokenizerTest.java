package io.posttrain4j.core.model.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class BpeTokenizerTest {
    /** A corpus in the shape of the environments' compact prompts and answers. */
    static List<String> corpus(int size, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        String[] cards = {"A", "2", "3", "4", "5", "6", "7", "8", "9", "10", "J", "Q", "K"};
        List<String> out = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            StringBuilder sb = new StringBuilder("Cards: [");
            for (int c = 0; c < 4; c++) {
                sb.append(c == 0 ? "'" : ", '").append(cards[rng.nextInt(cards.length)]).append("'");
            }
            sb.append("]. Use each card once with + - * / to reach 24. Answer in the form of an equation.");
            out.add(sb.toString());
            out.add("(" + rng.nextInt(10) + "+" + rng.nextInt(10) + "-" + rng.nextInt(10) + ")*" + rng.nextInt(10)
                    + "=24");
        }
        return out;
    }

    private static final BpeTokenizer TRAINED = BpeTokenizer.train(corpus(300, 1), 300);

    @Test
    void trainingIsDeterministic() {
        BpeTokenizer again = BpeTokenizer.train(corpus(300, 1), 300);
        assertThat(again).isEqualTo(TRAINED);
        assertThat(again.merges()).usingRecursiveComparison().isEqualTo(TRAINED.merges());
    }

    @Test
    void trainingReachesTheRequestedVocabularyWithSpecialsLast() {
        assertThat(TRAINED.vocabSize()).isEqualTo(300);
        SpecialTokens sp = TRAINED.special();
        assertThat(sp.pad()).isEqualTo(293);
        assertThat(sp.assistant()).isEqualTo(299);
    }

    @Test
    void trainingStopsWhenNoPairRepeats() {
        BpeTokenizer tiny = BpeTokenizer.train(List.of("abab", "xy"), 1000);
        // Only "ab" occurs twice; after merging it, "ab ab" pairs (ab, ab) once: no further merge.
        assertThat(tiny.mergeCount()).isEqualTo(1);
        assertThat(tiny.vocabSize()).isEqualTo(256 + 1 + 7);
        assertThat(tiny.encode("abab")).containsExactly(256, 256);
    }

    @Test
    void theMostFrequentPairIsMergedFirstAndTiesGoToTheSmallerIds() {
        // Chunks "dc" x3, "ba" x2: the more frequent pair wins although its ids are larger.
        BpeTokenizer t = BpeTokenizer.train(List.of("dc", "dc", "dc", "ba", "ba"), 264);
        assertThat(t.merges()).hasSize(1);
        assertThat(t.merges().get(0)).containsExactly('d', 'c');
        // Equal counts: the pair with the smaller left id wins, whatever the corpus order.
        BpeTokenizer tie = BpeTokenizer.train(List.of("yx", "yx", "ba", "ba"), 264);
        assertThat(tie.merges().get(0)).containsExactly('b', 'a');
        BpeTokenizer tieReversed = BpeTokenizer.train(List.of("ba", "ba", "yx", "yx"), 264);
        assertThat(tieReversed.merges().get(0)).containsExactly('b', 'a');
    }

    @Test
    void encodingCompressesTheCorpusItWasTrainedOn() {
        ByteTokenizer bytes = new ByteTokenizer();
        // A generous target: training stops early once no pair repeats.
        BpeTokenizer saturated = BpeTokenizer.train(corpus(300, 1), 2000);
        assertThat(saturated.vocabSize()).isLessThan(2000);
        long bpeTokens = 0;
        long byteTokens = 0;
        for (String s : corpus(100, 2)) {
            bpeTokens += saturated.encode(s).length;
            byteTokens += bytes.encode(s).length;
        }
        assertThat(bpeTokens * 2).isLessThan(byteTokens);
    }

    @Test
    void encodeNeverEmitsSpecialTokens() {
        for (int id : TRAINED.encode("<|eot|> <|user|> <|assistant|>")) {
            assertThat(id).isLessThan(TRAINED.special().pad());
        }
    }

    @Test
    void decodeDropsSpecialsAndRejectsUnknownIds() {
        SpecialTokens sp = TRAINED.special();
        int[] body = TRAINED.encode("Cards: ['Q']");
        int[] ids = new int[body.length + 2];
        ids[0] = sp.beginOfText();
        System.arraycopy(body, 0, ids, 1, body.length);
        ids[ids.length - 1] = sp.endOfTurn();
        assertThat(TRAINED.decode(ids)).isEqualTo("Cards: ['Q']");
        assertThatThrownBy(() -> TRAINED.decode(new int[] {300})).hasMessageContaining("300 out of range [0, 300)");
    }

    @Test
    void mergesThatShareBytesShareTheirToken() {
        // ("a","bc") and ("ab","c") both spell "abc": the second merge reuses the first one's id.
        BpeTokenizer t = new BpeTokenizer(List.of(new int[] {'b', 'c'}, new int[] {'a', 256},
                new int[] {'a', 'b'}, new int[] {258, 'c'}));
        assertThat(t.vocabSize()).isEqualTo(256 + 3 + 7);
        assertThat(new String(t.tokenBytes(257), StandardCharsets.UTF_8)).isEqualTo("abc");
        assertThat(t.encode("abc")).containsExactly(257);
    }

    @Test
    void malformedMergeListsAreRejected() {
        assertThatThrownBy(() -> new BpeTokenizer(List.of(new int[] {1, 300})))
                .hasMessageContaining("names token 300, but only ids [0, 256) exist");
        assertThatThrownBy(() -> new BpeTokenizer(List.of(new int[] {1})))
                .hasMessageContaining("must be a pair");
        assertThatThrownBy(() -> new BpeTokenizer(List.of(new int[] {1, 2}, new int[] {1, 2})))
                .hasMessageContaining("repeats merge 0");
    }

    @Test
    void tooSmallVocabularyIsRejected() {
        assertThatThrownBy(() -> BpeTokenizer.train(List.of("x"), 262)).hasMessageContaining(">= 263")
                .hasMessageContaining("262");
    }

    @Test
    void preTokenizerChunksConcatenateBackToTheText() {
        String text = "  Cards: ['Q', '10']\n\n(9+9-10)*3=24   end\u00e9\uD83D\uDE00 x" + "a".repeat(100);
        assertThat(String.join("", PreTokenizer.split(text))).isEqualTo(text);
        assertThat(PreTokenizer.split("(9+9-10)*3=24")).containsExactly("(", "9", "+", "9", "-", "10", ")*", "3",
                "=", "24");
        assertThat(PreTokenizer.split("a  b")).containsExactly("a", " ", " b");
        assertThat(PreTokenizer.split("a".repeat(40))).containsExactly("a".repeat(32), "a".repeat(8));
    }

    @Provide
    Arbitrary<String> unicodeText() {
        Arbitrary<Integer> any = Arbitraries.integers().between(0, 0x10FFFF)
                .filter(cp -> cp < Character.MIN_SURROGATE || cp > Character.MAX_SURROGATE);
        Arbitrary<Integer> corpusLike = Arbitraries.of(List.of((int) ' ', (int) 'C', (int) 'a', (int) 'r',
                (int) 'd', (int) 's', (int) ':', (int) '\'', (int) '[', (int) '9', (int) '1', (int) '0', (int) '\n'));
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(1, any), net.jqwik.api.Tuple.of(3, corpusLike))
                .list().ofMaxSize(80)
                .map(cps -> {
                    StringBuilder sb = new StringBuilder();
                    cps.forEach(sb::appendCodePoint);
                    return sb.toString();
                });
    }

    @Property(tries = 500, seed = "424242")
    void decodeInvertsEncodeForAnyUnicodeText(@ForAll("unicodeText") String text) {
        assertThat(TRAINED.decode(TRAINED.encode(text))).isEqualTo(text);
    }

    @Property(tries = 200, seed = "777")
    void preTokenizerLosesNothing(@ForAll("unicodeText") String text) {
        assertThat(String.join("", PreTokenizer.split(text))).isEqualTo(text);
    }
}
