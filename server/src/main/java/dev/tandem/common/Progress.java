package dev.tandem.common;

/** Receives progress of long work (imports, rendering, scoring, exports). */
@FunctionalInterface
public interface Progress {

    Progress NONE = (done, total) -> {};

    void update(long done, long total);
}
