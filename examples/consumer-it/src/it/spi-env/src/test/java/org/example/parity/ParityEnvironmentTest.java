package org.example.parity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.posttrain4j.core.env.Environment;
import io.posttrain4j.core.env.EnvironmentChecker;
import io.posttrain4j.core.env.Environments;
import io.posttrain4j.core.verify.VerifierProvider;
import io.posttrain4j.core.verify.Verifiers;

/** What an environment author's build needs: posttrain4j-api, nothing of DJL, no native library. */
class ParityEnvironmentTest {
    @Test
    void theRegistryFindsTheEnvironmentAndTheCheckerPassesIt() {
        Environments envs = Environments.discover();
        EnvironmentChecker.check(() -> envs.create("parity-small")).throwIfFailed();
        EnvironmentChecker.check(() -> envs.create("parity/parity-large")).throwIfFailed();
        try (Environment env = envs.create("parity-small")) {
            env.reset(3);
            assertThat(env.step(env.expert().orElseThrow().expertAnswer()).success()).isTrue();
        }
    }

    @Test
    void theVerifierIsFoundOnItsOwn() {
        @SuppressWarnings("unchecked")
        VerifierProvider<ParityTask> p = (VerifierProvider<ParityTask>) Verifiers.discover().get("parity");
        assertThat(p.create("default").verify(new ParityTask(7), " odd ").reward()).isEqualTo(1.0);
        assertThat(p.create("default").verify(new ParityTask(7), "seven").reward()).isEqualTo(-1.0);
    }

    @Test
    void theClassPathHoldsTheApiButNoDjlAndNoNativeLibrary() {
        List<String> entries = Arrays.asList(System.getProperty("java.class.path").split(File.pathSeparator));
        assertThat(entries).anyMatch(e -> e.contains("posttrain4j-api"));
        assertThat(entries).noneMatch(e -> e.contains("pytorch") || e.contains("djl") || e.contains("tokenizers"));
        assertThatThrownBy(() -> Class.forName("ai.djl.ndarray.NDArray")).isInstanceOf(ClassNotFoundException.class);
    }
}
