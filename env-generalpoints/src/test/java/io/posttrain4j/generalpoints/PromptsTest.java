package io.posttrain4j.generalpoints;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.posttrain4j.generalpoints.game.GeneralPointsTask;
import io.posttrain4j.generalpoints.prompt.PromptStyle;
import io.posttrain4j.generalpoints.prompt.Prompts;
import io.posttrain4j.generalpoints.verify.GeneralPointsVerifier;
import io.posttrain4j.generalpoints.verify.VerifierMode;

/**
 * Reference prompts and answers against files rendered by the reference's own templates
 * (src/test/python/make_reference_golden.py), and the compact texts as literals.
 */
class PromptsTest {
    private static final List<Integer> HAND = List.of(1, 3, 13, 6);

    @ParameterizedTest(name = "{0}")
    @CsvSource({"gp-l-as10, true, true", "gp-l-as111213, true, false", "gp-vl-as10, false, true",
            "gp-vl-as111213, false, false"})
    void referencePromptsAreByteIdenticalToTheStudysTemplates(String golden, boolean language, boolean as10)
            throws IOException {
        GeneralPointsTask task = new GeneralPointsTask(HAND, as10, 24, language);
        assertThat(Prompts.userText(task, PromptStyle.REFERENCE)).isEqualTo(read("prompts/" + golden + ".txt"));
    }

    @Test
    void referencePromptQuirksArePresent() {
        String text = Prompts.userText(new GeneralPointsTask(HAND, true, 24, true), PromptStyle.REFERENCE);
        assertThat(text).startsWith("\n[Task Description]\n").contains("count as '10'., and each card")
                .contains("Cards: ['A', '3', 'K', '6']").endsWith("}\n\n");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"expert-as10, true", "expert-as111213, false"})
    void referenceExpertAnswerHasTheStudysLayout(String golden, boolean as10) throws IOException {
        GeneralPointsTask task = new GeneralPointsTask(HAND, as10, 24, true);
        // The golden files fill the layout with one formula for both rules: the layout is what is compared.
        String expected = read("prompts/" + golden + ".txt");
        assertThat(Prompts.expertAnswer(task, "10*3-6*1", PromptStyle.REFERENCE)).isEqualTo(expected);
    }

    @Test
    void compactPromptsCarryOnlyWhatMatters() {
        assertThat(Prompts.userText(new GeneralPointsTask(List.of(12, 3, 9, 9), true, 24, true), PromptStyle.COMPACT))
                .isEqualTo("Cards: ['Q', '3', '9', '9']\nJ,Q,K=10");
        assertThat(Prompts.userText(new GeneralPointsTask(List.of(12, 3, 9, 9), false, 24, true),
                PromptStyle.COMPACT)).isEqualTo("Cards: ['Q', '3', '9', '9']\nJ,Q,K=11,12,13");
        assertThat(Prompts.userText(new GeneralPointsTask(List.of(1, 3, 10, 6), true, 24, true), PromptStyle.COMPACT))
                .isEqualTo("Cards: ['A', '3', '10', '6']");
        assertThat(Prompts.userText(new GeneralPointsTask(List.of(1, 3, 10, 6), true, 30, true), PromptStyle.COMPACT))
                .isEqualTo("Cards: ['A', '3', '10', '6']\nTarget: 30");
        assertThat(Prompts.userText(new GeneralPointsTask(List.of(1, 3, 10, 6), true, 24, false),
                PromptStyle.COMPACT)).isEqualTo("J,Q,K=10");
    }

    @Test
    void compactAnswersAreOneLineThatTheReferenceRegexesParse() {
        GeneralPointsTask text = new GeneralPointsTask(List.of(12, 3, 9, 9), true, 24, true);
        GeneralPointsTask vision = new GeneralPointsTask(List.of(12, 3, 9, 9), true, 24, false);
        String formula = "(9+9-10)*3";
        assertThat(Prompts.expertAnswer(text, formula, PromptStyle.COMPACT))
                .isEqualTo("\"formula\": \"(9+9-10)*3=24\"");
        assertThat(Prompts.expertAnswer(vision, formula, PromptStyle.COMPACT))
                .isEqualTo("\"cards\": ['Q', '3', '9', '9'], \"formula\": \"(9+9-10)*3=24\"");
        assertThat(Prompts.expertAnswer(text, formula, PromptStyle.VALUES))
                .isEqualTo("\"number\": [10, 3, 9, 9], \"formula\": \"(9+9-10)*3=24\"");
        assertThat(Prompts.expertAnswer(vision, formula, PromptStyle.VALUES))
                .isEqualTo("\"cards\": ['Q', '3', '9', '9'], \"number\": [10, 3, 9, 9], \"formula\": \"(9+9-10)*3=24\"");
        assertThat(Prompts.userText(text, PromptStyle.VALUES)).isEqualTo(Prompts.userText(text, PromptStyle.COMPACT));
        GeneralPointsVerifier reference = new GeneralPointsVerifier(VerifierMode.REFERENCE);
        for (PromptStyle style : PromptStyle.values()) {
            assertThat(reference.verify(text, Prompts.expertAnswer(text, formula, style)).reward()).isEqualTo(5);
            assertThat(reference.verify(vision, Prompts.expertAnswer(vision, formula, style)).reward()).isEqualTo(5);
        }
    }

    private static String read(String path) throws IOException {
        try (InputStream in = PromptsTest.class.getResourceAsStream("/golden/" + path)) {
            assertThat(in).as(path).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
