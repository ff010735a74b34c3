package io.posttrain4j.virl.world;

/**
 * One building front along a façade.
 *
 * @param start metres along the façade where it starts
 * @param end metres along the façade where it ends
 * @param height roof height in metres
 * @param color packed 0xRRGGBB wall colour
 * @param variant a small integer that varies window rhythm and trim between neighbours
 * @param place index of the named place in this building in {@link CityModel#places()}, or -1
 */
public record Building(double start, double end, double height, int color, int variant, int place) {
    public Building {
        if (!(end > start) || !(height > 0)) {
            throw new IllegalArgumentException("bad building [" + start + ", " + end + "] x " + height);
        }
    }

    public double width() {
        return end - start;
    }

    /** A copy that houses place {@code index}. */
    public Building withPlace(int index) {
        return new Building(start, end, height, color, variant, index);
    }
}
