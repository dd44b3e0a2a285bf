package dev.tandem.export;

import java.io.IOException;
import java.io.OutputStream;

/** The comparison dataset's formats ({@code export --format csv|jsonl|mvh}). */
public enum ExportFormat {
    /** RFC 4180 CSV with a header, one column per {@link ComparisonRow} field. */
    CSV("text/csv", CsvComparisonWriter::new),
    /** One JSON object per line, keys as the CSV header. */
    JSONL("application/x-ndjson", JsonlComparisonWriter::new),
    /** model-vs-human's raw-data layout: subj,session,trial,rt,object_response,category,condition,imagename. */
    MVH("text/csv", MvhComparisonWriter::new);

    /** Opens a writer on a stream; one-method interface so each format names its constructor. */
    interface WriterFactory {
        ComparisonWriter open(OutputStream out) throws IOException;
    }

    private final String mediaType;
    private final WriterFactory factory;

    ExportFormat(String mediaType, WriterFactory factory) {
        this.mediaType = mediaType;
        this.factory = factory;
    }

    public String mediaType() {
        return mediaType;
    }

    public ComparisonWriter open(OutputStream out) throws IOException {
        return factory.open(out);
    }
}
