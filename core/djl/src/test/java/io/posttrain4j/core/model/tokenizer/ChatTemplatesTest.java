package io.posttrain4j.core.model.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.posttrain4j.core.env.Message;
import io.posttrain4j.core.env.Observation;
import io.posttrain4j.core.env.Role;
import io.posttrain4j.core.image.RgbImage;

/**
 * Checks the Java chat templates against what transformers 5.17 renders and encodes with the models' own Jinja
 * templates: tiny byte-level BPE tokenizers with each family's control tokens and real chat template, and golden
 * texts and ids, written by src/test/python/make_chat_template_goldens.py (see there for the templates' sources).
 */
class ChatTemplatesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    static Stream<String> folders() {
        return Stream.of("qwen2", "qwen2.5", "smollm2", "llama3", "llama3.1", "llama3.2", "smolvlm");
    }

    private static Path folder(String name) {
        try {
            return Path.of(ChatTemplatesTest.class.getResource("chat/" + name + "/goldens.json").toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode goldens(String name) throws IOException {
        return JSON.readTree(folder(name).resolve("goldens.json").toFile());
    }

    /** The fixture's tokenizer: with the spellings goldens.json names, else with the detected preset. */
    private static HuggingFaceTokenizer tokenizer(String name) throws IOException {
        JsonNode n = goldens(name).get("special_token_names");
        if (n.isNull()) {
            return HuggingFaceTokenizer.load(folder(name));
        }
        return HuggingFaceTokenizer.load(folder(name), SpecialTokenNames.of(n.get("pad").asText(),
                n.get("begin_of_text").asText(), n.get("end_of_turn").asText(), n.get("image").asText(),
                n.get("system").asText(), n.get("user").asText(), n.get("assistant").asText()));
    }

    private static ChatTemplate template(String name, Tokenizer tokenizer) throws IOException {
        return ChatTemplates.forModel(folder(name), tokenizer, goldens(name).get("tokens_per_image").asInt());
    }

    private static int[] ints(JsonNode array) {
        int[] out = new int[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asInt();
        }
        return out;
    }

    private static RgbImage image(int k) {
        return RgbImage.of(1, 1, new int[] {k});
    }

    private static List<Message> messages(JsonNode messages) {
        List<Message> out = new ArrayList<>();
        int k = 0;
        for (JsonNode m : messages) {
            List<RgbImage> images = new ArrayList<>();
            for (int i = 0; i < m.get("images").asInt(); i++) {
                images.add(image(++k));
            }
            out.add(new Message(Role.valueOf(m.get("role").asText().toUpperCase(java.util.Locale.ROOT)),
                    m.get("text").asText(), images));
        }
        return out;
    }

    private static List<JsonNode> cases(JsonNode goldens, boolean generationPrompt) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode c : goldens.get("cases")) {
            if (c.get("add_generation_prompt").asBoolean() == generationPrompt) {
                out.add(c);
            }
        }
        return out;
    }

    @ParameterizedTest
    @MethodSource("folders")
    void promptsEqualTransformersIdsAndDecodeToItsText(String name) throws IOException {
        JsonNode g = goldens(name);
        try (HuggingFaceTokenizer tok = tokenizer(name)) {
            ChatTemplate t = template(name, tok);
            List<JsonNode> cases = cases(g, true);
            assertThat(cases).hasSizeGreaterThanOrEqualTo(5);
            for (JsonNode c : cases) {
                List<Message> messages = messages(c.get("messages"));
                EncodedPrompt p = t.encodePrompt(new Observation(messages));
                String what = name + " " + c.get("name").asText() + ": " + c.get("text").asText();
                assertThat(p.ids()).as(what).containsExactly(ints(c.get("ids")));
                assertThat(tok.decode(p.ids())).as(what).isEqualTo(c.get("decoded").asText());
                assertThat(p.images()).as(what).containsExactlyElementsOf(
                        messages.stream().flatMap(m -> m.images().stream()).toList());
                if (c.has("image_starts")) {
                    assertThat(p.imageStarts()).as(what).containsExactly(ints(c.get("image_starts")));
                } else {
                    assertThat(p.imageStarts()).as(what).isEmpty();
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("folders")
    void anAssistantTurnInTheHistoryRendersAsTheTemplateDoes(String name) throws IOException {
        JsonNode g = goldens(name);
        try (HuggingFaceTokenizer tok = tokenizer(name)) {
            ChatTemplate t = template(name, tok);
            for (JsonNode c : g.get("cases")) {
                if (!c.get("name").asText().endsWith("multi_turn")) {
                    continue;
                }
                assertThat(c.get("text").asText()).contains(c.get("messages").get(c.get("messages").size() - 2)
                        .get("text").asText());
                assertThat(t.encodePrompt(new Observation(messages(c.get("messages")))).ids())
                        .as(name + " " + c.get("name").asText()).containsExactly(ints(c.get("ids")));
            }
        }
    }

    @ParameterizedTest
    @MethodSource("folders")
    void promptThenResponseIsWhatTheTemplateRendersForTheAnsweredConversation(String name) throws IOException {
        JsonNode g = goldens(name);
        try (HuggingFaceTokenizer tok = tokenizer(name)) {
            ChatTemplate t = template(name, tok);
            int eot = g.get("control_ids").get(g.get("end_of_turn").asText()).asInt();
            assertThat(tok.special().endOfTurn()).isEqualTo(eot);
            List<JsonNode> cases = cases(g, false);
            assertThat(cases).isNotEmpty();
            for (JsonNode c : cases) {
                List<Message> messages = messages(c.get("messages"));
                Message answer = messages.remove(messages.size() - 1);
                assertThat(answer.text()).isEqualTo(c.get("response").asText());
                int[] prompt = t.encodePrompt(new Observation(messages)).ids();
                int[] response = t.encodeResponse(answer.text());
                assertThat(response[response.length - 1]).isEqualTo(eot);
                int[] all = IntStream.concat(IntStream.concat(IntStream.of(prompt), IntStream.of(response)),
                        IntStream.of(ints(c.get("trailing_ids")))).toArray();
                assertThat(all).as(name + " " + c.get("name").asText()).containsExactly(ints(c.get("ids")));
            }
            assertThat(t.encodeResponse("")).endsWith(eot);
        }
    }

    @Test
    void forModelPicksTheFamilyAndItsDefaults() throws IOException {
        try (HuggingFaceTokenizer qwen2 = tokenizer("qwen2"); HuggingFaceTokenizer qwen25 = tokenizer("qwen2.5");
                HuggingFaceTokenizer smollm2 = tokenizer("smollm2"); HuggingFaceTokenizer llama3 = tokenizer("llama3");
                HuggingFaceTokenizer llama31 = tokenizer("llama3.1");
                HuggingFaceTokenizer llama32 = tokenizer("llama3.2");
                HuggingFaceTokenizer smolvlm = tokenizer("smolvlm")) {
            assertThat(template("qwen2", qwen2)).isInstanceOfSatisfying(ChatMlTemplate.class,
                    t -> assertThat(t.defaultSystem()).contains(ChatMlTemplate.QWEN2_DEFAULT_SYSTEM));
            assertThat(template("qwen2.5", qwen25)).isInstanceOfSatisfying(ChatMlTemplate.class,
                    t -> assertThat(t.defaultSystem()).contains(ChatMlTemplate.QWEN25_DEFAULT_SYSTEM));
            assertThat(template("smollm2", smollm2)).isInstanceOfSatisfying(ChatMlTemplate.class,
                    t -> assertThat(t.defaultSystem()).contains(ChatMlTemplate.SMOLLM2_DEFAULT_SYSTEM));
            assertThat(template("llama3", llama3)).isInstanceOfSatisfying(Llama3ChatTemplate.class,
                    t -> assertThat(t.todayDate()).isEmpty());
            assertThat(template("llama3.1", llama31)).isInstanceOfSatisfying(Llama3ChatTemplate.class,
                    t -> assertThat(t.todayDate()).contains(Llama3ChatTemplate.TODAY_DATE));
            assertThat(template("llama3.2", llama32)).isInstanceOfSatisfying(Llama3ChatTemplate.class,
                    t -> assertThat(t.todayDate()).contains("26 Jul 2024"));
            assertThat(template("smolvlm", smolvlm)).isInstanceOfSatisfying(SmolVlmChatTemplate.class,
                    t -> assertThat(t.tokensPerImage()).isEqualTo(SmolVlmChatTemplate.SMOLVLM_TOKENS_PER_IMAGE));
        }
        for (String name : folders().toList()) {
            assertThat(goldens(name).get("default_system").isNull()).isEqualTo(!name.startsWith("qwen")
                    && !name.equals("smollm2"));
        }
    }

    @Test
    void theDefaultSystemMessageComesOnlyWithoutASystemTurn() throws IOException {
        try (HuggingFaceTokenizer tok = tokenizer("qwen2.5")) {
            ChatTemplate t = template("qwen2.5", tok);
            String without = tok.decode(t.encodePrompt(Observation.of("What is 2 + 3?")).ids());
            String with = tok.decode(t.encodePrompt(new Observation(List.of(Message.system("Be brief."),
                    Message.user("What is 2 + 3?")))).ids());
            assertThat(without).startsWith("system\n" + ChatMlTemplate.QWEN25_DEFAULT_SYSTEM);
            assertThat(with).startsWith("system\nBe brief.").doesNotContain("Qwen");
        }
    }

    @Test
    void aFolderWithoutChatTemplateGetsTheDefaultTemplate() throws IOException {
        try (HuggingFaceTokenizer tok = tokenizer("qwen2.5")) {
            Path downloaded = Files.createDirectories(dir.resolve("base-model"));
            Files.copy(folder("qwen2.5").resolve("tokenizer.json"), downloaded.resolve("tokenizer.json"));
            Files.writeString(downloaded.resolve("tokenizer_config.json"), "{\"eos_token\": \"<|endoftext|>\"}");
            assertThat(ChatTemplates.forModel(downloaded, tok, 3)).isInstanceOfSatisfying(DefaultChatTemplate.class,
                    t -> assertThat(t.tokensPerImage()).isEqualTo(3));

            Path written = dir.resolve("written");
            Tokenizers.save(tok, written);
            assertThat(ChatTemplates.forModel(written, Tokenizers.load(written), 0))
                    .isInstanceOf(DefaultChatTemplate.class);
        }
        assertThat(ChatTemplates.forModel(dir, new ByteTokenizer(), 0)).isInstanceOf(DefaultChatTemplate.class);
    }

    @Test
    void anUnknownTemplateIsRejectedNamingTheSupportedFamilies() throws IOException {
        Files.copy(folder("qwen2.5").resolve("tokenizer.json"), dir.resolve("tokenizer.json"));
        Files.writeString(dir.resolve("tokenizer_config.json"),
                "{\"chat_template\": \"{% for m in messages %}### {{ m['content'] }}{% endfor %}\"}");
        try (HuggingFaceTokenizer tok = HuggingFaceTokenizer.load(dir)) {
            assertThatThrownBy(() -> ChatTemplates.forModel(dir, tok, 0))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("tokenizer_config.json")
                    .hasMessageContaining("{% for m in messages %}")
                    .hasMessageContaining("ChatML").hasMessageContaining("Llama 3").hasMessageContaining("SmolVLM");
        }
    }

    @Test
    void aChatMlTemplateInChatTemplateJinjaIsFoundToo() throws IOException {
        Files.copy(folder("smollm2").resolve("tokenizer.json"), dir.resolve("tokenizer.json"));
        String jinja = JSON.readTree(folder("smollm2").resolve("tokenizer_config.json").toFile())
                .get("chat_template").asText();
        Files.writeString(dir.resolve("chat_template.jinja"), jinja);
        try (HuggingFaceTokenizer tok = tokenizer("smollm2")) {
            assertThat(ChatTemplates.forModel(dir, tok, 0)).isInstanceOfSatisfying(ChatMlTemplate.class,
                    t -> assertThat(t.defaultSystem()).contains(ChatMlTemplate.SMOLLM2_DEFAULT_SYSTEM));
        }
    }

    @Test
    void smolVlmExpandsEachImageIntoItsGlobalImageLayout() throws IOException {
        JsonNode ids = goldens("smolvlm").get("control_ids");
        int fake = ids.get("<fake_token_around_image>").asInt();
        int global = ids.get("<global-img>").asInt();
        int img = ids.get("<image>").asInt();
        try (HuggingFaceTokenizer tok = tokenizer("smolvlm")) {
            for (int perImage : new int[] {64, 4}) {
                ChatTemplate t = ChatTemplates.forModel(folder("smolvlm"), tok, perImage);
                EncodedPrompt p = t.encodePrompt(Observation.of("What is in the image?", List.of(image(1),
                        image(2))));
                assertThat(p.imageStarts()).hasSize(2);
                for (int start : p.imageStarts()) {
                    assertThat(p.ids()[start - 2]).isEqualTo(fake);
                    assertThat(p.ids()[start - 1]).isEqualTo(global);
                    assertThat(IntStream.range(start, start + perImage).map(i -> p.ids()[i])).containsOnly(img);
                    assertThat(p.ids()[start + perImage]).isEqualTo(fake);
                }
                assertThat(p.imageStarts()[1]).isEqualTo(p.imageStarts()[0] + perImage + 3);
                assertThat(IntStream.of(p.ids()).filter(i -> i == img).count()).isEqualTo(2L * perImage);
            }
        }
    }

    @Test
    void textOnlyTemplatesRejectImagesNamingThem() throws IOException {
        RgbImage picture = RgbImage.of(2, 3, new int[6]);
        Observation withImage = Observation.of("What is in the image?", List.of(picture));
        for (String name : List.of("qwen2.5", "llama3.1", "smolvlm")) {
            try (HuggingFaceTokenizer tok = tokenizer(name)) {
                ChatTemplate t = ChatTemplates.forModel(folder(name), tok, 0);
                assertThat(t.encodePrompt(Observation.of("What is 2 + 3?")).ids()).isNotEmpty();
                assertThatThrownBy(() -> t.encodePrompt(withImage))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("tokensPerImage = 0")
                        .hasMessageContaining(picture.toString());
            }
        }
    }

    @Test
    void textTemplatesPlaceImagePlaceholdersBeforeTheText() throws IOException {
        try (HuggingFaceTokenizer tok = tokenizer("qwen2.5")) {
            ChatTemplate t = ChatTemplates.forModel(folder("qwen2.5"), tok, 3);
            EncodedPrompt p = t.encodePrompt(Observation.of("What is 2 + 3?", List.of(image(1))));
            int start = p.imageStarts()[0];
            assertThat(IntStream.range(start, start + 3).map(i -> p.ids()[i])).containsOnly(tok.special().image());
            assertThat(tok.decode(java.util.Arrays.copyOf(p.ids(), start))).endsWith("user\n");
            assertThat(tok.decode(java.util.Arrays.copyOfRange(p.ids(), start + 3, p.ids().length)))
                    .startsWith("What is 2 + 3?");
        }
    }

    @Test
    void theTokenizersEndOfTurnMustEndTheTemplatesTurns() throws IOException {
        try (HuggingFaceTokenizer wrong = HuggingFaceTokenizer.load(folder("smollm2"), SpecialTokenNames.of(
                "<|im_end|>", "<|im_start|>", "<|endoftext|>", "<|endoftext|>", "<|im_start|>", "<|im_start|>",
                "<|im_start|>"))) {
            assertThatThrownBy(() -> ChatTemplates.forModel(folder("smollm2"), wrong, 0))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("<|im_end|>")
                    .hasMessageContaining("endOfTurn");
        }
        try (HuggingFaceTokenizer tok = tokenizer("smollm2")) {
            assertThatThrownBy(() -> new Llama3ChatTemplate(tok, ChatTemplates.addedTokens(tok.source()), 0,
                    Llama3ChatTemplate.KNOWLEDGE_CUTOFF, Llama3ChatTemplate.TODAY_DATE))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("<|start_header_id|>");
        }
    }

    @Test
    void llama3TrimsContentsAsPythonDoes() throws IOException {
        assertThat(ChatTemplates.pythonStrip("\u00a0\u2003 a b \n\u001f")).isEqualTo("a b");
        assertThat(ChatTemplates.pythonStrip(" \t ")).isEmpty();
        try (HuggingFaceTokenizer tok = tokenizer("llama3.1")) {
            ChatTemplate t = template("llama3.1", tok);
            assertThat(t.encodeResponse("  It is 5.\n")).containsExactly(t.encodeResponse("It is 5."));
        }
    }

    @Test
    void smolVlmResponsesStartWithTheSpaceAfterAssistantColon() throws IOException {
        try (HuggingFaceTokenizer tok = tokenizer("smolvlm")) {
            ChatTemplate t = template("smolvlm", tok);
            int[] r = t.encodeResponse("It is 5.");
            assertThat(tok.decode(r)).isEqualTo(" It is 5.");
        }
    }
}
