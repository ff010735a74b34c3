package org.example.parity;

import java.util.Map;

import io.posttrain4j.core.verify.Verdict;
import io.posttrain4j.core.verify.Verifier;

/** Reward 1 for the right word, 0 for the wrong one, -1 for anything else. */
public final class ParityVerifier implements Verifier<ParityTask> {
    @Override
    public Verdict verify(ParityTask task, String response) {
        String said = response.strip().toLowerCase(java.util.Locale.ROOT);
        if (!said.equals("even") && !said.equals("odd")) {
            return new Verdict(-1, false, "answer with one word: even or odd", Map.of());
        }
        boolean right = said.equals(task.answer());
        return new Verdict(right ? 1 : 0, right, right ? "correct" : task.number() + " is " + task.answer(),
                Map.of());
    }
}
