package dev.tandem.triplet;

import java.util.Arrays;
import java.util.List;

/**
 * Three distinct stimuli by content hash, ascending: the identity of a triplet a model answers,
 * whatever positions and whichever experiment version showed it. {@link #key()} is the
 * {@code triplet_task.triplet_key}: the hashes joined by ','.
 */
public record StimulusTriplet(String a, String b, String c) {

    public StimulusTriplet {
        if (!(a.compareTo(b) < 0 && b.compareTo(c) < 0)) {
            throw new IllegalArgumentException("a stimulus triplet needs three ascending distinct hashes, got "
                    + a + ", " + b + ", " + c);
        }
    }

    /** The triplet of three distinct stimuli given in any order. */
    public static StimulusTriplet of(String x, String y, String z) {
        String[] sorted = {x, y, z};
        Arrays.sort(sorted);
        return new StimulusTriplet(sorted[0], sorted[1], sorted[2]);
    }

    public static StimulusTriplet parse(String key) {
        String[] parts = key.split(",", -1);
        if (parts.length != 3) {
            throw new IllegalArgumentException("a triplet key has three hashes, got \"" + key + "\"");
        }
        return new StimulusTriplet(parts[0], parts[1], parts[2]);
    }

    public String key() {
        return a + "," + b + "," + c;
    }

    public List<String> stimuli() {
        return List.of(a, b, c);
    }
}
