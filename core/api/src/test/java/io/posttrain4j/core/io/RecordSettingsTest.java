package io.posttrain4j.core.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

class RecordSettingsTest {
    enum Mode { FAST, SLOW }

    record Config(int steps, double rate, boolean sort, String name, Mode mode, List<String> variants,
            Map<String, String> options, Path runDir, long seed) {
        Config {
            if (steps < 1) {
                throw new IllegalArgumentException("steps must be >= 1, got " + steps);
            }
            variants = List.copyOf(variants);
            options = Map.copyOf(options);
        }
    }

    private static final Config BASE = new Config(10, 1e-3, true, "a", Mode.FAST, List.of("x"), Map.of(),
            Path.of("runs/a"), 1);

    @Test
    void commandLineTextReachesEveryKindOfSetting() {
        Config c = RecordSettings.override(BASE, Map.of("steps", "300", "rate", "5e-4", "sort", "false", "name", "b",
                "mode", "slow", "variants", "gp-l, gp-l-rule-ood", "options", "prompt=compact,verifyIter=1",
                "seed", "-7"), Map.of(), "--set");
        assertThat(c).isEqualTo(new Config(300, 5e-4, false, "b", Mode.SLOW, List.of("gp-l", "gp-l-rule-ood"),
                Map.of("prompt", "compact", "verifyIter", "1"), Path.of("runs/a"), -7));
        assertThat(RecordSettings.override(BASE, Map.of("variants", "", "options", "{\"a\": \"1\"}"), Map.of(), "--set"))
                .extracting(Config::variants, Config::options).containsExactly(List.of(), Map.of("a", "1"));
    }

    @Test
    void jsonValuesFromAFileRoundTrip() throws Exception {
        var json = RecordSettings.toJson(BASE);
        assertThat(json.get("runDir").asText()).isEqualTo(Path.of("runs/a").toString());
        assertThat(json.get("mode").asText()).isEqualTo("FAST");
        Map<String, Object> file = new ObjectMapper().convertValue(json, Map.class);
        assertThat(RecordSettings.override(BASE, file, Map.of(), "c.json")).isEqualTo(BASE);
        var tree = new ObjectMapper().readTree("{\"steps\": 20, \"rate\": 2, \"variants\": [\"v\"]}");
        Config c = RecordSettings.override(BASE, Map.of("steps", tree.get("steps"), "rate", tree.get("rate"),
                "variants", tree.get("variants")), Map.of(), "c.json");
        assertThat(c.steps()).isEqualTo(20);
        assertThat(c.rate()).isEqualTo(2.0);
        assertThat(c.variants()).containsExactly("v");
    }

    @Test
    void wholeNumbersReadTheSameFromTextAsFromAFile() throws Exception {
        var file = new ObjectMapper().readTree("{\"steps\": 3.0, \"seed\": 1e3}");
        Config fromFile = RecordSettings.override(BASE, Map.of("steps", file.get("steps"), "seed", file.get("seed")),
                Map.of(), "c.json");
        Config fromText = RecordSettings.override(BASE, Map.of("steps", "3.0", "seed", "1e3"), Map.of(), "--set");
        assertThat(fromText).isEqualTo(fromFile);
        assertThat(fromText.steps()).isEqualTo(3);
        assertThat(fromText.seed()).isEqualTo(1000L);
        assertThatThrownBy(() -> RecordSettings.override(BASE, Map.of("seed", "1e30"), Map.of(), "--set"))
                .hasMessage("--set: seed = '1e30' is not a long");
    }

    @Test
    void aPathValueIsItsText() {
        Config c = RecordSettings.override(BASE, Map.of("runDir", Path.of("runs", "b")), Map.of(), "the flags");
        assertThat(c.runDir()).isEqualTo(Path.of("runs", "b"));
        assertThat(RecordSettings.override(BASE, Map.of("name", Path.of("n")), Map.of(), "the flags").name())
                .isEqualTo("n");
    }

    @Test
    void badKeysAndValuesAreNamedWithWhatIsAccepted() {
        assertThatThrownBy(() -> RecordSettings.override(BASE, Map.of("stpes", "3"), Map.of(), "--set"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--set: unknown setting 'stpes'").hasMessageContaining("did you mean steps?");
        assertThatThrownBy(() -> RecordSettings.override(BASE, Map.of("steps", "3.5"), Map.of(), "--set"))
                .hasMessage("--set: steps = '3.5' is not an int");
        assertThatThrownBy(() -> RecordSettings.override(BASE, Map.of("steps", "1e10"), Map.of(), "--set"))
                .hasMessageContaining("steps = '1e10'");
        assertThatThrownBy(() -> RecordSettings.override(BASE, Map.of("rate", "fast"), Map.of(), "--set"))
                .hasMessage("--set: rate = 'fast' is not a double");
        assertThatThrownBy(() -> RecordSettings.override(BASE, Map.of("sort", "yes"), Map.of(), "--set"))
                .hasMessage("--set: sort = 'yes' is not a boolean");
        assertThatThrownBy(() -> RecordSettings.override(BASE, Map.of("mode", "MEDIUM"), Map.of(), "--set"))
                .hasMessage("--set: mode = 'MEDIUM' is not one of [FAST, SLOW]");
        assertThatThrownBy(() -> RecordSettings.override(BASE, Map.of("steps", "0"), Map.of(), "--set"))
                .hasMessage("--set [steps]: steps must be >= 1, got 0");
        assertThatThrownBy(() -> RecordSettings.override(BASE, Map.of("runDir", "x"), Map.of("runDir", "--out"),
                "--set")).hasMessage("--set: runDir is not set here; use --out");
        assertThatThrownBy(() -> RecordSettings.parseAssignments(List.of("steps"), "--set"))
                .hasMessageContaining("--set steps: expected key=value");
    }

    @Test
    void noValuesGiveTheSameRecordAndTheNamesAreTheComponents() {
        assertThat(RecordSettings.override(BASE, Map.of(), Map.of(), "--set")).isSameAs(BASE);
        assertThat(RecordSettings.describe(Config.class)).containsEntry("steps", "int")
                .containsEntry("variants", "List<String>").hasSize(9);
    }
}
