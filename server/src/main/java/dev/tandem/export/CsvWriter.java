package dev.tandem.export;

import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.regex.Pattern;

/**
 * RFC 4180 rows: fields with commas, quotes or line breaks are quoted, quotes doubled. A text
 * cell a spreadsheet would run as a formula (starting with {@code = + - @}, tab or CR) gets a
 * leading {@code '}, as OWASP's "CSV injection" advice says (issue 12); plain numbers such as
 * {@code -0.5} are left as they are. JSON Lines and the model-vs-human layout stay raw.
 */
public final class CsvWriter {

    private static final Pattern NUMBER = Pattern.compile("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?");

    private final Writer writer;

    public CsvWriter(Writer writer) {
        this.writer = writer;
    }

    public void row(List<String> fields) throws IOException {
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                writer.write(',');
            }
            writeField(neutralised(fields.get(i)));
        }
        writer.write("\r\n");
    }

    /** {@code cell} as a spreadsheet shows it without running it: formula starters get a leading {@code '}. */
    public static String neutralised(String cell) {
        if (cell.isEmpty()) {
            return cell;
        }
        char first = cell.charAt(0);
        boolean starter = first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r';
        return starter && !NUMBER.matcher(cell).matches() ? "'" + cell : cell;
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
