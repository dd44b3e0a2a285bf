package dev.tandem.export;

import java.io.IOException;
import java.io.Writer;
import java.util.List;

/** RFC 4180 rows: fields with commas, quotes or line breaks are quoted, quotes doubled. */
public final class CsvWriter {

    private final Writer writer;

    public CsvWriter(Writer writer) {
        this.writer = writer;
    }

    public void row(List<String> fields) throws IOException {
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                writer.write(',');
            }
            writeField(fields.get(i));
        }
        writer.write("\r\n");
    }

    private void writeField(String field) throws IOException {
        if (field.indexOf(',') < 0 && field.indexOf('"') < 0 && field.indexOf('\n') < 0 && field.indexOf('\r') < 0) {
            writer.write(field);
            return;
        }
        writer.write('"');
        writer.write(field.replace("\"", "\"\""));
        writer.write('"');
    }
}
