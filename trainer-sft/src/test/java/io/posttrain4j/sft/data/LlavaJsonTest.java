package io.posttrain4j.sft.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.posttrain4j.core.env.Message;
import io.posttrain4j.core.image.RgbImage;

class LlavaJsonTest {
    @TempDir
    Path dir;

    private static RgbImage image(int seed) {
        int[] rgb = new int[6];
        for (int i = 0; i < rgb.length; i++) {
            rgb[i] = (seed * 7919 + i * 104729) & 0xFFFFFF;
        }
        return RgbImage.of(3, 2, rgb);
    }

    @Test
    void conversationsWithImagesAndSeveralTurnsSurviveARoundTrip() throws IOException {
        List<SftConversation> data = List.of(
                new SftConversation(List.of(Message.user("Cards: ['Q', '3']"), Message.assistant("(3*8)=24"))),
                new SftConversation(List.of(
                        Message.user("What do you see?", List.of(image(1))),
                        Message.assistant("wrong"),
                        Message.user("You are wrong because of X."),
                        Message.assistant("right"))),
                new SftConversation(List.of(
                        Message.system("be brief"),
                        Message.user("two pictures", List.of(image(2), image(3))),
                        Message.assistant("ok"))));
        Path file = dir.resolve("sft/data.json");
        LlavaJson.write(file, data);
        assertThat(LlavaJson.read(file)).isEqualTo(data);

        String json = Files.readString(file);
        assertThat(json).contains("\"image\" : \"images/000001-0.png\"").contains("\"from\" : \"human\"")
                .contains("\"value\" : \"<image>\\nWhat do you see?\"").contains("\"from\" : \"gpt\"");
        assertThat(dir.resolve("sft/images/000002-1.png")).isRegularFile();
    }

    @Test
    void theStudysPlaceholderLayoutsAreRead() throws IOException {
        RgbImage img = image(5);
        img.writePng(dir.resolve("a.png"));
        Files.writeString(dir.resolve("d.json"), """
                [{"id": "x", "image": "a.png", "conversations": [
                  {"from": "human", "value": "Describe.\\n<image>"}, {"from": "gpt", "value": "A card."}]}]
                """);
        SftConversation c = LlavaJson.read(dir.resolve("d.json")).get(0);
        assertThat(c.messages().get(0).text()).isEqualTo("Describe.");
        assertThat(c.messages().get(0).images()).containsExactly(img);
    }

    private void assertRejected(String json, String... parts) throws IOException {
        Path file = dir.resolve("bad.json");
        Files.writeString(file, json);
        assertThatThrownBy(() -> LlavaJson.read(file)).isInstanceOf(LlavaFormatException.class)
                .message().contains(parts);
    }

    @Test
    void malformedFilesAreRejectedNamingTheItemAndField() throws IOException {
        String ok = "{\"conversations\": [{\"from\": \"human\", \"value\": \"q\"}, {\"from\": \"gpt\", \"value\": \"a\"}]}";
        assertRejected("{\"a\": 1}", "expected a JSON list of items, got object");
        assertRejected("[" + ok + ", 3]", "item 1", "expected an object");
        assertRejected("[" + ok + ", {\"image\": \"x.png\"}]", "item 1", "'conversations' is missing");
        assertRejected("[{\"conversations\": [{\"from\": \"bot\", \"value\": \"q\"}]}]",
                "item 0", "'conversations[0].from' must be human or gpt", "'bot'");
        assertRejected("[{\"conversations\": [{\"from\": \"human\"}]}]", "item 0", "'conversations[0].value' is missing");
        assertRejected("[{\"image\": \"nope.png\", \"conversations\": [{\"from\": \"human\", \"value\": \"<image>\\nq\"},"
                + " {\"from\": \"gpt\", \"value\": \"a\"}]}]", "item 0", "field 'image'", "no file 'nope.png'");
        assertRejected("[" + ok + ", {\"image\": \"a.png\", \"conversations\": [{\"from\": \"human\", \"value\": \"q\"},"
                + " {\"from\": \"gpt\", \"value\": \"a\"}]}]", "item 1", "lists 1 image(s)", "0 <image> placeholder(s)");
        assertRejected("[{\"conversations\": [{\"from\": \"human\", \"value\": \"q\"}]}]",
                "item 0", "field 'conversations'", "user turn and an assistant turn");
        assertRejected("[{\"conversations\": [{\"from\": \"gpt\", \"value\": \"a\"}, {\"from\": \"human\", \"value\": \"q\"}]}]",
                "item 0", "turn 0 must be USER");
        assertRejected("[{\"conversations\": [", "not valid JSON");
    }
}
