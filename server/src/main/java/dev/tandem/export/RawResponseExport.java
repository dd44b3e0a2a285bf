package dev.tandem.export;

import static dev.tandem.db.jooq.Tables.EXPERIMENT;
import static dev.tandem.db.jooq.Tables.RESPONSE;
import static dev.tandem.db.jooq.Tables.SESSION;
import static dev.tandem.db.jooq.Tables.TRIAL;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.common.InvalidInputException;
import dev.tandem.common.NotFoundException;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jooq.Cursor;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.impl.DSL;

/**
 * The raw export of an experiment: one row per stored response with its trial (what was shown),
 * its timing record and the session's fields. Rows are streamed from a server-side cursor, so
 * memory does not grow with the number of responses.
 */
public final class RawResponseExport {

    private static final int FETCH_SIZE = 2000;

    private static final List<Field<?>> COLUMNS = List.of(
            EXPERIMENT.SLUG.as("experiment"), EXPERIMENT.VERSION.as("experiment_version"),
            SESSION.ID.as("session_id"), SESSION.ASSIGNMENT_SLOT.as("assignment_slot"),
            DSL.field("{0}->>'PROLIFIC_PID'", String.class, SESSION.RECRUITMENT).as("prolific_pid"),
            DSL.field("{0}->>'STUDY_ID'", String.class, SESSION.RECRUITMENT).as("study_id"),
            DSL.field("{0}->>'SESSION_ID'", String.class, SESSION.RECRUITMENT).as("recruiter_session_id"),
            SESSION.REFRESH_HZ.as("refresh_hz"), SESSION.STATUS.as("session_status"),
            TRIAL.TRIAL_INDEX.as("trial_index"), TRIAL.BLOCK.as("block"), TRIAL.PRACTICE.as("practice"),
            TRIAL.IMAGE_FILE.as("image_file"), TRIAL.CATEGORY.as("category"),
            TRIAL.MANIPULATION.as("manipulation"), TRIAL.LEVEL.as("level"),
            TRIAL.REQUESTED_MS.as("requested_ms"), TRIAL.PLANNED_FRAMES.as("planned_frames"),
            TRIAL.STIMULUS_SHA256.as("stimulus_sha256"), TRIAL.MASK_SEED.as("mask_seed"),
            TRIAL.MASK_SHA256.as("mask_sha256"),
            RESPONSE.RESPONSE_ID.as("response_id"), RESPONSE.RESPONSE_.as("response"),
            DSL.field(RESPONSE.RESPONSE_.eq(TRIAL.CATEGORY)).as("correct"),
            RESPONSE.SOURCE.as("source"), RESPONSE.RESPONSE_KEY.as("response_key"), RESPONSE.RT_MS.as("rt_ms"),
            RESPONSE.TIMING_OK.as("timing_ok"), RESPONSE.STIMULUS_FRAMES_SHOWN.as("stimulus_frames_shown"),
            RESPONSE.MASK_FRAMES_SHOWN.as("mask_frames_shown"), RESPONSE.TIMING.as("timing"),
            RESPONSE.CLIENT_TIME.as("client_time"), RESPONSE.RECEIVED_AT.as("received_at"));

    private final DSLContext dsl;
    private final ObjectMapper json;

    public RawResponseExport(DSLContext dsl, ObjectMapper json) {
        this.dsl = dsl;
        this.json = json;
    }

    public enum Format { CSV, JSONL;

        public static Format parse(String text) {
            try {
                return valueOf(text.toUpperCase());
            } catch (IllegalArgumentException | NullPointerException e) {
                throw new InvalidInputException("format", "format must be csv or jsonl");
            }
        }
    }

    /** Writes every stored response of every version of the experiment; returns the row count. */
    public long write(String slug, Format format, OutputStream out) {
        if (!dsl.fetchExists(EXPERIMENT, EXPERIMENT.SLUG.eq(slug))) {
            throw new NotFoundException("no experiment named \"" + slug + "\"");
        }
        // A cursor needs a transaction in PostgreSQL; otherwise the driver fetches everything at once.
        return dsl.transactionResult(tx -> {
            try (Cursor<Record> rows = tx.dsl().select(COLUMNS)
                    .from(RESPONSE)
                    .join(TRIAL).on(TRIAL.SESSION_ID.eq(RESPONSE.SESSION_ID), TRIAL.TRIAL_INDEX.eq(RESPONSE.TRIAL_INDEX))
                    .join(SESSION).on(SESSION.ID.eq(TRIAL.SESSION_ID))
                    .join(EXPERIMENT).on(EXPERIMENT.ID.eq(SESSION.EXPERIMENT_ID))
                    .where(EXPERIMENT.SLUG.eq(slug))
                    .orderBy(SESSION.CREATED_AT, SESSION.ID, TRIAL.TRIAL_INDEX)
                    .fetchSize(FETCH_SIZE)
                    .fetchLazy()) {
                Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
                long count = format == Format.CSV ? writeCsv(rows, writer) : writeJsonLines(rows, writer);
                writer.flush();
                return count;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private static long writeCsv(Cursor<Record> rows, Writer writer) throws IOException {
        CsvWriter csv = new CsvWriter(writer);
        csv.row(COLUMNS.stream().map(Field::getName).toList());
        long count = 0;
        for (Record row : rows) {
            String[] values = new String[COLUMNS.size()];
            for (int i = 0; i < values.length; i++) {
                Object value = row.get(i);
                values[i] = value == null ? "" : value.toString();
            }
            csv.row(List.of(values));
            count++;
        }
        return count;
    }

    private long writeJsonLines(Cursor<Record> rows, Writer writer) throws IOException {
        long count = 0;
        JsonGenerator generator = json.getFactory().createGenerator(writer);
        generator.setRootValueSeparator(null);
        for (Record row : rows) {
            generator.writeStartObject();
            for (int i = 0; i < COLUMNS.size(); i++) {
                String name = COLUMNS.get(i).getName();
                Object value = row.get(i);
                if (value instanceof org.jooq.JSONB jsonb) {
                    generator.writeFieldName(name);
                    generator.writeRawValue(jsonb.data());
                } else if (value == null || value instanceof Number || value instanceof Boolean) {
                    generator.writeObjectField(name, value);
                } else {
                    generator.writeStringField(name, value.toString());
                }
            }
            generator.writeEndObject();
            generator.flush();
            writer.write('\n');
            count++;
        }
        return count;
    }
}
