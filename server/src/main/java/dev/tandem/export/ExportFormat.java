package dev.tandem.export;

import dev.tandem.common.InvalidInputException;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/** The export formats ({@code export --format csv|jsonl|mvh}); one writer each, for every layout. */
public enum ExportFormat {
    /** RFC 4180 CSV with a header, one column per column of the layout. */
    CSV("text/csv; charset=utf-8", "csv"),
    /** One JSON object per line, keys as the CSV header. */
    JSONL("application/x-ndjson", "jsonl"),
    /**
     * model-vs-human's raw-data layout, zipped: a folder per dataset, a CSV per observer
     * ({@link MvhLayoutWriter}); always from the comparison layout.
     */
    MVH("application/zip", "zip");

    private final String mediaType;
    private final String extension;

    ExportFormat(String mediaType, String extension) {
        this.mediaType = mediaType;
        this.extension = extension;
    }

    /** {@code csv}, {@code jsonl} or {@code mvh}, any case; anything else is refused naming the field "format". */
    public static ExportFormat parse(String name) {
        for (ExportFormat format : values()) {
            if (format.name().equalsIgnoreCase(name)) {
                return format;
            }
        }
        throw new InvalidInputException("format", "format must be csv, jsonl or mvh, got " + name);
    }

    /** File name extension: csv, jsonl, or zip for the model-vs-human layout. */
    public String extension() {
        return extension;
    }

    public String mediaType() {
        return mediaType;
    }

    /** The layout this format writes: the model-vs-human layout is built from comparison rows. */
    public ExportLayout layout(ExportLayout requested) {
        return this == MVH ? ExportLayout.COMPARISON : requested;
    }

    ExportWriter open(OutputStream out, ExportLayout layout) throws IOException {
        return this == MVH ? new MvhLayoutWriter(out) : open(out, layout.columns());
    }

    /** A CSV or JSON Lines writer of these columns (e.g. a triplet experiment's); the model-vs-human layout has fixed ones. */
    ExportWriter open(OutputStream out, List<ExportColumn> columns) throws IOException {
        return switch (this) {
            case CSV -> new CsvExportWriter(out, columns);
            case JSONL -> new JsonlExportWriter(out, columns);
            case MVH -> throw new IllegalArgumentException("the model-vs-human layout has fixed columns");
        };
    }
}
