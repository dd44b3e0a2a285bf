package dev.tandem.export;

import java.io.IOException;

/** Writes comparison rows in one format, one at a time (nothing is buffered beyond the stream's buffer). */
public interface ComparisonWriter extends AutoCloseable {

    void write(ComparisonRow row) throws IOException;

    /** Flushes; does not close the underlying stream. */
    @Override
    void close() throws IOException;
}
