package dev.tandem.export;

import dev.tandem.analysis.ObserverKind;
import dev.tandem.common.InvalidInputException;
import dev.tandem.export.ExportColumn.Kind;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.jooq.DSLContext;

/**
 * The comparison export of a triplet experiment (issue 13): one row per (observer, triplet) in CSV
 * or JSON Lines, people's judgements first, then each model's answer per distinct triplet people
 * judged. A person's {@code source} is click or key, a model's embedding or probabilities.
 */
public final class TripletExportService {

    /** The columns, in order. */
    static final List<ExportColumn> COLUMNS = List.of(
            new ExportColumn("observer_kind", Kind.TEXT), new ExportColumn("observer", Kind.TEXT),
            new ExportColumn("session_id", Kind.TEXT), new ExportColumn("trial_index", Kind.INTEGER),
            new ExportColumn("role", Kind.TEXT), new ExportColumn("catch_trial", Kind.BOOLEAN),
            new ExportColumn("image_0", Kind.TEXT), new ExportColumn("image_1", Kind.TEXT),
            new ExportColumn("image_2", Kind.TEXT), new ExportColumn("stimulus_sha256_0", Kind.TEXT),
            new ExportColumn("stimulus_sha256_1", Kind.TEXT), new ExportColumn("stimulus_sha256_2", Kind.TEXT),
            new ExportColumn("chosen_position", Kind.INTEGER), new ExportColumn("chosen_image", Kind.TEXT),
            new ExportColumn("rt_ms", Kind.NUMBER), new ExportColumn("timing_ok", Kind.BOOLEAN),
            new ExportColumn("similarity", Kind.TEXT), new ExportColumn("source", Kind.TEXT));

    private final DSLContext ctx;
    private final ComparisonRepository sources;
    private final TripletComparisonRepository repository;

    public TripletExportService(DSLContext ctx, ComparisonRepository sources, TripletComparisonRepository repository) {
        this.ctx = ctx;
        this.sources = sources;
        this.repository = repository;
    }

    /** Fails with a 404 unless the experiment (and version) is stored; call before streaming. */
    public void requireSource(ExportFilter filter) {
        sources.requireSource(ctx, filter);
    }

    /** The model-vs-human layout holds one image per trial: refused naming the field "format". */
    public void requireFormat(ExportFormat format) {
        if (format == ExportFormat.MVH) {
            throw new InvalidInputException("format", "a triplet experiment exports as csv or jsonl, not mvh");
        }
    }

    /**
     * Writes the filter's rows (in memory first: a triplet experiment's rows are few); returns how many.
     */
    public long export(ExportFilter filter, ExportFormat format, OutputStream out) {
        requireFormat(format);
        sources.requireSource(ctx, filter);
        List<TripletRow> people = repository.people(ctx, filter);
        List<TripletRow> rows = new ArrayList<>();
        if (filter.wants("human")) {
            rows.addAll(people);
        }
        if (filter.wants("model")) {
            rows.addAll(repository.models(ctx, people));
        }
        try (ExportWriter writer = format.open(out, COLUMNS)) {
            for (TripletRow row : rows) {
                writer.write(values(row));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return rows.size();
    }

    private static Object[] values(TripletRow row) {
        return new Object[] {row.kind() == ObserverKind.HUMAN ? "human" : "model", row.observer(),
                row.sessionId() == null ? null : row.sessionId().toString(), row.trialIndex(), row.role(),
                row.catchTrial(), row.files().get(0), row.files().get(1), row.files().get(2), row.stimuli().get(0),
                row.stimuli().get(1), row.stimuli().get(2), row.chosenPosition(), row.chosenFile(), row.rtMs(),
                row.timingOk(), row.similarity(), row.source()};
    }
}
