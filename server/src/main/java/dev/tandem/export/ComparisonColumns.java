package dev.tandem.export;

import java.util.List;

/** Column names of the comparison dataset, in order (CSV header, JSON keys). */
final class ComparisonColumns {

    static final List<String> NAMES = List.of("observer_kind", "observer_id", "study", "version", "session",
            "trial_index", "stimulus_sha256", "image_name", "category", "manipulation", "level", "requested_ms",
            "planned_frames", "frames_shown", "response", "correct", "rt_ms", "timing_ok");

    private ComparisonColumns() {
    }
}
