package io.posttrain4j.generalpoints.corpus;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

import io.posttrain4j.core.corpus.CorpusProvider;
import io.posttrain4j.core.corpus.Document;
import io.posttrain4j.core.corpus.DocumentSource;
import io.posttrain4j.core.env.Observation;
import io.posttrain4j.core.env.Options;
import io.posttrain4j.core.spi.Names;
import io.posttrain4j.generalpoints.game.Card;
import io.posttrain4j.generalpoints.game.Dealer;
import io.posttrain4j.generalpoints.game.FaceRule;
import io.posttrain4j.generalpoints.game.GeneralPointsTask;
import io.posttrain4j.generalpoints.game.Rational;
import io.posttrain4j.generalpoints.game.Suit;
import io.posttrain4j.generalpoints.game.SuitSet;
import io.posttrain4j.generalpoints.prompt.PromptStyle;
import io.posttrain4j.generalpoints.prompt.Prompts;
import io.posttrain4j.generalpoints.render.CardRenderer;
import io.posttrain4j.generalpoints.render.ImageSize;

/**
 * GeneralPoints pretraining documents, id {@code generalpoints}: what the 24 task takes for granted, written so
 * that a model must read the rule stated in each question.
 *
 * <ul>
 *   <li>{@code arithmetic}: {@code Compute: (3+5)*2-7} -> {@code 9}: 2 to 4 numbers in 1..13 with + - * / and
 *       parentheses, exact results ({@code 7/3} for fractions, no division by zero);
 *   <li>{@code cards}: {@code Cards: ['K', '3', 'A', '10']} / {@code Ranks?} -> {@code [13, 3, 1, 10]};
 *   <li>{@code card-images}: the cards drawn as GP-VL draws them ({@code image=small} geometry), black or red
 *       suits ({@code suits} option), -> their names, {@code ['K', '3', 'A', '10']};
 *   <li>{@code rules}: a face-card rule, then cards, {@code Values?} -> the value of each card under the rule;
 *   <li>{@code rule-arithmetic}: a rule, then {@code Compute: K*(3+Q)} over card names -> the exact result;
 *   <li>{@code task}: the GP-L task itself (its template, {@code prompt} option) under a drawn rule, -> an
 *       expert answer;
 *   <li>{@code task-images}: the GP-VL task (the cards only in the image, drawn in black suits as GP-VL's
 *       in-distribution variant draws them) under a drawn rule, -> an expert answer that names the cards first.
 * </ul>
 *
 * <p>Rules are drawn as one value for J, Q and K (a third of the time) or one value each, in 1..13. The held-out
 * rule ({@code heldOut}, by default the rule-OOD variant's 11, 12, 13) is never the rule of a {@code task} or
 * {@code task-images} document, so no document is a rule-OOD task; it states the rule of a {@code rules} or
 * {@code rule-arithmetic} document with probability {@code oodExposure} (default 0) and is otherwise redrawn. Red
 * suits appear only in {@code card-images}, so no document is a visual-OOD task either: a base can learn to read a
 * red card without ever solving a hand of them. {@code faceValues} fixes the rule of every document (for probes:
 * the same family under the training rule and the held-out one), {@code suits} the colour of every
 * {@code card-images} document (probes of card reading in either colour); fixing the rule to the held-out one
 * while drawing {@code task} or {@code task-images} documents is refused. Stateless and thread-safe.
 */
public final class GeneralPointsCorpusProvider implements CorpusProvider {
    /** The provider id, the environment's. */
    public static final String ID = "generalpoints";

    private static final Map<String, String> FAMILIES = familyDescriptions();
    private static final Map<String, String> DEFAULTS = Map.of("heldOut", "11,12,13", "oodExposure", "0",
            "faceValues", "random", "prompt", "compact", "suits", "mixed");
    /** The task families, whose rule is never the held-out one. */
    private static final Set<String> TASKS = Set.of("task", "task-images");

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Map<String, String> families() {
        return FAMILIES;
    }

