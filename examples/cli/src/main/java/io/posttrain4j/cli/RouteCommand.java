package io.posttrain4j.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import io.posttrain4j.virl.geo.TurnLabels;
import io.posttrain4j.virl.nav.ActionSpace;
import io.posttrain4j.virl.nav.Rail;
import io.posttrain4j.virl.nav.RailPoint;
import io.posttrain4j.virl.route.Route;
import io.posttrain4j.virl.route.RouteLoader;

/**
 * {@code posttrain4j route}: reads a V-IRL route file and prints, as JSON, the numbered instruction lines and the
 * expert action sequence of each route, as the {@code virl} environment builds them.
 */
@Command(
        name = "route",
        mixinStandardHelpOptions = true,
        description = {
            "Prints the instruction and the expert actions of the routes in a V-IRL route file, as JSON.",
            "",
            "The file may hold one route object, a list of routes, or a [routes, n] training pair (or be a folder "
                    + "with routes.json). Routes with init_heading 0 start at a heading drawn from --seed unless "
                    + "--heading is given.",
        })
public final class RouteCommand extends CliCommand {
    @Option(names = "--file", required = true, paramLabel = "<route json>", description = "V-IRL route file or folder.")
    Path file;

    @Option(names = "--heading", paramLabel = "H", description = "Start heading 0..359 (default: the route's).")
    Integer heading;

    @Option(names = "--drop-rate", paramLabel = "P", defaultValue = "0",
            description = "Probability of dropping each forward point (default: ${DEFAULT-VALUE}).")
    double dropRate;

    @Option(names = "--actions", paramLabel = "absolute|relative", defaultValue = "absolute",
            description = "Action space (default: ${DEFAULT-VALUE}).")
    String actions;

    @Option(names = "--turn-labels", paramLabel = "wrapped|reference", defaultValue = "wrapped",
            description = "Relative turn labelling (default: ${DEFAULT-VALUE}).")
    String turnLabels;

    @Option(names = "--seed", defaultValue = "0", description = "Seed for random headings and drops (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() throws Exception {
        if (!Files.exists(file)) {
            throw usageError("no such route file or folder: " + file);
        }
        if (heading != null && (heading < 0 || heading > 359)) {
            throw usageError("--heading must be in 0..359, got " + heading);
        }
        if (!(dropRate >= 0 && dropRate <= 1)) {
            throw usageError("--drop-rate must be in [0, 1], got " + dropRate);
        }
        ActionSpace space = switch (actions) {
            case "absolute" -> ActionSpace.ABSOLUTE;
            case "relative" -> ActionSpace.RELATIVE;
            default -> throw usageError("--actions must be absolute or relative, got '" + actions + "'");
        };
        TurnLabels labels;
        try {
            labels = TurnLabels.of(turnLabels);
        } catch (IllegalArgumentException e) {
            throw usageError("--turn-labels: " + e.getMessage());
        }
        List<Route> routes = RouteLoader.load(file);
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ArrayNode out = json.createArrayNode();
        SplittableRandom random = new SplittableRandom(seed);
        for (Route r : routes) {
            SplittableRandom routeRandom = random.split();
            int h = heading != null ? heading : r.initHeading() == 0 ? routeRandom.nextInt(360) : r.initHeading();
            Rail rail = Rail.build(r, h, dropRate, 5, labels, routeRandom.split());
            ObjectNode o = out.addObject();
            o.put("route", r.id());
            o.put("start", r.start().name());
            o.put("destination", r.dest().name());
            o.put("heading", h);
            ArrayNode lines = o.putArray("instruction");
            String[] numbered = rail.numberedInstruction().split("\n");
            for (String line : numbered) {
                lines.add(line);
            }
            ArrayNode acts = o.putArray("actions");
            for (RailPoint p : rail.points()) {
                acts.add(p.action(space));
            }
        }
        out().println(json.writeValueAsString(out));
        out().flush();
        return 0;
    }
}
