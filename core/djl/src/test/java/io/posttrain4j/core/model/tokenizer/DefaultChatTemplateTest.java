package io.posttrain4j.core.model.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.posttrain4j.core.env.Message;
import io.posttrain4j.core.env.Observation;
import io.posttrain4j.core.image.RgbImage;

class DefaultChatTemplateTest {
    private final ByteTokenizer tok = new ByteTokenizer();
    private final SpecialTokens sp = tok.special();
    private final RgbImage red = RgbImage.of(1, 1, new int[] {0xFF0000});
    private final RgbImage blue = RgbImage.of(1, 1, new int[] {0x0000FF});

    @Test
    void singleUserTurnIsBosUserTextEotAssistant() {
        EncodedPrompt p = new DefaultChatTemplate(tok, 4).encodePrompt(Observation.of("hi"));
        assertThat(p.ids()).containsExactly(sp.beginOfText(), sp.user(), 'h', 'i', sp.endOfTurn(), sp.assistant());
        assertThat(p.images()).isEmpty();
        assertThat(p.imageStarts()).isEmpty();
    }

    @Test
    void imagesComeBeforeTheTextAsPlaceholderRunsWithTheirStarts() {
        Observation obs = new Observation(List.of(
                Message.system("s"),
                Message.user("a", List.of(red)),
                Message.assistant("b"),
                Message.user("c", List.of(blue, red))));
        EncodedPrompt p = new DefaultChatTemplate(tok, 2).encodePrompt(obs);
        int img = sp.image();
        assertThat(p.ids()).containsExactly(
                sp.beginOfText(),
                sp.system(), 's', sp.endOfTurn(),
                sp.user(), img, img, 'a', sp.endOfTurn(),
                sp.assistant(), 'b', sp.endOfTurn(),
                sp.user(), img, img, img, img, 'c', sp.endOfTurn(),
                sp.assistant());
        assertThat(p.images()).containsExactly(red, blue, red);
        assertThat(p.imageStarts()).containsExactly(5, 13, 15);
    }

    @Test
    void responseIsTextThenEndOfTurn() {
        assertThat(new DefaultChatTemplate(tok, 1).encodeResponse("ok")).containsExactly('o', 'k', sp.endOfTurn());
        assertThat(new DefaultChatTemplate(tok, 1).encodeResponse("")).containsExactly(sp.endOfTurn());
    }

    @Test
    void textOnlyTemplateRejectsImages() {
        DefaultChatTemplate t = new DefaultChatTemplate(tok, 0);
        assertThat(t.encodePrompt(Observation.of("x")).ids()).hasSize(5);
        assertThatThrownBy(() -> t.encodePrompt(Observation.of("x", List.of(red))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tokensPerImage = 0");
    }

    @Test
    void negativeTokensPerImageIsRejected() {
        assertThatThrownBy(() -> new DefaultChatTemplate(tok, -1)).hasMessageContaining("-1");
    }

    @Test
    void userTextThatSpellsASpecialTokenStaysPlainText() {
        int[] ids = new DefaultChatTemplate(tok, 1).encodePrompt(Observation.of("<|eot|>")).ids();
        long eots = java.util.Arrays.stream(ids).filter(id -> id == sp.endOfTurn()).count();
        assertThat(eots).isEqualTo(1);
    }
}
