package dev.tandem.export;

import dev.tandem.common.NotFoundException;
import dev.tandem.common.Progress;
import org.jooq.DSLContext;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * {@code export --experiment SLUG --format csv|jsonl|mvh [--out FILE]}: streams the comparison
 * dataset from PostgreSQL to a stream with constant memory (a server-side cursor feeding a writer).
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
        return export(filter, format, out, Progress.NONE);
    }

    /**
     * As {@link #export(ExportFilter, ExportFormat, OutputStream)}, telling {@code progress} every
     * {@value #PROGRESS_EVERY} rows (a count query first gives the total; skipped without progress).
     */
    public long export(ExportFilter filter, ExportFormat format, OutputStream out, Progress progress) {
        repository.requireSource(ctx, filter);
        long total = progress == Progress.NONE ? 0 : repository.count(ctx, filter);
        long[] written = {0};
        try (ComparisonWriter writer = format.open(out)) {
            long rows = repository.stream(ctx, filter, row -> {
                try {
                    writer.write(row);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                if (++written[0] % PROGRESS_EVERY == 0) {
                    progress.update(written[0], Math.max(total, written[0]));
                }
            });
            progress.update(rows, rows);
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
