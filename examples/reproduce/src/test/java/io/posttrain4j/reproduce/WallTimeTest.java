package io.posttrain4j.reproduce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WallTimeTest {
    @TempDir
    Path dir;

    @Test
    void eachInvocationAddsItsTimeToWhatTheFolderHeld() throws IOException {
        Files.writeString(dir.resolve(WallTime.FILE), "{\"seconds\":600.0,\"invocations\":1}\n");
        WallTime t = WallTime.Ledger.open(dir).record();
        assertThat(t.invocations()).isEqualTo(2);
        assertThat(t.total()).isBetween(Duration.ofSeconds(600), Duration.ofSeconds(660));
        assertThat(t.sentence()).startsWith("Wall time 10.0 min summed over 2 invocations on ");
        // recorded twice in one invocation: still one more invocation, not two
        assertThat(WallTime.Ledger.open(dir).record().invocations()).isEqualTo(3);
        assertThat(new WallTime(Duration.ofSeconds(90), 1).sentence()).startsWith("Wall time 1.5 min on ");
    }

    @Test
    void aFolderWithoutALedgerStartsAtZero() throws IOException {
        WallTime.Ledger ledger = WallTime.Ledger.open(dir.resolve("new"));
        WallTime t = ledger.record();
        assertThat(t.invocations()).isEqualTo(1);
        assertThat(t.total()).isLessThan(Duration.ofSeconds(60));
        assertThat(Files.readString(dir.resolve("new").resolve(WallTime.FILE))).contains("\"invocations\":1");
    }

    @Test
    void aDamagedLedgerIsNamed() throws IOException {
        Files.writeString(dir.resolve(WallTime.FILE), "{\"seconds\":\"ten\"}");
        assertThatThrownBy(() -> WallTime.Ledger.open(dir)).isInstanceOf(IOException.class)
                .hasMessageContaining(WallTime.FILE).hasMessageContaining("\"seconds\" and \"invocations\"");
        Files.writeString(dir.resolve(WallTime.FILE), "{not json");
        assertThatThrownBy(() -> WallTime.Ledger.open(dir)).isInstanceOf(IOException.class)
                .hasMessageContaining(WallTime.FILE);
    }
}
