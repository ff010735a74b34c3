package io.posttrain4j.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import picocli.CommandLine.Command;

import io.posttrain4j.core.corpus.Corpora;
import io.posttrain4j.core.corpus.CorpusProvider;
import io.posttrain4j.core.env.EnvironmentProvider;
import io.posttrain4j.core.env.Environments;
import io.posttrain4j.core.env.Variant;
import io.posttrain4j.core.policy.Policies;
import io.posttrain4j.core.policy.PolicyProvider;
import io.posttrain4j.core.spi.ProviderRegistry;
import io.posttrain4j.core.verify.VerifierProvider;
import io.posttrain4j.core.verify.Verifiers;

/**
 * {@code posttrain4j list}: what is on the class path. Environments with their variants and options, verifiers
 * with their modes, policy providers with their presets, corpora with their families, and the providers that
 * failed to load. A provider that
 * throws while describing itself is reported in place and does not hide the others.
 */
@Command(
        name = "list",
        mixinStandardHelpOptions = true,
        description = {
            "Lists the environments, verifiers, policy providers and corpora on the class path.",
            "",
            "Environments with their variants (name, split, modality, description) and options (with defaults), "
                    + "verifiers with their task fields and modes, policy providers with their presets, corpora with "
                    + "their families and options, and any provider that failed to load. The first variant, mode or preset is the default.",
        })
public final class ListCommand extends CliCommand {
    @Override
    public Integer call() {
        PrintWriter out = out();
        List<String> failures = new ArrayList<>();

        Environments environments = Environments.discover();
        ProviderRegistry<EnvironmentProvider> envRegistry = environments.registry();
        out.println("Environments (" + envRegistry.ids().size() + ")");
        for (EnvironmentProvider p : envRegistry.all()) {
            describe(out, failures, "environment", p.id(), () -> environment(out, p));
        }
        failures.addAll(prefixed("environment", envRegistry.failures()));

        @SuppressWarnings("rawtypes")
        ProviderRegistry<VerifierProvider> verifiers = Verifiers.discover();
        out.println();
        out.println("Verifiers (" + verifiers.ids().size() + ")");
        int verifierWidth = maxLength(verifiers.ids(), id -> id);
        for (VerifierProvider<?> v : verifiers.all()) {
            describe(out, failures, "verifier", v.id(), () -> out.println("  " + pad(v.id(), verifierWidth) + "  task "
                    + v.taskType().getSimpleName() + fields(v.taskType()) + "  modes: " + defaulted(v.modes())));
        }
        failures.addAll(prefixed("verifier", verifiers.failures()));

        ProviderRegistry<PolicyProvider> policies = Policies.discover();
        out.println();
        out.println("Policy providers (" + policies.ids().size() + ")");
        int policyWidth = maxLength(policies.ids(), id -> id);
        for (PolicyProvider p : policies.all()) {
            describe(out, failures, "policy", p.id(),
                    () -> out.println("  " + pad(p.id(), policyWidth) + "  presets: " + defaulted(p.presets())));
        }
        failures.addAll(prefixed("policy", policies.failures()));

        ProviderRegistry<CorpusProvider> corpora = Corpora.discover().registry();
        out.println();
        out.println("Corpora (" + corpora.ids().size() + ")");
        for (CorpusProvider c : corpora.all()) {
            describe(out, failures, "corpus", c.id(), () -> corpus(out, c));
        }
        failures.addAll(prefixed("corpus", corpora.failures()));

        out.println();
        if (failures.isEmpty()) {
            out.println("Failed providers: none");
        } else {
            out.println("Failed providers (" + failures.size() + ")");
            failures.forEach(f -> out.println("  " + f));
        }
        out.flush();
        return 0;
    }

    private static void environment(PrintWriter out, EnvironmentProvider p) {
        List<Variant> variants = p.variants();
        Map<String, String> options = p.options();
        out.println("  " + p.id());
        out.println("    variants:");
        int width = maxLength(variants, Variant::name);
        int splitWidth = maxLength(variants, v -> v.split().label());
        for (int i = 0; i < variants.size(); i++) {
            Variant v = variants.get(i);
            out.println("      " + pad(v.name(), width) + "  " + pad(v.split().label(), splitWidth) + "  "
                    + pad(v.modality().name().toLowerCase(), 5) + "  " + v.description()
                    + (i == 0 ? "  (default)" : ""));
        }
        if (options.isEmpty()) {
            out.println("    options: none");
            return;
        }
        out.println("    options (--option key=value; default: description):");
        int keyWidth = maxLength(List.copyOf(options.keySet()), k -> k);
        options.forEach((k, d) -> out.println("      " + pad(k, keyWidth) + "  " + d));
    }

    private static void corpus(PrintWriter out, CorpusProvider c) {
        out.println("  " + c.id());
        out.println("    families (pretrain --corpus " + c.id() + "/family=weight):");
        int width = maxLength(List.copyOf(c.families().keySet()), k -> k);
        c.families().forEach((f, d) -> out.println("      " + pad(f, width) + "  " + d));
        Map<String, String> options = c.options();
        if (options.isEmpty()) {
            out.println("    options: none");
            return;
        }
        out.println("    options (--corpus-option " + c.id() + ".key=value; default: description):");
        int keyWidth = maxLength(List.copyOf(options.keySet()), k -> k);
        options.forEach((k, d) -> out.println("      " + pad(k, keyWidth) + "  " + d));
    }

    private static void describe(PrintWriter out, List<String> failures, String kind, String id, Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            out.println("  " + id + "  (cannot describe itself, see failed providers)");
            failures.add(kind + " " + id + ": " + e);
        }
    }

    private static String fields(Class<?> type) {
        if (!type.isRecord()) {
            return "";
        }
        List<String> names = new ArrayList<>();
        for (var c : type.getRecordComponents()) {
            names.add(c.getName());
        }
        return "(" + String.join(", ", names) + ")";
    }

    private static String defaulted(List<String> names) {
        if (names.isEmpty()) {
            return "(none)";
        }
        List<String> shown = new ArrayList<>(names);
        shown.set(0, shown.get(0) + " (default)");
        return String.join(", ", shown);
    }

    private static List<String> prefixed(String kind, List<String> failures) {
        return failures.stream().map(f -> kind + ": " + f).toList();
    }

    private static <T> int maxLength(List<T> items, Function<T, String> f) {
        return items.stream().mapToInt(t -> f.apply(t).length()).max().orElse(0);
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }
}
