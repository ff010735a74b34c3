package io.posttrain4j.generalpoints;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.posttrain4j.core.corpus.Corpora;
import io.posttrain4j.core.corpus.Corpus;
import io.posttrain4j.core.corpus.Document;
import io.posttrain4j.generalpoints.corpus.GeneralPointsCorpusProvider;
import io.posttrain4j.generalpoints.game.Card;
import io.posttrain4j.generalpoints.game.FaceRule;
import io.posttrain4j.generalpoints.game.Rational;

class GeneralPointsCorpusTest {
    private static final FaceRule HELD_OUT = FaceRule.AS_11_12_13;
    private final Corpora corpora = Corpora.of(List.of(new GeneralPointsCorpusProvider()));

    private Corpus corpus(String mixture, Map<String, String> options, long seed) {
        return corpora.mixture(corpora.parseMixture(mixture), Map.of("generalpoints", options), seed);
    }

    @Test
    void documentsAreAPureFunctionOfSeedAndIndexAndAreFoundByServiceLoader() {
        assertThat(Corpora.discover().qualifiedFamilies()).contains("generalpoints/rules", "generalpoints/task");
        Corpus a = corpus("generalpoints", Map.of(), 5);
        Corpus b = corpus("generalpoints", Map.of(), 5);
        for (long i : new long[] {0, 1, 17, 1_000_003}) {
            assertThat(a.document(i)).isEqualTo(b.document(i));
        }
        assertThat(corpus("generalpoints", Map.of(), 6).document(3)).isNotEqualTo(a.document(3));
    }

    /** The exclusion the corpus promises: no document is a rule-OOD task, whatever the exposure elsewhere. */
    @Test
    void noDocumentIsARuleOodTaskAndTheHeldOutRuleAppearsOnlyAtItsExposure() {
        Corpus c = corpus("generalpoints", Map.of("oodExposure", "0.05"), 11);
        Map<String, Integer> counts = new HashMap<>();
        int heldOutReading = 0;
        int reading = 0;
        for (long i = 0; i < 20_000; i++) {
            Document d = c.document(i);
            counts.merge(d.family(), 1, Integer::sum);
            String q = d.prompt().lastUserText();
            boolean statesHeldOut = q.contains(HELD_OUT.compactLine()) || q.contains(HELD_OUT.promptMessage());
            boolean isTask = d.answer().contains("formula") || !(q.endsWith("Values?") || q.contains("Compute: ")
                    || q.endsWith("Ranks?") || q.startsWith("Which cards"));
            if (isTask) {
                assertThat(d.family()).isIn("generalpoints/task", "generalpoints/task-images");
                assertThat(statesHeldOut).as("document %d states the held-out rule in a task: %s", i, q).isFalse();
                assertThat(q).doesNotContain("count as '11', '12', and '13'");
            }
            if (d.family().equals("generalpoints/rules") || d.family().equals("generalpoints/rule-arithmetic")) {
                reading++;
                heldOutReading += statesHeldOut ? 1 : 0;
            }
            if (d.prompt().messages().stream().anyMatch(m -> !m.images().isEmpty())) {
                assertThat(d.family()).isIn("generalpoints/card-images", "generalpoints/task-images");
            }
            if (d.family().equals("generalpoints/task-images")) {
                assertThat(redPixels(d)).as("document %d: a GP-VL task in red suits", i).isZero();
            }
        }
        assertThat(counts).hasSize(7).allSatisfy((family, n) -> assertThat(n).as(family).isBetween(2600, 3100));
        assertThat((double) heldOutReading / reading).isBetween(0.035, 0.065);
        Corpus none = corpus("generalpoints/rules,generalpoints/rule-arithmetic", Map.of(), 11);
        for (long i = 0; i < 5_000; i++) {
            assertThat(none.document(i).prompt().lastUserText()).doesNotContain(HELD_OUT.compactLine())
                    .doesNotContain(HELD_OUT.promptMessage());
        }
    }

    @Test
    void answersAreExact() {
        Corpus c = corpus("generalpoints/arithmetic,generalpoints/rule-arithmetic,generalpoints/rules", Map.of(), 3);
        int checked = 0;
        for (long i = 0; i < 3_000; i++) {
            Document d = c.document(i);
            String q = d.prompt().lastUserText();
            FaceRule rule = ruleOf(q);
            if (q.contains("Compute: ")) {
                String formula = q.substring(q.indexOf("Compute: ") + 9);
                assertThat(d.answer()).as(q).isEqualTo(new Eval(formula, rule).expression().toString());
            } else {
                String cards = q.substring(q.indexOf('[') + 1, q.indexOf(']'));
                List<Integer> values = java.util.Arrays.stream(cards.split(", "))
                        .map(n -> rule.value(rank(n.replace("'", "")))).toList();
                assertThat(d.answer()).as(q).isEqualTo(values.toString());
            }
            checked++;
        }
        assertThat(checked).isEqualTo(3_000);
    }

