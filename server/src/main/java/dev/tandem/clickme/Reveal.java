package dev.tandem.clickme;

/**
 * One revealed square: centre (x, y) in display pixels, side {@code size}, and the client's time
 * {@code tMs} in milliseconds since the round's first frame.
 */
public record Reveal(int x, int y, int size, double tMs) {}
