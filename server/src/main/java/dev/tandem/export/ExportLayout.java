package dev.tandem.export;

import dev.tandem.common.InvalidInputException;
import java.util.List;

/**
 * Which columns and rows an export holds. Both layouts come from the one query of
 * {@link ComparisonRepository} (issue 11: the raw and comparison exports no longer repeat the
 * human-plus-model join); they differ only in the columns they select and the rows they keep.
 */
public enum ExportLayout {
    /**
     * The comparison dataset: one row per (observer, answered main trial), human, model or
     * imported, in tidy columns; practice trials and design cells stay out.
     */
    COMPARISON(false, false, List.of("study", "observer_id", "session", "trial_index")),
    /**
     * Responses in full: every human response (practice included) with its session, trial and
     * timing record; beside each, the answer of every model that scored the trial's stimulus; and
     * the models' answers on every design cell their scoring jobs covered (issue 3).
     */
    RESPONSES(true, true, List.of("session_started", "session_id", "trial_index", "observer_kind", "observer",
            "experiment_version", "manipulation", "level", "image_file"));

    private final boolean practice;
    private final boolean designCells;
    private final List<String> order;

    ExportLayout(boolean practice, boolean designCells, List<String> order) {
        this.practice = practice;
        this.designCells = designCells;
        this.order = order;
    }

    /** {@code comparison} or {@code responses}, any case; anything else is refused naming the field "layout". */
    public static ExportLayout parse(String name) {
        for (ExportLayout layout : values()) {
            if (layout.name().equalsIgnoreCase(name)) {
                return layout;
            }
        }
        throw new InvalidInputException("layout", "layout must be comparison or responses, got " + name);
    }

    /** Whether practice trials are kept. */
    public boolean practice() {
        return practice;
    }

    /** Whether model rows on the scoring jobs' design cells (no trial) are added. */
    public boolean designCells() {
        return designCells;
    }

    /** Output columns the rows are sorted by, in order (nulls last). */
    List<String> order() {
        return order;
    }

    /** The columns written, in order. */
    public List<String> columnNames() {
        return columns().stream().map(ExportColumn::name).toList();
    }

    List<ExportColumn> columns() {
        return this == COMPARISON ? ComparisonColumns.COLUMNS : ComparisonColumns.RESPONSE_COLUMNS;
    }
}