    @Override
    public Map<String, String> options() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("heldOut", "11,12,13: the rule (J, Q, K values) that is never the rule of a task document");
        m.put("oodExposure", "0: fraction of rules and rule-arithmetic documents under the held-out rule");
        m.put("faceValues", "random: every document's rule, or random (drawn per document)");
        m.put("prompt", "compact: the task template, compact, values or reference (the study's texts)");
        m.put("suits", "mixed: the suits of card-images documents, mixed (black or red, drawn per document), black "
                + "or red");
        return m;
    }

    @Override
    public DocumentSource open(Map<String, String> options, Set<String> families) {
        Options o = new Options(ID + " corpus", DEFAULTS, options);
        FaceRule heldOut = rule("heldOut", o.string("heldOut"));
        double exposure = o.real("oodExposure", 0, 1);
        String fixedText = o.string("faceValues").trim();
        FaceRule fixed = fixedText.equalsIgnoreCase("random") ? null : rule("faceValues", fixedText);
        PromptStyle style = PromptStyle.of(o.choice("prompt", Set.copyOf(PromptStyle.labels())));
        String suitsText = o.choice("suits", Set.of("mixed", "black", "red"));
        SuitSet suits = suitsText.equals("mixed") ? null : suitsText.equals("black") ? SuitSet.BLACK : SuitSet.RED;
        requireFamilies(families);
        String task = families.stream().filter(TASKS::contains).sorted().findFirst().orElse(null);
        if (fixed != null && fixed.equals(heldOut) && task != null) {
            throw new IllegalArgumentException("faceValues " + fixed.label() + " is the held-out rule (heldOut "
                    + heldOut.label() + "): " + task + " documents never use it; fix another rule or leave out "
                    + ID + "/" + task);
        }
        return new Source(heldOut, exposure, fixed, style, suits);
    }

    private static FaceRule rule(String key, String text) {
        try {
            return FaceRule.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("option " + key + " of the " + ID + " corpus: " + e.getMessage(), e);
        }
    }

    private static Map<String, String> familyDescriptions() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("arithmetic", "exact arithmetic over 2-4 numbers in 1..13 with + - * / and parentheses");
        m.put("cards", "card names A, 2..10, J, Q, K -> their ranks");
        m.put("card-images", "cards drawn in black or red suits -> their names");
        m.put("rules", "a face-card rule and cards -> each card's value under the rule");
        m.put("rule-arithmetic", "a face-card rule and a formula over card names -> its exact result");
        m.put("task", "the GP-L task under a drawn rule (never the held-out one) -> an expert answer");
        m.put("task-images", "the GP-VL task, black suits, under a drawn rule (never the held-out one) -> an expert "
                + "answer");
        return java.util.Collections.unmodifiableMap(m);
    }

    /** Draws documents; immutable. */
    private record Source(FaceRule heldOut, double exposure, FaceRule fixed, PromptStyle style, SuitSet suits)
            implements DocumentSource {
        private static final String[] OPS = {"+", "-", "*", "/"};

        @Override
        public Document document(String family, SplittableRandom rng) {
            return switch (family) {
                case "arithmetic" -> arithmetic(rng);
                case "cards" -> cards(rng);
                case "card-images" -> cardImages(rng);
                case "rules" -> rules(rng);
                case "rule-arithmetic" -> ruleArithmetic(rng);
                case "task" -> task(rng);
                case "task-images" -> taskImages(rng);
                default -> throw new IllegalArgumentException(
                        Names.unknown("corpus family of " + ID, family, FAMILIES.keySet()));
            };
        }

        private Document arithmetic(SplittableRandom rng) {
            while (true) {
                int n = 2 + rng.nextInt(3);
                List<String> terms = new ArrayList<>();
                List<Rational> values = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    int v = 1 + rng.nextInt(13);
                    terms.add(Integer.toString(v));
                    values.add(Rational.of(v));
                }
                Expr e = expression(terms, values, rng);
                if (e != null) {
                    return doc("arithmetic", "Compute: " + e.text, e.value.toString());
                }
            }
        }

        private Document cards(SplittableRandom rng) {
            List<Integer> ranks = ranks(rng);
            return doc("cards", "Cards: " + names(ranks) + "\nRanks?", ranks.toString());
        }

        private Document cardImages(SplittableRandom rng) {
            List<Suit> suits = (this.suits != null ? this.suits : rng.nextBoolean() ? SuitSet.RED : SuitSet.BLACK)
                    .suits();
            List<Card> hand = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                hand.add(new Card(1 + rng.nextInt(13), suits.get(rng.nextInt(suits.size()))));
            }
            Observation prompt = Observation.of("Which cards are shown?",
                    List.of(CardRenderer.render(hand, ImageSize.SMALL)));
            return new Document(ID + "/card-images", prompt,
                    Prompts.pythonList(hand.stream().map(Card::name).toList()));
        }

        private Document rules(SplittableRandom rng) {
            FaceRule rule = ruleForReading(rng);
            List<Integer> ranks = ranks(rng);
            if (ranks.stream().noneMatch(r -> r >= 11)) {
                ranks.set(rng.nextInt(ranks.size()), 11 + rng.nextInt(3)); // every document needs the rule
            }
            List<Integer> values = ranks.stream().map(rule::value).toList();
            return doc("rules", statement(rule, rng) + "\nCards: " + names(ranks) + "\nValues?", values.toString());
        }

        private Document ruleArithmetic(SplittableRandom rng) {
            FaceRule rule = ruleForReading(rng);
            while (true) {
                List<Integer> ranks = ranks(rng).subList(0, 2 + rng.nextInt(3));
                if (ranks.stream().noneMatch(r -> r >= 11)) {
                    continue;
                }
                List<String> terms = ranks.stream().map(Card::nameOf).toList();
                List<Rational> values = ranks.stream().map(r -> Rational.of(rule.value(r))).toList();
                Expr e = expression(terms, values, rng);
                if (e != null) {
                    return doc("rule-arithmetic", statement(rule, rng) + "\nCompute: " + e.text, e.value.toString());
                }
            }
        }

        private Document task(SplittableRandom rng) {
            Deal deal = deal(rng, SuitSet.MIXED);
            GeneralPointsTask task = GeneralPointsTask.of(deal.hand(), deal.rule(), 24, true);
            return doc("task", Prompts.userText(task, style), expertAnswer(task, rng));
        }

        private Document taskImages(SplittableRandom rng) {
            Deal deal = deal(rng, SuitSet.BLACK);
            GeneralPointsTask task = GeneralPointsTask.of(deal.hand(), deal.rule(), 24, false);
            Observation prompt = Observation.of(Prompts.userText(task, style),
                    List.of(CardRenderer.render(deal.hand(), ImageSize.SMALL)));
            return new Document(ID + "/task-images", prompt, expertAnswer(task, rng));
        }

        /** A solvable hand under the fixed or a drawn rule, with a face card half of the time where one fits. */
        private Deal deal(SplittableRandom rng, SuitSet suits) {
            FaceRule rule = fixed != null ? fixed : drawn(rng);
            boolean forceFace = rng.nextBoolean();
            if (!Dealer.anySolvable(rule, forceFace, 24)) {
                forceFace = false;
            }
            return new Deal(new Dealer(rule, forceFace, suits, 24).deal(rng.split()), rule);
        }

        private record Deal(List<Card> hand, FaceRule rule) {}

        private String expertAnswer(GeneralPointsTask task, SplittableRandom rng) {
            List<String> solutions = task.solutions();
            return Prompts.expertAnswer(task, solutions.get(rng.nextInt(solutions.size())), style);
        }

        /** The rule of a rules or rule-arithmetic document: fixed, held out with the exposure, or drawn. */
        private FaceRule ruleForReading(SplittableRandom rng) {
            if (fixed != null) {
                return fixed;
            }
            return rng.nextDouble() < exposure ? heldOut : drawn(rng);
        }

        /** A rule drawn uniformly from the two shapes, redrawn while it is the held-out one. */
        private FaceRule drawn(SplittableRandom rng) {
            while (true) {
                FaceRule r;
                if (rng.nextInt(3) == 0) {
                    int v = 1 + rng.nextInt(13);
                    r = FaceRule.of(v, v, v);
                } else {
                    r = FaceRule.of(1 + rng.nextInt(13), 1 + rng.nextInt(13), 1 + rng.nextInt(13));
                }
                if (!r.equals(heldOut)) {
                    return r;
                }
            }
        }

        /** The rule as the task templates state it: the compact line or the reference's sentence. */
        private String statement(FaceRule rule, SplittableRandom rng) {
            return rng.nextBoolean() ? rule.compactLine() : rule.promptMessage();
        }

        private static List<Integer> ranks(SplittableRandom rng) {
            List<Integer> ranks = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                ranks.add(1 + rng.nextInt(13));
            }
            return ranks;
        }

        private static String names(List<Integer> ranks) {
            return Prompts.pythonList(ranks.stream().map(Card::nameOf).toList());
        }

        private static Document doc(String family, String question, String answer) {
            return new Document(ID + "/" + family, Observation.of(question), answer);
        }

        /** A random binary tree over the terms in order; null when it divides by zero. */
        private static Expr expression(List<String> terms, List<Rational> values, SplittableRandom rng) {
            if (terms.size() == 1) {
                return new Expr(terms.get(0), values.get(0), 3);
            }
            int split = 1 + rng.nextInt(terms.size() - 1);
            Expr left = expression(terms.subList(0, split), values.subList(0, split), rng);
            Expr right = expression(terms.subList(split, terms.size()), values.subList(split, values.size()), rng);
            if (left == null || right == null) {
                return null;
            }
            String op = OPS[rng.nextInt(OPS.length)];
            int precedence = op.equals("+") || op.equals("-") ? 1 : 2;
            Rational value;
            switch (op) {
                case "+" -> value = left.value.plus(right.value);
                case "-" -> value = left.value.minus(right.value);
                case "*" -> value = left.value.times(right.value);
                default -> {
                    if (right.value.equals(Rational.ZERO)) {
                        return null;
                    }
                    value = left.value.dividedBy(right.value);
                }
            }
            // Parentheses exactly where precedence needs them (a - (b + c), a / (b * c), (a + b) * c).
            String l = left.precedence < precedence ? "(" + left.text + ")" : left.text;
            boolean rightNeeds = right.precedence < precedence
                    || (right.precedence == precedence && (op.equals("-") || op.equals("/")));
            String r = rightNeeds ? "(" + right.text + ")" : right.text;
            return new Expr(l + op + r, value, precedence);
        }

        private record Expr(String text, Rational value, int precedence) {}
    }
}
