package io.posttrain4j.core.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @Test
    void aFailedWriteLeavesTheOldContentAndNoTempFile(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("out.txt");
        AtomicFiles.writeString(f, "old");
        assertThatThrownBy(() -> AtomicFiles.write(f, out -> {
            out.write("half".getBytes());
            throw new IOException("disk full");
        })).hasMessage("disk full");
        assertThat(Files.readString(f)).isEqualTo("old");
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(f);
        }
    }

    @Test
    void newFilesAreReadableByOthersLikeOrdinaryOutputs(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("plot.png");
        AtomicFiles.writeString(f, "x");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).isEqualTo("rw-r--r--");
    }

    @Test
    void replacingAFolderSwapsInTheStagedOne(@TempDir Path dir) throws IOException {
        Path target = dir.resolve("ckpt");
        Path staged = dir.resolve(".ckpt.staging");
        Files.createDirectories(target);
        Files.writeString(target.resolve("a"), "old");
        Files.createDirectories(staged);
        Files.writeString(staged.resolve("a"), "new");
        AtomicFiles.replaceDirectory(staged, target);
        assertThat(Files.readString(target.resolve("a"))).isEqualTo("new");
        assertThat(staged).doesNotExist();
    }
}
