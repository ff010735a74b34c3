package io.posttrain4j.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.posttrain4j.core.corpus.Corpora;
import io.posttrain4j.core.corpus.Corpus;
import io.posttrain4j.core.corpus.Probe;
import io.posttrain4j.core.rollout.Seeds;

/** Parses {@code --probe family[@key=value;...]} options of {@code pretrain} and {@code probe}. */
final class ProbeSpecs {
    private ProbeSpecs() {}

    /** The probes' seed for a command's {@code --seed}: pretrain and probe with one seed ask the same questions. */
    static long seed(long root) {
        return Seeds.stream(root, "pretrain-probes");
    }

    /** One probe's line of output. */
    static String line(String name, double accuracy) {
        return String.format(Locale.ROOT, "  %-40s %5.1f%%", name, 100 * accuracy);
    }

    /**
     * The probes of {@code specs} ({@code none} alone: no probes), each over the provider options of {@code base}
     * with its own overrides, drawn from {@code seed}.
     *
     * @throws IllegalArgumentException naming a bad family, option or exclusion
     */
    static List<Probe> parse(Corpora corpora, List<String> specs, Map<String, Map<String, String>> base, int questions,
            long seed) {
        if (specs.size() == 1 && specs.get(0).equalsIgnoreCase("none")) {
            return List.of();
        }
        List<Probe> out = new ArrayList<>();
        for (String spec : specs) {
            int at = spec.indexOf('@');
            String family = (at < 0 ? spec : spec.substring(0, at)).trim();
            Map<String, Map<String, String>> options = new LinkedHashMap<>();
            base.forEach((id, o) -> options.put(id, new LinkedHashMap<>(o)));
            String id = family.contains("/") ? family.substring(0, family.indexOf('/')) : family;
            if (at >= 0) {
                for (String kv : spec.substring(at + 1).split(";")) {
                    int eq = kv.indexOf('=');
                    if (eq <= 0) {
                        throw new IllegalArgumentException("--probe " + spec + ": options are key=value separated "
                                + "by ';', got '" + kv + "'");
                    }
                    options.computeIfAbsent(id, k -> new LinkedHashMap<>())
                            .put(kv.substring(0, eq).trim(), kv.substring(eq + 1).trim());
                }
            }
            Corpus c = corpora.mixture(corpora.parseMixture(family), options, seed);
            out.add(new Probe(spec.substring(spec.indexOf('/') + 1), c, questions));
        }
        return out;
    }
}
