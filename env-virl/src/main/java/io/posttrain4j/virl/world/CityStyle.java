package io.posttrain4j.virl.world;

import java.util.Objects;

/**
 * The look of a city for rendering: palette and architectural parameters. All colours are packed 0xRRGGBB.
 *
 * @param skyTop sky colour at the top of a view
 * @param skyHorizon sky colour at the horizon (also the haze distant things fade into)
 * @param asphalt carriageway colour
 * @param sidewalk sidewalk colour
 * @param marking lane and crossing paint
 * @param walls façade palette, one picked per building
 * @param glass window colour
 * @param trim cornice, window frame and ground-floor trim colour
 * @param signs sign-board palette
 * @param signText sign lettering colour
 * @param floorHeight storey height in metres
 * @param minFloors lowest building in storeys
 * @param maxFloors highest building in storeys
 * @param minWidth narrowest building front in metres
 * @param maxWidth widest building front in metres
 * @param windowWidth window width as a fraction of its bay
 * @param windowHeight window height as a fraction of its storey
 * @param bay window bay width in metres
 * @param shopShare share of buildings that house a named place
 * @param streetWidth typical carriageway width in metres
 * @param sidewalkWidth sidewalk width in metres
 * @param hazeDistance distance in metres at which things have faded halfway into the horizon colour
 * @param sunHeading compass heading of the sun, for the shading of façades
 * @param treeSpacing distance between street trees along a sidewalk in metres, 0 for none
 * @param foliage colour of tree crowns
 */
public record CityStyle(int skyTop, int skyHorizon, int asphalt, int sidewalk, int marking, int[] walls, int glass,
        int trim, int[] signs, int signText, double floorHeight, int minFloors, int maxFloors, double minWidth,
        double maxWidth, double windowWidth, double windowHeight, double bay, double shopShare, double streetWidth,
        double sidewalkWidth, double hazeDistance, double sunHeading, double treeSpacing, int foliage) {
    public CityStyle {
        walls = Objects.requireNonNull(walls, "walls").clone();
        signs = Objects.requireNonNull(signs, "signs").clone();
        if (walls.length == 0 || signs.length == 0) {
            throw new IllegalArgumentException("a style needs at least one wall and one sign colour");
        }
        if (minFloors < 1 || maxFloors < minFloors) {
            throw new IllegalArgumentException("floors must satisfy 1 <= min <= max, got " + minFloors + ".." + maxFloors);
        }
        if (!(minWidth > 2) || maxWidth < minWidth) {
            throw new IllegalArgumentException("building widths must satisfy 2 < min <= max, got " + minWidth + ".." + maxWidth);
        }
        if (treeSpacing != 0 && !(treeSpacing >= 4)) {
            throw new IllegalArgumentException("treeSpacing must be 0 (no trees) or >= 4 metres, got " + treeSpacing);
        }
        if (!(shopShare >= 0 && shopShare <= 1)) {
            throw new IllegalArgumentException("shopShare must be in [0, 1], got " + shopShare);
        }
    }

    @Override
    public int[] walls() {
        return walls.clone();
    }

    @Override
    public int[] signs() {
        return signs.clone();
    }

    /** Wall colour {@code i} modulo the palette size, without copying. */
    public int wall(int i) {
        return walls[Math.floorMod(i, walls.length)];
    }

    /** Sign colour {@code i} modulo the palette size, without copying. */
    public int sign(int i) {
        return signs[Math.floorMod(i, signs.length)];
    }

    public int wallCount() {
        return walls.length;
    }
}
