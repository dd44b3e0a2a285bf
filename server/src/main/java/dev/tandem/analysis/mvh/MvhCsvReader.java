package dev.tandem.analysis.mvh;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads one model-vs-human raw-data CSV. The whole file is checked before anything is returned, so
 * a caller that stores files keeps either all of a file or none of it. Header names are compared
 * case-insensitively (some published files write "Session"); blank lines are skipped, as pandas does.
 */
public final class MvhCsvReader {

    /** The raw-data layout, in order. */
    public static final List<String> COLUMNS =
            List.of("subj", "session", "trial", "rt", "object_response", "category", "condition", "imagename");

    public MvhFile read(Path file) {
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(file, reader);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** Reads {@code file}'s content from {@code reader} (the caller may already hold the bytes). */
    public MvhFile read(Path file, BufferedReader reader) {
        String dataset = file.toAbsolutePath().getParent().getFileName().toString();
        try {
            String header = reader.readLine();
            if (header == null) {
                throw new MalformedMvhFileException(file, 1, "empty file, expected the header "
                        + String.join(",", COLUMNS));
            }
            List<String> names = split(file, 1, stripBom(header)).stream()
                    .map(n -> n.trim().toLowerCase(Locale.ROOT)).toList();
            if (!names.equals(COLUMNS)) {
                throw new MalformedMvhFileException(file, 1, "header is " + names + ", expected "
                        + String.join(",", COLUMNS));
            }
            List<MvhRow> rows = new ArrayList<>();
            int lineNumber = 1;
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lineNumber++;
                if (!line.isBlank()) {
                    rows.add(row(file, lineNumber, split(file, lineNumber, line)));
                }
            }
            return new MvhFile(file, dataset, List.copyOf(rows));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static MvhRow row(Path file, int line, List<String> fields) {
        if (fields.size() != COLUMNS.size()) {
            throw new MalformedMvhFileException(file, line, "expected " + COLUMNS.size() + " fields, found "
                    + fields.size());
        }
        for (int i : new int[] {0, 4, 5, 7}) {
            if (fields.get(i).isBlank()) {
                throw new MalformedMvhFileException(file, line, COLUMNS.get(i) + " is empty");
            }
        }
        int trial;
        try {
            trial = Integer.parseInt(fields.get(2).trim());
        } catch (NumberFormatException e) {
            throw new MalformedMvhFileException(file, line, "trial is not a whole number: '" + fields.get(2) + "'");
        }
        return new MvhRow(line, fields.get(0), fields.get(1), trial, reactionTime(file, line, fields.get(3)),
                fields.get(4), fields.get(5), fields.get(6), fields.get(7));
    }

    private static Double reactionTime(Path file, int line, String text) {
        String rt = text.trim();
        if (rt.isEmpty() || rt.equalsIgnoreCase("nan") || rt.equalsIgnoreCase("na")) {
            return null;
        }
        try {
            double value = Double.parseDouble(rt);
            if (Double.isNaN(value) || value < 0) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new MalformedMvhFileException(file, line, "rt is not a non-negative number: '" + text + "'");
        }
    }

    /** RFC 4180 fields of one line (quoted fields may hold commas and doubled quotes, not line breaks). */
    static List<String> split(Path file, int lineNumber, String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean wasQuoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"' && field.isEmpty() && !wasQuoted) {
                quoted = true;
                wasQuoted = true;
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
                wasQuoted = false;
            } else if (wasQuoted) {
                throw new MalformedMvhFileException(file, lineNumber, "text after a closing quote");
            } else {
                field.append(c);
            }
        }
        if (quoted) {
            throw new MalformedMvhFileException(file, lineNumber, "unterminated quote");
        }
        fields.add(field.toString());
        return fields;
    }

    private static String stripBom(String header) {
        return header.startsWith("\uFEFF") ? header.substring(1) : header;
    }
}
