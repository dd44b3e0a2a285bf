package dev.tandem.clickme;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.common.InvalidInputException;
import dev.tandem.export.CsvWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jooq.DSLContext;

/**
 * ClickMe rows for the comparison dataset (issue 5): one row per round, streamed as CSV or JSONL,
 * and the per-image alignment table as CSV.
 */
public final class ClickMeExport {

    /** {@code csv} or {@code jsonl}. */
    public enum Format {
        CSV("text/csv"), JSONL("application/x-ndjson");

        public final String mediaType;

        Format(String mediaType) {
            this.mediaType = mediaType;
        }

        public static Format parse(String name) {
            for (Format f : values()) {
                if (f.name().equalsIgnoreCase(name)) {
                    return f;
                }
            }
            throw new InvalidInputException("format", "format must be csv or jsonl, got " + name);
        }
    }

    static final List<String> ROUND_COLUMNS = List.of("experiment", "experiment_version", "participant", "trial_index",
            "block", "image_index", "image_file", "category", "stimulus_sha256", "outcome", "elapsed_ms", "points",
            "reveals", "queries", "first_correct_reveals", "received_at");

    static final List<String> ALIGNMENT_COLUMNS = List.of("image_file", "image_index", "category", "stimulus_sha256",
            "participants", "split_half_ceiling", "ceiling", "model_ceiling", "spearman", "normalized_spearman", "dice", "iou");

    private final DSLContext dsl;
    private final ObjectMapper json;
    private final RoundDataRepository rounds = new RoundDataRepository();

    public ClickMeExport(DSLContext dsl, ObjectMapper json) {
        this.dsl = dsl;
        this.json = json;
    }

    /** Streams every stored round of the experiment (all versions of its slug). */
    public void rounds(String slug, Format format, OutputStream out) throws IOException {
        Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        CsvWriter csv = new CsvWriter(writer);
        if (format == Format.CSV) {
            csv.row(ROUND_COLUMNS);
        }
        try {
            rounds.rounds(dsl, slug, r -> {
                List<Object> values = List.of(r.experiment(), r.version(), r.participant(), r.trialIndex(), r.block(),
                        r.imageIndex(), r.imageFile(), r.category(), r.stimulusSha256(), r.outcome(), r.elapsedMs(),
                        r.points(), r.reveals(), r.queries(), r.firstCorrectReveals() == null ? "" : r.firstCorrectReveals(),
                        String.valueOf(r.receivedAt()));
                write(format, csv, writer, ROUND_COLUMNS, values);
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        writer.flush();
    }

    /** The per-image alignment table as CSV. */
    public void alignmentCsv(AlignmentService.Report report, OutputStream out) throws IOException {
        Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        CsvWriter csv = new CsvWriter(writer);
        csv.row(ALIGNMENT_COLUMNS);
        for (var i : report.images()) {
            csv.row(strings(List.of(i.imageFile(), i.imageIndex(), i.category(), i.stimulusSha256(), i.participants(),
                    i.splitHalfCeiling(), i.ceiling(), i.modelCeiling(), blank(i.spearman()), blank(i.normalizedSpearman()), blank(i.dice()), blank(i.iou()))));
        }
        writer.flush();
    }

    private void write(Format format, CsvWriter csv, Writer writer, List<String> columns, List<Object> values) {
        try {
            if (format == Format.CSV) {
                csv.row(strings(values));
            } else {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 0; i < columns.size(); i++) {
                    Object v = values.get(i);
                    row.put(columns.get(i), "".equals(v) ? null : v instanceof java.util.UUID ? v.toString() : v);
                }
                writer.write(json.writeValueAsString(row));
                writer.write('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Object blank(Double value) {
        return value == null ? "" : value;
    }

    private static List<String> strings(List<Object> values) {
        List<String> out = new ArrayList<>(values.size());
        values.forEach(v -> out.add(String.valueOf(v)));
        return out;
    }
}
