package dev.tandem.export;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/** An export as CSV ({@link CsvWriter}: RFC 4180): header, then one line per row; a null is an empty field. */
final class CsvExportWriter implements ExportWriter {

    private final Writer out;
    private final CsvWriter csv;
    private final String[] fields;

    CsvExportWriter(OutputStream stream, List<ExportColumn> columns) throws IOException {
        this.out = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), 1 << 16);
        this.csv = new CsvWriter(out);
        this.fields = new String[columns.size()];
        csv.row(columns.stream().map(ExportColumn::name).toList());
    }

    @Override
    public void write(Object[] values) throws IOException {
        for (int i = 0; i < fields.length; i++) {
            fields[i] = values[i] == null ? "" : values[i].toString();
        }
        csv.row(Arrays.asList(fields));
    }

    @Override
    public void close() throws IOException {
        out.flush();
    }
}
