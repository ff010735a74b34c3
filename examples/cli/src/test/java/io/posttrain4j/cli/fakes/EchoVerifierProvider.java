package io.posttrain4j.cli.fakes;

import java.util.List;
import java.util.Map;

import io.posttrain4j.core.verify.Verdict;
import io.posttrain4j.core.verify.Verifier;
import io.posttrain4j.core.verify.VerifierProvider;
import io.posttrain4j.core.verify.Verifiers;

/** Test verifier {@code echo}: modes {@code exact} and {@code ignore-case}. */
public final class EchoVerifierProvider implements VerifierProvider<EchoTask> {
    @Override
    public String id() {
        return "echo";
    }

    @Override
    public Class<EchoTask> taskType() {
        return EchoTask.class;
    }

    @Override
    public List<String> modes() {
        return List.of("exact", "ignore-case");
    }

    @Override
    public Verifier<EchoTask> create(String mode) {
        boolean ignoreCase = Verifiers.checkMode(this, mode).equals("ignore-case");
        return (task, response) -> {
            String given = response.trim();
            boolean ok = ignoreCase ? given.equalsIgnoreCase(task.expected()) : given.equals(task.expected());
            Map<String, Object> details = Map.of("expected", task.expected(), "length", given.length());
            return ok ? new Verdict(1.0, true, "correct.", details) : new Verdict(-1.0, false, "wrong word.", details);
        };
    }
}
