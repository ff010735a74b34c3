package io.posttrain4j.cli;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import io.posttrain4j.core.env.Environment;
import io.posttrain4j.core.env.Environments;

/**
 * The options that pick an environment ({@code --env}, {@code --variant}, {@code --option key=value}), as a
 * picocli mixin shared by every command that runs episodes: add {@code @Mixin EnvironmentSelection env;} to a
 * command and call {@link #create(Environments)}. Bad names and option values become usage errors (exit 2) that
 * name the bad value and what is accepted.
 */
public final class EnvironmentSelection {
    @Spec(Spec.Target.MIXEE)
    private CommandSpec mixee;

    @Option(names = "--env", required = true, paramLabel = "<name>",
            description = "The environment: an id (its default variant), id/variant, or a variant name that only "
                    + "one environment offers. 'posttrain4j list' shows them.")
    private String env;

    @Option(names = "--variant", paramLabel = "<name>",
            description = "The variant of --env (default: the environment's first variant).")
    private String variant;

    @Option(names = "--option", paramLabel = "<key=value>",
            description = "An environment option, repeatable (e.g. --option target=24). 'posttrain4j list' shows "
                    + "the options of each environment with their defaults.")
    private Map<String, String> options = new LinkedHashMap<>();

    /** The name as written, {@code --variant} folded in: {@code id}, {@code id/variant} or a bare variant. */
    public String name() {
        if (variant == null) {
            return env;
        }
        if (env.contains("/")) {
            throw usageError("--env " + env + " already names a variant; drop --variant " + variant
                    + " or write --env " + env.substring(0, env.indexOf('/')));
        }
        return env + "/" + variant;
    }

    /** The option overrides, in the order given. */
    public Map<String, String> options() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(options));
    }

    /** Resolves the selection to a provider and variant. */
    public Environments.Resolved resolve(Environments environments) {
        String name = name();
        try {
            return environments.resolve(name);
        } catch (IllegalArgumentException e) {
            if (variant != null) {
                // --env names a variant rather than an environment id: say so instead of "unknown environment"
                Environments.Resolved asVariant;
                try {
                    asVariant = environments.resolve(env);
                } catch (IllegalArgumentException notAVariant) {
                    throw usageError(e.getMessage());
                }
                if (!asVariant.provider().id().equals(env)) {
                    throw usageError("--env " + env + " is a variant of " + asVariant.provider().id()
                            + ", not an environment id, so --variant " + variant + " cannot apply to it; write --env "
                            + env + " alone, or --env " + asVariant.provider().id() + " --variant <name> (variants: "
                            + String.join(", ", asVariant.provider().variants().stream()
                                    .map(v -> v.name()).toList()) + ")");
                }
            }
            throw usageError(e.getMessage());
        }
    }

    /** Creates the selected environment with its option overrides. */
    public Environment create(Environments environments) {
        Environments.Resolved r = resolve(environments);
        try {
            return r.provider().create(r.variant().name(), options);
        } catch (IllegalArgumentException e) {
            throw usageError(r.qualifiedName() + ": " + e.getMessage());
        }
    }

    private ParameterException usageError(String message) {
        return new ParameterException(mixee.commandLine(), message);
    }
}
