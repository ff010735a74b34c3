package io.posttrain4j.virl.route;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes the {@code milestone_info} string of a route: pseudo-JSON blocks {@code {"key": "value",}},
 * one per leg.
 *
 * <p>Reading follows the reference's {@code parse_navigation_string} exactly (split at '}', one {@code key: value}
 * per line, trailing commas and surrounding quotes stripped), so a landmark text is read the same way the study
 * read it. Writing produces the V-IRL collector's template.
 */
public final class MilestoneText {
    private MilestoneText() {}

    /** The blocks as key -> value maps, in order, exactly as the reference parser sees them. */
    public static List<Map<String, String>> blocks(String text) {
        List<Map<String, String>> result = new ArrayList<>();
        for (String rawBlock : text.split("}", -1)) {
            String block = rawBlock.strip();
            if (block.isEmpty()) {
                continue;
            }
            block = stripLeading(block, '{').strip();
            if (block.isEmpty()) {
                continue;
            }
            Map<String, String> current = new LinkedHashMap<>();
            for (String rawLine : block.split("\n", -1)) {
                String line = rawLine.strip();
                if (line.isEmpty()) {
                    continue;
                }
                line = stripTrailing(line, ',');
                int colon = line.indexOf(':');
                if (colon < 0) {
                    continue;
                }
                String key = strip(line.substring(0, colon).strip(), "\"'");
                String value = strip(line.substring(colon + 1).strip(), "\"'");
                current.put(key, value);
            }
            if (!current.isEmpty()) {
                result.add(current);
            }
        }
        return result;
    }

    /**
     * Parses the milestones of a route.
     *
     * @param where the route's label for messages, e.g. {@code route 3}
     * @throws RouteFormatException naming the block and key when a heading is missing or malformed
     */
    public static List<Milestone> parse(String text, String where) {
        List<Map<String, String>> blocks = blocks(text);
        List<Milestone> out = new ArrayList<>();
        for (int i = 0; i < blocks.size(); i++) {
            Map<String, String> b = blocks.get(i);
            String path = where + ": milestone_info block " + (i + 1);
            String h = b.get("to_next_intersection_heading");
            if (h == null) {
                throw new RouteFormatException(path + ": missing \"to_next_intersection_heading\" (e.g. \"298 (northwest)\")");
            }
            int open = h.indexOf('(');
            int close = h.indexOf(')', open + 1);
            if (open < 0 || close < 0) {
                throw new RouteFormatException(path + ": to_next_intersection_heading: expected \"<degrees> (<direction>)\", got \"" + h + "\"");
            }
            int heading;
            try {
                heading = Integer.parseInt(h.substring(0, open).strip());
            } catch (NumberFormatException e) {
                throw new RouteFormatException(path + ": to_next_intersection_heading: expected whole degrees before '(', got \"" + h + "\"");
            }
            String direction = h.substring(open + 1, close);
            if (!io.posttrain4j.virl.geo.Geo.COMPASS.contains(direction)) {
                throw new RouteFormatException(path + ": to_next_intersection_heading: unknown direction '" + direction
                        + "'; known: " + io.posttrain4j.virl.geo.Geo.COMPASS);
            }
            int index;
            try {
                index = Integer.parseInt(b.getOrDefault("intersection_idx", String.valueOf(i + 1)).strip());
            } catch (NumberFormatException e) {
                throw new RouteFormatException(path + ": intersection_idx: expected an integer, got \"" + b.get("intersection_idx") + "\"");
            }
            out.add(new Milestone(index, b.get("landmarks"), b.getOrDefault("distance", ""),
                    b.getOrDefault("human_heading", ""), heading, direction));
        }
        return out;
    }

    /** The V-IRL template text of {@code milestones}; a null landmark leaves the key out. */
    public static String format(List<Milestone> milestones) {
        StringBuilder sb = new StringBuilder();
        for (Milestone m : milestones) {
            sb.append("\n{\n\"intersection_idx\": \"").append(m.index()).append("\",\n");
            if (m.landmarks() != null) {
                sb.append("\"landmarks\": \"").append(m.landmarks()).append("\",\n");
            }
            sb.append("\"distance\": \"").append(m.distance()).append("\",\n");
            sb.append("\"human_heading\": \"").append(m.humanHeading()).append("\",\n");
            sb.append("\"to_next_intersection_heading\": \"").append(m.headingText()).append("\",\n}\n");
        }
        return sb.toString();
    }

    private static String stripLeading(String s, char c) {
        int i = 0;
        while (i < s.length() && s.charAt(i) == c) {
            i++;
        }
        return s.substring(i);
    }

    private static String stripTrailing(String s, char c) {
        int j = s.length();
        while (j > 0 && s.charAt(j - 1) == c) {
            j--;
        }
        return s.substring(0, j);
    }

    private static String strip(String s, String chars) {
        int i = 0;
        int j = s.length();
        while (i < j && chars.indexOf(s.charAt(i)) >= 0) {
            i++;
        }
        while (j > i && chars.indexOf(s.charAt(j - 1)) >= 0) {
            j--;
        }
        return s.substring(i, j);
    }
}
