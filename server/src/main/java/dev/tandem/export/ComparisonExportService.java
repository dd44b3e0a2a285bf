package dev.tandem.export;

import org.jooq.DSLContext;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * {@code export --experiment SLUG --format csv|jsonl|mvh [--out FILE]}: streams the comparison
 * dataset from PostgreSQL to a stream with constant memory (a server-side cursor feeding a writer).
 */
public final class ComparisonExportService {

    private final DSLContext ctx;
    private final ComparisonRepository repository;

    public ComparisonExportService(DSLContext ctx, ComparisonRepository repository) {
        this.ctx = ctx;
        this.repository = repository;
    }

    /** Writes every row the filter selects; returns the number of rows. Does not close {@code out}. */
    public long export(ExportFilter filter, ExportFormat format, OutputStream out) {
        try (ComparisonWriter writer = format.open(out)) {
            return repository.stream(ctx, filter, row -> {
                try {
                    writer.write(row);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
