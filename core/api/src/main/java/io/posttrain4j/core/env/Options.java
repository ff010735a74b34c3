package io.posttrain4j.core.env;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.posttrain4j.core.spi.Names;

/**
 * Typed reading of an environment's text options with errors that name the key, the value and what is accepted.
 * Construct it with the accepted keys and their defaults; unknown keys fail at once.
 */
public final class Options {
    private final String owner;
    private final Map<String, String> values;

    /**
     * @param owner who reads the options, for messages (e.g. {@code generalpoints})
     * @param defaults accepted keys and their default values
     * @param given the caller's overrides
     */
    public Options(String owner, Map<String, String> defaults, Map<String, String> given) {
        this.owner = owner;
        this.values = new LinkedHashMap<>(defaults);
        for (Map.Entry<String, String> e : given.entrySet()) {
            if (!defaults.containsKey(e.getKey())) {
                throw new IllegalArgumentException(Names.unknown("option of " + owner, e.getKey(), defaults.keySet()));
            }
            values.put(e.getKey(), e.getValue());
        }
    }

    public String string(String key) {
        String v = values.get(key);
        if (v == null) {
            throw new IllegalArgumentException(owner + " has no option '" + key + "'");
        }
        return v;
    }

    public int integer(String key, int min, int max) {
        String v = string(key);
        try {
            int x = Integer.parseInt(v.trim());
            if (x < min || x > max) {
                throw new NumberFormatException();
            }
            return x;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "option " + key + " of " + owner + " must be an integer in [" + min + ", " + max + "], got '" + v + "'");
        }
    }

    public double real(String key, double min, double max) {
        String v = string(key);
        try {
            double x = Double.parseDouble(v.trim());
            if (!(x >= min && x <= max)) {
                throw new NumberFormatException();
            }
            return x;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "option " + key + " of " + owner + " must be a number in [" + min + ", " + max + "], got '" + v + "'");
        }
    }

    public boolean bool(String key) {
        String v = string(key).trim().toLowerCase();
        return switch (v) {
            case "true", "yes", "1" -> true;
            case "false", "no", "0" -> false;
            default -> throw new IllegalArgumentException(
                    "option " + key + " of " + owner + " must be true or false, got '" + v + "'");
        };
    }

    public String choice(String key, Set<String> accepted) {
        String v = string(key).trim();
        if (!accepted.contains(v)) {
            throw new IllegalArgumentException("option " + key + " of " + owner + ": "
                    + Names.unknown("value", v, List.copyOf(accepted)));
        }
        return v;
    }
}
