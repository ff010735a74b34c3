package io.posttrain4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.StringReader;

import org.junit.jupiter.api.Test;

class AnswerReaderTest {
    private static AnswerReader reader(String text) {
        return new AnswerReader(new BufferedReader(new StringReader(text)));
    }

    @Test
    void aOneLineFormulaWithBalancedBracketsNeedsNoEmptyLine() {
        AnswerReader r = reader("(9+9-10)*3=24\nnext\n");
        assertThat(r.next()).isEqualTo(new AnswerReader.Answer("(9+9-10)*3=24"));
    }

    @Test
    void aMultiLineJsonObjectEndsWhereItsBracesClose() {
        AnswerReader r = reader("\n{\n  \"cards\": ['A', '3'],\n  \"formula\": \"(1+2\",\n}\n:quit\n");
        assertThat(r.next()).isEqualTo(
                new AnswerReader.Answer("{\n  \"cards\": ['A', '3'],\n  \"formula\": \"(1+2\",\n}"));
        assertThat(r.next()).isEqualTo(new AnswerReader.Command("quit"));
    }

    @Test
    void proseEndsAtAnEmptyLineOrAtTheEndOfInput() {
        AnswerReader r = reader("I think\nit is apple\n\nlast words");
        assertThat(r.next()).isEqualTo(new AnswerReader.Answer("I think\nit is apple"));
        assertThat(r.next()).isEqualTo(new AnswerReader.Answer("last words"));
        assertThat(r.next()).isEqualTo(new AnswerReader.EndOfInput());
    }

    @Test
    void aStrayClosingBracketWaitsForTheEmptyLine() {
        AnswerReader r = reader("a) b (c)\nmore\n\n");
        assertThat(r.next()).isEqualTo(new AnswerReader.Answer("a) b (c)\nmore"));
    }

    @Test
    void commandsAreRecognisedOnlyAsTheFirstLineOfAnAnswer() {
        AnswerReader r = reader(" :expert \nword\n:quit\n\n:help\n");
        assertThat(r.next()).isEqualTo(new AnswerReader.Command("expert"));
        assertThat(r.next()).isEqualTo(new AnswerReader.Answer("word\n:quit"));
        assertThat(r.next()).isEqualTo(new AnswerReader.Command("help"));
        assertThat(reader(":unknown\n\n").next()).isEqualTo(new AnswerReader.Answer(":unknown"));
    }
}
