package dev.tandem.export;

import java.io.IOException;

/**
 * Writes an export's rows in one format, one at a time (nothing is buffered beyond the stream's
 * buffer, except where a format needs a file per observer: see {@link MvhLayoutWriter}).
 */
public interface ExportWriter extends AutoCloseable {

    /** One row: the values of the layout's columns, in order; null where a row has no value. */
    void write(Object[] values) throws IOException;

    /** Flushes (and finishes the format); does not close the underlying stream. */
    @Override
    void close() throws IOException;
}