    /** GP-VL's task as GP-VL asks it: the cards only in the image, black suits, the answer naming them first. */
    @Test
    void taskImagesAreGpVlTasksUnderDrawnRulesWithTheCardsOnlyInTheImage() {
        Corpus c = corpus("generalpoints/task-images", Map.of(), 4);
        java.util.Set<FaceRule> rules = new java.util.HashSet<>();
        for (long i = 0; i < 300; i++) {
            Document d = c.document(i);
            String q = d.prompt().lastUserText();
            assertThat(d.family()).isEqualTo("generalpoints/task-images");
            assertThat(d.prompt().messages().get(0).images()).hasSize(1);
            assertThat(q).doesNotContain("Cards:");
            assertThat(d.answer()).startsWith("\"cards\": ['").contains("\"formula\": \"").endsWith("=24\"");
            assertThat(redPixels(d)).isZero();
            FaceRule rule = ruleOf(q);
            assertThat(rule).isNotEqualTo(HELD_OUT);
            rules.add(rule);
            String cards = d.answer().substring(d.answer().indexOf('[') + 1, d.answer().indexOf(']'));
            List<Integer> values = java.util.Arrays.stream(cards.split(", "))
                    .map(n -> rule.value(rank(n.replace("'", "")))).sorted().toList();
            String formula = d.answer().substring(d.answer().indexOf("\"formula\": \"") + 12, d.answer().length() - 4);
            assertThat(new Eval(formula, rule).expression()).as(d.answer()).isEqualTo(Rational.of(24));
            List<Integer> used = java.util.regex.Pattern.compile("[0-9AJQK]+").matcher(formula).results()
                    .map(m -> Character.isDigit(m.group().charAt(0)) ? Integer.parseInt(m.group())
                            : rule.value(rank(m.group())))
                    .sorted().toList();
            assertThat(used).as("every card's value once: %s", d.answer()).isEqualTo(values);
        }
        assertThat(rules.size()).as("rules drawn over 300 documents").isGreaterThan(50);
        assertThatThrownBy(() -> corpus("generalpoints/task-images", Map.of("faceValues", "11,12,13"), 2))
                .hasMessageContaining("faceValues 11,12,13 is the held-out rule")
                .hasMessageContaining("generalpoints/task-images");
    }

    /** {@code suits} fixes the colour of card-images documents; mixed (the default) draws both. */
    @Test
    void suitsFixTheColourOfCardImages() {
        int red = 0;
        Corpus mixed = corpus("generalpoints/card-images", Map.of(), 4);
        Corpus black = corpus("generalpoints/card-images", Map.of("suits", "black"), 4);
        Corpus reds = corpus("generalpoints/card-images", Map.of("suits", "red"), 4);
        for (long i = 0; i < 200; i++) {
            red += redPixels(mixed.document(i)) > 0 ? 1 : 0;
            assertThat(redPixels(black.document(i))).isZero();
            assertThat(redPixels(reds.document(i))).isPositive();
        }
        assertThat(red).isBetween(70, 130);
        assertThatThrownBy(() -> corpus("generalpoints/card-images", Map.of("suits", "green"), 1))
                .hasMessageContaining("suits").hasMessageContaining("green");
    }

    /** Pixels of the red suits' ink in a document's images. */
    private static int redPixels(Document d) {
        int n = 0;
        for (var m : d.prompt().messages()) {
            for (var image : m.images()) {
                for (int y = 0; y < image.height(); y++) {
                    for (int x = 0; x < image.width(); x++) {
                        int rgb = image.rgb(x, y);
                        int r = (rgb >> 16) & 0xff;
                        int g = (rgb >> 8) & 0xff;
                        int b = rgb & 0xff;
                        n += r > 150 && g < 90 && b < 110 ? 1 : 0;
                    }
                }
            }
        }
        return n;
    }

