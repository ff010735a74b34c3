package io.posttrain4j.core.tensor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * Keeps DJL's number forms of arithmetic ({@code x.mul(2f)}, {@code x.div((float) n)}, ...) out of the library's
 * main and test sources: on the PyTorch engine they hand autograd an operand in Java memory that is freed before
 * backward (see {@link Tensors}); a test policy that used them would make a training test fail at random. In-place
 * forms ({@code muli}, ...) run under no-grad and are allowed; comment lines are not code.
 */
class ScalarArithmeticLintTest {
    private static final Pattern NUMBER_ARITHMETIC = Pattern.compile(
            "\\.(mul|div|add|sub|pow|maximum|minimum|rsub|rdiv)\\(\\s*(\\(\\s*(float|double|int|long)\\s*\\)|-?[0-9])");

    @Test
    void sourcesUseTensorsForArithmeticWithNumbers() throws IOException {
        Path root = repositoryRoot();
        List<String> offenders = new ArrayList<>();
        List<Path> scanned = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            files.filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> p.toString().contains("/src/main/java/") || p.toString().contains("/src/test/java/"))
                    .filter(p -> !p.getFileName().toString().equals("ScalarArithmeticLintTest.java"))
                    .filter(p -> !p.toString().contains("/target/"))
                    .filter(p -> !p.toString().contains("/core/tensor/"))
                    .forEach(p -> {
                        try {
                            List<String> lines = Files.readAllLines(p);
                            if (lines.stream().noneMatch(l -> l.startsWith("import ai.djl."))) {
                                return; // not tensor code
                            }
                            scanned.add(p);
                            for (int i = 0; i < lines.size(); i++) {
                                String code = lines.get(i).trim();
                                if (code.startsWith("*") || code.startsWith("//") || code.startsWith("/*")) {
                                    continue;
                                }
                                if (NUMBER_ARITHMETIC.matcher(code).find()) {
                                    offenders.add(root.relativize(p) + ":" + (i + 1) + ": " + lines.get(i).trim());
                                }
                            }
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    });
        }
        assertThat(scanned).as("tensor sources found under " + root).hasSizeGreaterThan(20);
        assertThat(offenders).as("use io.posttrain4j.core.tensor.Tensors for arithmetic with a number").isEmpty();
    }

    @Test
    void thePatternCatchesTheFormsItIsFor() {
        assertThat(NUMBER_ARITHMETIC.matcher("q.mul((float) (1 / Math.sqrt(hd)))").find()).isTrue();
        assertThat(NUMBER_ARITHMETIC.matcher("x.div(2f)").find()).isTrue();
        assertThat(NUMBER_ARITHMETIC.matcher("m.muli((float) beta1)").find()).isFalse();
        assertThat(NUMBER_ARITHMETIC.matcher("x.mul(scores.mask())").find()).isFalse();
    }

    /** The folder that holds the parent pom with core/ and the trainers beside it. */
    private static Path repositoryRoot() {
        Path here = Path.of("").toAbsolutePath();
        for (Path p = here; p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("core")) && Files.isDirectory(p.resolve("trainer-sft"))
                    && Files.isRegularFile(p.resolve("pom.xml"))) {
                return p;
            }
        }
        throw new IllegalStateException("no repository root above " + here);
    }
}
