package io.posttrain4j.generalpoints;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.posttrain4j.generalpoints.game.FaceRule;
import io.posttrain4j.generalpoints.game.Solver;

class SolverTest {
    @Test
    void classicGameHas1820MultisetsOfWhich1362AreSolvable() {
        int multisets = 0;
        int solvable = 0;
        int solvableByEnumeration = 0;
        for (int a = 1; a <= 13; a++) {
            for (int b = a; b <= 13; b++) {
                for (int c = b; c <= 13; c++) {
                    for (int d = c; d <= 13; d++) {
                        multisets++;
                        List<Integer> v = List.of(a, b, c, d);
                        if (Solver.isSolvable(v, 24)) {
                            solvable++;
                        }
                        if (!Solver.solveUncached(v, 24).isEmpty()) {
                            solvableByEnumeration++;
                        }
                    }
                }
            }
        }
        assertThat(multisets).isEqualTo(1820);
        assertThat(solvable).isEqualTo(1362);
        assertThat(solvableByEnumeration).isEqualTo(1362);
    }

    /** Golden file from the reference solver: see src/test/python/make_reference_golden.py. */
    @Test
    void everyHandHasExactlyTheReferenceSolverStringsUnderBothRules() throws IOException {
        List<String> lines = resourceLines("/golden/solver-all-hands.tsv");
        assertThat(lines).hasSize(1 + 2 * 1820);
        List<String> mismatches = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split("\t");
            List<Integer> ranks = Arrays.stream(f[0].split(",")).map(Integer::valueOf).toList();
            FaceRule rule = f[1].equals("as10") ? FaceRule.AS_10 : FaceRule.AS_11_12_13;
            List<Integer> values = ranks.stream().map(rule::value).toList();
            List<String> sorted = new ArrayList<>(Solver.solutions(values, 24));
            sorted.sort(null);
            if (sorted.size() != Integer.parseInt(f[2]) || !md5(String.join("\n", sorted)).equals(f[3])) {
                mismatches.add(line + " -> " + sorted.size());
            }
        }
        assertThat(mismatches).isEmpty();
    }

    @Test
    void fewHandsHaveTheReferenceSolutionListsInFull() throws IOException {
        Map<String, List<String>> golden;
        try (InputStream in = getClass().getResourceAsStream("/golden/solver-hands.json")) {
            golden = new ObjectMapper().readValue(in, new TypeReference<Map<String, List<String>>>() {});
        }
        assertThat(golden).hasSize(6);
        for (Map.Entry<String, List<String>> e : golden.entrySet()) {
            List<Integer> values = Arrays.stream(e.getKey().split(",")).map(Integer::valueOf).toList();
            assertThat(Solver.solutions(values, 24)).as(e.getKey()).containsExactlyInAnyOrderElementsOf(e.getValue());
        }
    }

    @Test
    void solutionsAreWrittenWithoutSpacesAndIncludeTheClassicForms() {
        assertThat(Solver.solutions(List.of(1, 2, 3, 4), 24)).contains("1*2*3*4", "(1+2+3)*4", "(1+3)*(2+4)")
                .allSatisfy(s -> assertThat(s).doesNotContain(" "));
        assertThat(Solver.solutions(List.of(3, 3, 8, 8), 24)).containsExactly("8/(3-8/3)");
        assertThat(Solver.solutions(List.of(1, 1, 1, 1), 24)).isEmpty();
    }

    @Test
    void orderDoesNotChangeTheSolutionsAndTheFirstIsDeterministic() {
        assertThat(Solver.solutions(List.of(9, 10, 3, 9), 24)).isEqualTo(Solver.solutions(List.of(3, 9, 9, 10), 24));
        assertThat(Solver.firstSolution(List.of(10, 3, 9, 9), 24)).contains("3*(9+9-10)");
    }

    @Test
    void otherTargetsWork() {
        assertThat(Solver.solutions(List.of(1, 2, 3, 4), 10)).contains("1+2+3+4");
        assertThat(Solver.isSolvable(List.of(1, 1, 1, 1), 4)).isTrue();
        assertThat(Solver.isSolvable(List.of(1, 1, 1, 1), 5)).isFalse();
    }

    @Test
    void badInputIsRejectedWithTheValue() {
        assertThatThrownBy(() -> Solver.solutions(List.of(1, 2, 3), 24)).hasMessageContaining("exactly 4 values");
        assertThatThrownBy(() -> Solver.solutions(List.of(1, 2, 3, 101), 24)).hasMessageContaining("101");
        assertThatThrownBy(() -> Solver.isSolvable(List.of(1, 2, 3, 4), 2_000_000)).hasMessageContaining("2000000");
    }

    static List<String> resourceLines(String path) throws IOException {
        try (InputStream in = SolverTest.class.getResourceAsStream(path)) {
            assertThat(in).as(path).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
    }

    private static String md5(String s) {
        try {
            byte[] d = MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8));
            return String.format("%032x", new BigInteger(1, d));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
