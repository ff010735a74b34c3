package io.posttrain4j.core.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunFolderTest {
    @TempDir
    Path dir;

    @Test
    void clearDeletesTheRunAndItsLeftoversAndKeepsOtherFiles() throws IOException {
        Files.createDirectories(dir.resolve("checkpoints/step-000300/policy"));
        Files.writeString(dir.resolve("checkpoints/latest"), "step-000300\n");
        Files.createDirectories(dir.resolve("tokenizer"));
        Files.createDirectories(dir.resolve("reference"));
        Files.writeString(dir.resolve("metrics.jsonl"), "{}\n");
        Files.writeString(dir.resolve("run.json"), "{}");
        Files.writeString(dir.resolve("config.json"), "{}"); // the run file of PPO runs of earlier versions
        Files.writeString(dir.resolve(".metrics.jsonl123.tmp"), "{");
        Files.createDirectories(dir.resolve(".cleared-42/checkpoints")); // an earlier clear cut short by a kill
        Files.writeString(dir.resolve("notes.txt"), "mine");

        assertThat(RunFolder.entries(dir)).containsExactly(".metrics.jsonl123.tmp", "checkpoints", "config.json",
                "metrics.jsonl", "notes.txt", "reference", "run.json", "tokenizer");
        assertThat(RunFolder.clear(dir)).startsWith("checkpoints").containsExactlyInAnyOrder("checkpoints",
                "metrics.jsonl", "run.json", "config.json", "reference", "tokenizer", ".metrics.jsonl123.tmp");
        try (var list = Files.list(dir)) {
            assertThat(list.map(p -> p.getFileName().toString()).toList()).containsExactly("notes.txt");
        }
        assertThat(RunFolder.entries(dir.resolve("missing"))).isEmpty();
        assertThat(RunFolder.clear(dir.resolve("missing"))).isEmpty();
    }
}
