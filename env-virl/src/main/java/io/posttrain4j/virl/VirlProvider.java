package io.posttrain4j.virl;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.posttrain4j.core.env.Environment;
import io.posttrain4j.core.env.EnvironmentProvider;
import io.posttrain4j.core.env.Modality;
import io.posttrain4j.core.env.Options;
import io.posttrain4j.core.env.Split;
import io.posttrain4j.core.env.Variant;
import io.posttrain4j.core.spi.Names;
import io.posttrain4j.virl.geo.TurnLabels;
import io.posttrain4j.virl.nav.ActionSpace;
import io.posttrain4j.virl.prompt.PromptStyle;
import io.posttrain4j.virl.render.ImageSize;
import io.posttrain4j.virl.route.Route;
import io.posttrain4j.virl.route.RouteLoader;
import io.posttrain4j.virl.world.CityCatalog;

/**
 * Registers V-IRL navigation under id {@code virl} with the study's five settings as variants: {@code virl-l}
 * (training city, absolute actions, text), {@code virl-l-rule-ood} (relative actions), {@code virl-vl} (training
 * city, images), {@code virl-vl-rule-ood}, and {@code virl-vl-visual-ood} (the nine VLN-mini cities).
 *
 * <p>Options (defaults first): {@code city=default} (the variant's: {@code nyc-train}, or {@code vln-mini} for the
 * visual-OOD variant; any city of {@link CityCatalog}; for fixed routes the look of the rendered world),
 * {@code routes=} (a route file or route-set folder to use instead of sampled routes), {@code heading=route}
 * (or a fixed start heading 0..359), {@code dropRate=0.5}, {@code forwardPoints=5}, {@code verifyIter=2},
 * {@code prompt=reference|compact}, {@code image=reference|small|<view>+<separator>},
 * {@code turnLabels=wrapped|reference}.
 */
public final class VirlProvider implements EnvironmentProvider {
    public static final String ID = "virl";

    private static final List<Variant> VARIANTS = List.of(
            new Variant("virl-l", "route following in the training city; absolute turns; text observations",
                    Split.IN_DISTRIBUTION, Modality.TEXT, "virl-l"),
            new Variant("virl-l-rule-ood", "route following in the training city; relative turns; text observations",
                    Split.RULE_OOD, Modality.TEXT, "virl-l"),
            new Variant("virl-vl", "route following in the training city; absolute turns; 2x2 street views",
                    Split.IN_DISTRIBUTION, Modality.IMAGE, "virl-vl"),
            new Variant("virl-vl-rule-ood", "route following in the training city; relative turns; 2x2 street views",
                    Split.RULE_OOD, Modality.IMAGE, "virl-vl"),
            new Variant("virl-vl-visual-ood", "route following in nine unseen cities; absolute turns; 2x2 street views",
                    Split.VISUAL_OOD, Modality.IMAGE, "virl-vl"));

    private static final Map<String, String> DEFAULTS = defaults();

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<Variant> variants() {
        return VARIANTS;
    }

    @Override
    public Map<String, String> options() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("city", "default: the variant's city (nyc-train; vln-mini = the nine visual-OOD cities); one of "
                + String.join(", ", CityCatalog.names()) + ", vln-mini");
        m.put("routes", ": a V-IRL route file or route-set folder to use instead of sampled routes");
        m.put("heading", "route: the route's init_heading (0 = random per reset), or a fixed start heading 0..359");
        m.put("dropRate", "0.5: probability of dropping each forward point of the rail");
        m.put("forwardPoints", "5: candidate forward points per leg");
        m.put("verifyIter", "2: scored attempts per rail point");
        m.put("prompt", "reference: reference (the study's texts) or compact (short texts for small models)");
        m.put("image", "reference: reference (2405x2405), small (128x128) or <view>+<separator>");
        m.put("turnLabels", "wrapped: wrapped (350->10 is slightly right) or reference (no wrap-around, 350->10 is left)");
        return Collections.unmodifiableMap(m);
    }

    @Override
    public Environment create(String variant, Map<String, String> options) {
        return new VirlEnvironment(ID + "/" + variant, config(variant, options));
    }

    /** The configuration of {@code variant} with option overrides; errors name the bad variant, key or value. */
    public static VirlConfig config(String variant, Map<String, String> options) {
        Variant v = VARIANTS.stream().filter(x -> x.name().equals(variant)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(Names.unknown("variant of " + ID, String.valueOf(variant),
                        VARIANTS.stream().map(Variant::name).toList())));
        Options o = new Options(ID, DEFAULTS, options);
        String city = o.string("city").trim();
        if (city.equals("default")) {
            city = v.split() == Split.VISUAL_OOD ? CityCatalog.VLN_MINI : CityCatalog.TRAINING;
        }
        List<String> cities;
        if (city.equals(CityCatalog.VLN_MINI)) {
            cities = CityCatalog.vlnMini();
        } else {
            CityCatalog.spec(city);
            cities = List.of(city);
        }
        String routesOption = o.string("routes").trim();
        List<Route> routes = List.of();
        Path folder = null;
        if (!routesOption.isEmpty()) {
            Path p = Path.of(routesOption);
            if (!Files.exists(p)) {
                throw new IllegalArgumentException("option routes of " + ID + ": no such file or folder '" + routesOption + "'");
            }
            routes = RouteLoader.load(p);
            folder = Files.isDirectory(p) ? p : null;
        }
        String headingText = o.string("heading").trim();
        int heading = headingText.equals("route") ? -1 : o.integer("heading", 0, 359);
        return new VirlConfig(
                v.split() == Split.RULE_OOD ? ActionSpace.RELATIVE : ActionSpace.ABSOLUTE,
                v.modality() == Modality.IMAGE,
                cities,
                routes,
                folder,
                cities.get(0),
                heading,
                o.real("dropRate", 0, 1),
                o.integer("forwardPoints", 1, 50),
                o.integer("verifyIter", 1, 100),
                PromptStyle.of(o.choice("prompt", Set.copyOf(PromptStyle.labels()))),
                ImageSize.of(o.string("image")),
                TurnLabels.of(o.choice("turnLabels", Set.copyOf(TurnLabels.labels()))));
    }

    private static Map<String, String> defaults() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("city", "default");
        m.put("routes", "");
        m.put("heading", "route");
        m.put("dropRate", "0.5");
        m.put("forwardPoints", "5");
        m.put("verifyIter", "2");
        m.put("prompt", "reference");
        m.put("image", "reference");
        m.put("turnLabels", "wrapped");
        return Map.copyOf(m);
    }
}
