package io.posttrain4j.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import io.posttrain4j.core.env.Environment;
import io.posttrain4j.core.env.EnvironmentProvider;
import io.posttrain4j.core.env.Environments;
import io.posttrain4j.core.env.Modality;
import io.posttrain4j.core.env.Observation;
import io.posttrain4j.core.env.Variant;
import io.posttrain4j.core.image.RgbImage;
import io.posttrain4j.core.spi.Names;

/**
 * {@code posttrain4j render}: writes the image of one observation of an image variant to a PNG, e.g. the 2x2
 * street-view grid of {@code virl} at the start of the route drawn from a seed.
 */
@Command(
        name = "render",
        mixinStandardHelpOptions = true,
        description = {
            "Writes the image of the first observation of an environment's image variant to a PNG.",
            "",
            "For virl: the 2x2 street-view grid at the start of the route drawn from --seed in --city.",
        })
public final class RenderCommand extends CliCommand {
    @Option(names = "--env", required = true, paramLabel = "<id>", description = "Environment id, e.g. virl.")
    String env;

    @Option(names = "--variant", paramLabel = "<name>",
            description = "Image variant (default: the first image variant of the environment).")
    String variant;

    @Option(names = "--city", paramLabel = "<name>", description = "City option of the environment (virl).")
    String city;

    @Option(names = "--seed", defaultValue = "0", description = "Reset seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--image", paramLabel = "<size>",
            description = "Image option, e.g. reference, small or 200+3 for virl (default: the environment's).")
    String image;

    @Option(names = "--option", paramLabel = "key=value", description = "Further environment options.")
    List<String> options = List.of();

    @Option(names = "--out", required = true, paramLabel = "<png>", description = "Output PNG file.")
    Path out;

    @Override
    public Integer call() {
        Environments environments = Environments.discover();
        EnvironmentProvider provider;
        try {
            provider = environments.provider(env);
        } catch (IllegalArgumentException e) {
            throw usageError(e.getMessage());
        }
        List<Variant> images = provider.variants().stream().filter(v -> v.modality() == Modality.IMAGE).toList();
        if (images.isEmpty()) {
            throw usageError("environment " + env + " has no image variant");
        }
        String name = variant;
        if (name == null) {
            name = images.get(0).name();
        } else if (images.stream().noneMatch(v -> v.name().equals(variant))) {
            throw usageError(Names.unknown("image variant of " + env, variant, images.stream().map(Variant::name).toList()));
        }
        Map<String, String> opts = new LinkedHashMap<>();
        for (String kv : options) {
            int eq = kv.indexOf('=');
            if (eq <= 0) {
                throw usageError("--option must be key=value, got '" + kv + "'");
            }
            opts.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
        if (city != null) {
            opts.put("city", city);
        }
        if (image != null) {
            opts.put("image", image);
        }
        Observation o;
        try (Environment e = create(provider, name, opts)) {
            o = e.reset(seed);
        }
        List<RgbImage> pictures = o.images();
        if (pictures.isEmpty()) {
            throw new IllegalStateException(env + "/" + name + " gave an observation without an image");
        }
        pictures.get(0).writePng(out);
        out().println("wrote " + out + " (" + pictures.get(0).width() + "x" + pictures.get(0).height() + ", "
                + env + "/" + name + ", seed " + seed + ")");
        out().flush();
        return 0;
    }

    private Environment create(EnvironmentProvider provider, String name, Map<String, String> opts) {
        try {
            return provider.create(name, opts);
        } catch (IllegalArgumentException e) {
            throw usageError(e.getMessage());
        }
    }
}
