package io.voltrace.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScratchTest {
    @TempDir
    Path dir;

    @Test
    void aTemporaryFolderIsGoneAfterTheJobEvenWhenItFails() throws Exception {
        AtomicReference<Path> used = new AtomicReference<>();
        int code = Scratch.inFolder(null, "voltrace-scratch-test-", folder -> {
            used.set(folder);
            Files.writeString(Files.createDirectories(folder.resolve("a/b")).resolve("c.txt"), "x");
            return 3;
        });
        assertThat(code).isEqualTo(3);
        assertThat(used.get()).doesNotExist();

        assertThatThrownBy(() -> Scratch.inFolder(null, "voltrace-scratch-test-", folder -> {
            used.set(folder);
            Files.writeString(folder.resolve("d.txt"), "y");
            throw new IOException("disk full");
        })).hasMessage("disk full");
        assertThat(used.get()).doesNotExist();
    }

    @Test
    void aGivenFolderIsMadeIfMissingAndKept() throws Exception {
        Path given = dir.resolve("data/bench");
        int code = Scratch.inFolder(given, "unused-", folder -> {
            assertThat(folder).isEqualTo(given).isDirectory();
            Files.writeString(folder.resolve("kept.txt"), "z");
            return 0;
        });
        assertThat(code).isZero();
        assertThat(given.resolve("kept.txt")).hasContent("z");
    }
}
