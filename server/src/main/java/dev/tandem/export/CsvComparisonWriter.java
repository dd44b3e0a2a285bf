package dev.tandem.export;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

/** The comparison dataset as CSV: header, then one line per row; a null is an empty field. */
final class CsvComparisonWriter implements ComparisonWriter {

    private final Writer out;

    CsvComparisonWriter(OutputStream stream) throws IOException {
        this.out = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), 1 << 16);
        out.write(String.join(",", ComparisonColumns.NAMES));
        out.write('\n');
    }

    @Override
    public void write(ComparisonRow r) throws IOException {
        text(r.observerKind()).text(r.observerId()).text(r.study()).value(r.version()).text(r.session())
                .value(r.trialIndex()).text(r.stimulusSha256()).text(r.imageName()).text(r.category())
                .text(r.manipulation()).text(r.level()).value(r.requestedMs()).value(r.plannedFrames())
                .value(r.framesShown()).text(r.response()).value(r.correct()).value(r.rtMs());
        if (r.timingOk() != null) {
            out.write(r.timingOk().toString());
        }
        out.write('\n');
    }

    private CsvComparisonWriter value(Object value) throws IOException {
        if (value != null) {
            out.write(value.toString());
        }
        out.write(',');
        return this;
    }

    private CsvComparisonWriter text(String raw) throws IOException {
        String value = raw == null ? null : CsvWriter.neutralised(raw);
        if (value != null) {
            if (needsQuotes(value)) {
                out.write('"');
                out.write(value.replace("\"", "\"\""));
                out.write('"');
            } else {
                out.write(value);
            }
        }
        out.write(',');
        return this;
    }

    private static boolean needsQuotes(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == ',' || c == '"' || c == '\n' || c == '\r') {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() throws IOException {
        out.flush();
    }
}
