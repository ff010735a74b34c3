package io.posttrain4j.virl.world;

/** Which side of a street a façade or place is on, looking from the street's {@code from} node to its {@code to} node. */
public enum Side {
    LEFT,
    RIGHT;

    /** +1 for left (the normal rotates the street direction counter-clockwise), -1 for right. */
    public int sign() {
        return this == LEFT ? 1 : -1;
    }
}
