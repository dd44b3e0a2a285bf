package dev.tandem.stimulus;

/**
 * An image manipulation and its level, e.g. {@code ("contrast", 0.1)} or {@code ("none", null)}.
 * The names and what the level means are listed in {@link Manipulations}.
 */
public record Condition(String manipulation, Double level) {

    public static final Condition NONE = new Condition("none", null);
}
