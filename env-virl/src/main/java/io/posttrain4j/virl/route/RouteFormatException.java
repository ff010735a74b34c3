package io.posttrain4j.virl.route;

/**
 * A route file that does not follow the V-IRL format; the message names the route and the JSON path of the bad
 * field, e.g. {@code route 3: route_results.geocode_list[1]: expected [lat, lng]}.
 */
public final class RouteFormatException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public RouteFormatException(String message) {
        super(message);
    }

    public RouteFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
