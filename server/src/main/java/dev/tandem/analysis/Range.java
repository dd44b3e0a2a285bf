package dev.tandem.analysis;

/** A two-sided interval, e.g. the central 95 % of a distribution: {@code low ≤ high}. */
public record Range(double low, double high) {

    public Range {
        if (!(low <= high)) {
            throw new IllegalArgumentException("need low <= high, got [" + low + ", " + high + "]");
        }
    }

    public boolean contains(double value) {
        return value >= low && value <= high;
    }
}