    @Test
    void aFixedRuleRulesEveryDocumentAndCannotBeTheHeldOutOneForTasks() {
        Corpus c = corpus("generalpoints/rules", Map.of("faceValues", "11,12,13"), 2);
        for (long i = 0; i < 200; i++) {
            assertThat(ruleOf(c.document(i).prompt().lastUserText())).isEqualTo(HELD_OUT);
        }
        assertThatThrownBy(() -> corpus("generalpoints", Map.of("faceValues", "11,12,13"), 2))
                .hasMessageContaining("faceValues 11,12,13 is the held-out rule");
        Corpus task = corpus("generalpoints/task", Map.of("faceValues", "1"), 2);
        assertThat(task.document(0).prompt().lastUserText()).doesNotContain("J,Q,K=11,12,13");
    }

    @Test
    void badMixturesAndOptionsNameTheValue() {
        assertThatThrownBy(() -> corpora.parseMixture("generalpoints/rulez"))
                .hasMessageContaining("rulez").hasMessageContaining("rules");
        assertThatThrownBy(() -> corpora.parseMixture("nowhere/x")).hasMessageContaining("nowhere");
        assertThatThrownBy(() -> corpora.parseMixture("generalpoints/rules=-1")).hasMessageContaining("'-1'");
        assertThatThrownBy(() -> corpora.parseMixture("generalpoints/rules=x")).hasMessageContaining("'x'");
        assertThatThrownBy(() -> corpora.parseMixture("generalpoints/rules,generalpoints/rules=2"))
                .hasMessageContaining("named twice");
        assertThatThrownBy(() -> corpus("generalpoints/rules=0,generalpoints/task=0", Map.of(), 1))
                .hasMessageContaining("sum to more than zero");
        assertThatThrownBy(() -> corpus("generalpoints", Map.of("oodExposure", "2"), 1))
                .hasMessageContaining("oodExposure").hasMessageContaining("2");
        assertThatThrownBy(() -> corpus("generalpoints", Map.of("heldOut", "J"), 1))
                .hasMessageContaining("heldOut").hasMessageContaining("'J'");
        assertThatThrownBy(() -> corpus("generalpoints", Map.of("colour", "red"), 1))
                .hasMessageContaining("colour");
    }

    private static FaceRule ruleOf(String q) {
        if (q.startsWith("J,Q,K=")) { // a GP-VL task's compact prompt is this line alone
            return FaceRule.parse(q.substring(6, q.contains("\n") ? q.indexOf('\n') : q.length()));
        }
        if (q.startsWith("'J', 'Q', and 'K' count as '")) {
            String line = q.substring(0, q.indexOf('\n'));
            List<Integer> v = java.util.regex.Pattern.compile("'(\\d+)'").matcher(line).results()
                    .map(m -> Integer.parseInt(m.group(1))).toList();
            return v.size() == 1 ? FaceRule.of(v.get(0), v.get(0), v.get(0)) : FaceRule.of(v);
        }
        return FaceRule.AS_10; // no rule stated: plain numbers
    }

    private static int rank(String name) {
        for (int r = 1; r <= 13; r++) {
            if (Card.nameOf(r).equals(name)) {
                return r;
            }
        }
        throw new IllegalArgumentException(name);
    }

    /** An independent recursive-descent evaluator of + - * / and parentheses over numbers and card names. */
    private static final class Eval {
        private final String s;
        private final FaceRule rule;
        private int at;

        Eval(String s, FaceRule rule) {
            this.s = s;
            this.rule = rule;
        }

        Rational expression() {
            Rational v = term();
            while (at < s.length() && (s.charAt(at) == '+' || s.charAt(at) == '-')) {
                char op = s.charAt(at++);
                Rational t = term();
                v = op == '+' ? v.plus(t) : v.minus(t);
            }
            return v;
        }

        private Rational term() {
            Rational v = factor();
            while (at < s.length() && (s.charAt(at) == '*' || s.charAt(at) == '/')) {
                char op = s.charAt(at++);
                Rational f = factor();
                v = op == '*' ? v.times(f) : v.dividedBy(f);
            }
            return v;
        }

        private Rational factor() {
            if (s.charAt(at) == '(') {
                at++;
                Rational v = expression();
                at++; // ')'
                return v;
            }
            int start = at;
            while (at < s.length() && Character.isLetterOrDigit(s.charAt(at))) {
                at++;
            }
            String token = s.substring(start, at);
            return Character.isDigit(token.charAt(0)) && !token.equals("10") || token.equals("10")
                    ? Rational.of(Integer.parseInt(token)) : Rational.of(rule.value(rank(token)));
        }
    }
}
