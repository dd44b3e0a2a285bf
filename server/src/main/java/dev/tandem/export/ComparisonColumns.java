package dev.tandem.export;

import dev.tandem.export.ExportColumn.Kind;
import java.util.List;

/** The columns of the two export layouts, in order (CSV header, JSON keys). */
final class ComparisonColumns {

    /** The comparison dataset (issue 4) and, last, the dataset the row belongs to (issue 11). */
    static final List<ExportColumn> COLUMNS = List.of(text("observer_kind"), text("observer_id"), text("study"),
            integer("version"), text("session"), integer("trial_index"), text("stimulus_sha256"), text("image_name"),
            text("category"), text("manipulation"), text("level"), integer("requested_ms"), integer("planned_frames"),
            integer("frames_shown"), text("response"), bool("correct"), number("rt_ms"), bool("timing_ok"),
            text("dataset"));

    static final List<String> NAMES = COLUMNS.stream().map(ExportColumn::name).toList();

    /** The responses export (issue 3), as before issue 11, with the dataset last. */
    static final List<ExportColumn> RESPONSE_COLUMNS = List.of(text("experiment"), integer("experiment_version"),
            text("observer_kind"), text("observer"), text("session_id"), integer("assignment_slot"),
            text("prolific_pid"), text("study_id"), text("recruiter_session_id"), number("refresh_hz"),
            text("session_status"), integer("trial_index"), integer("block"), bool("practice"), text("image_file"),
            text("category"), text("manipulation"), number("level"), integer("requested_ms"),
            integer("planned_frames"), text("stimulus_sha256"), integer("mask_seed"), text("mask_sha256"),
            text("response_id"), text("response"), bool("correct"), text("source"), text("response_key"),
            number("rt_ms"), bool("timing_ok"), integer("stimulus_frames_shown"), integer("mask_frames_shown"),
            new ExportColumn("timing", Kind.JSON), timestamp("client_time"), timestamp("received_at"),
            text("dataset"));

    /** Sorts the responses export by session start; selected for ORDER BY, never written. */
    static final ExportColumn SESSION_STARTED = timestamp("session_started");

    private ComparisonColumns() {
    }

    private static ExportColumn text(String name) {
        return new ExportColumn(name, Kind.TEXT);
    }

    private static ExportColumn integer(String name) {
        return new ExportColumn(name, Kind.INTEGER);
    }

    private static ExportColumn number(String name) {
        return new ExportColumn(name, Kind.NUMBER);
    }

    private static ExportColumn bool(String name) {
        return new ExportColumn(name, Kind.BOOLEAN);
    }

    private static ExportColumn timestamp(String name) {
        return new ExportColumn(name, Kind.TIMESTAMP);
    }
}
