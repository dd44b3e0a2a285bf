package dev.tandem.export;

import dev.tandem.common.InvalidInputException;
import dev.tandem.common.NotFoundException;
import dev.tandem.common.Progress;
import org.jooq.DSLContext;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * Every export of an experiment's or study's rows (issue 11: one pipeline): the comparison dataset
 * ({@code export --format csv|jsonl|mvh}, {@code GET …/comparison}) and the responses export
 * ({@code GET …/responses}), streamed from PostgreSQL with constant memory (a server-side cursor of
 * {@link ComparisonRepository}'s one query feeding the format's one writer).
 */
public final class ComparisonExportService {

    /** Rows between two progress reports. */
    private static final int PROGRESS_EVERY = 10_000;

    private final DSLContext ctx;
    private final ComparisonRepository repository;

    public ComparisonExportService(DSLContext ctx, ComparisonRepository repository) {
        this.ctx = ctx;
        this.repository = repository;
    }

    /**
     * Fails with {@link NotFoundException} unless the experiment (and version) or study the filter
     * names is stored. An HTTP handler calls this before it starts streaming, while it can still
     * answer 404.
     */
    public void requireSource(ExportFilter filter) {
        repository.requireSource(ctx, filter);
    }

    /** Writes every row the filter selects; returns the number of rows. Does not close {@code out}. */
    public long export(ExportFilter filter, ExportFormat format, OutputStream out) {
        return export(filter, ExportLayout.COMPARISON, format, out, Progress.NONE);
    }

    /** As {@link #export(ExportFilter, ExportLayout, ExportFormat, OutputStream, Progress)} in the comparison layout. */
    public long export(ExportFilter filter, ExportFormat format, OutputStream out, Progress progress) {
        return export(filter, ExportLayout.COMPARISON, format, out, progress);
    }

    /**
     * Writes every row the filter selects in the layout (the model-vs-human format always writes
     * the comparison layout), telling {@code progress} every {@value #PROGRESS_EVERY} rows (a
     * count query first gives the total; skipped without progress). Returns the number of rows read.
     *
     * @throws InvalidInputException (field "study") for the responses layout of an imported study:
     *                               published data holds no responses in Tandem's sense
     */
    public long export(ExportFilter filter, ExportLayout layout, ExportFormat format, OutputStream out,
                       Progress progress) {
        ExportLayout written = format.layout(layout);
        if (written == ExportLayout.RESPONSES && filter.study() != null) {
            throw new InvalidInputException("study", "the responses export is an experiment's; export a study's comparison rows");
        }
        repository.requireSource(ctx, filter);
        long total = progress == Progress.NONE ? 0 : repository.count(ctx, filter, written);
        long[] done = {0};
        try (ExportWriter writer = format.open(out, written)) {
            long rows = repository.stream(ctx, filter, written, values -> {
                try {
                    writer.write(values);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                if (++done[0] % PROGRESS_EVERY == 0) {
                    progress.update(done[0], Math.max(total, done[0]));
                }
            });
            progress.update(rows, rows);
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
