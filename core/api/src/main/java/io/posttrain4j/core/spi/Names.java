package io.posttrain4j.core.spi;

import java.util.Collection;
import java.util.Optional;

/** Name matching for "did you mean" answers. */
public final class Names {
    private Names() {}

    /** The candidate closest to {@code name} by edit distance, if one is close enough to be a typo. */
    public static Optional<String> closest(String name, Collection<String> candidates) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String c : candidates) {
            int d = editDistance(name.toLowerCase(), c.toLowerCase());
            if (d < bestDistance) {
                best = c;
                bestDistance = d;
            }
        }
        if (best == null || bestDistance > Math.max(2, best.length() / 2)) {
            return Optional.empty();
        }
        return Optional.of(best);
    }

    /** "unknown environment 'x'; known: a, b; did you mean a?" */
    public static String unknown(String what, String name, Collection<String> known) {
        StringBuilder sb = new StringBuilder("unknown ").append(what).append(" '").append(name).append("'; known: ")
                .append(known.isEmpty() ? "(none)" : String.join(", ", known.stream().sorted().toList()));
        closest(name, known).ifPresent(c -> sb.append("; did you mean ").append(c).append('?'));
        return sb.toString();
    }

    /** Levenshtein distance. */
    public static int editDistance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
