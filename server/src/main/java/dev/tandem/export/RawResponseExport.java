package dev.tandem.export;

import static dev.tandem.db.jooq.Tables.EXPERIMENT;
import static dev.tandem.db.jooq.Tables.MODEL;
import static dev.tandem.db.jooq.Tables.MODEL_SCORE;
import static dev.tandem.db.jooq.Tables.RESPONSE;
import static dev.tandem.db.jooq.Tables.SCORE_JOB;
import static dev.tandem.db.jooq.Tables.SCORE_TASK;
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
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jooq.Cursor;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.ResultQuery;
import org.jooq.impl.DSL;

/**
 * The raw export of an experiment: one row per stored response with its trial (what was shown),
 * its timing record and the session's fields; beside it, one row per (model, trial) for every
 * model that scored the trial's stimulus, and one row per design cell a model scored, so the
 * design is covered before any participant arrives (issue 3). {@code observer_kind} is
 * {@code human} or {@code model}; {@code observer} is the session id or the model's name. Rows are
 * streamed from a server-side cursor, so memory does not grow with the number of responses.
 */
public final class RawResponseExport {

    private static final int FETCH_SIZE = 2000;

    /** Human rows: one per stored response, with its trial and session. */
    private static final List<Field<?>> COLUMNS = List.of(
            EXPERIMENT.SLUG.as("experiment"), EXPERIMENT.VERSION.as("experiment_version"),
            DSL.inline("human").as("observer_kind"), DSL.field("{0}::text", String.class, SESSION.ID).as("observer"),
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

    /**
     * Model rows on human trials: the trial's columns, the model's decision as the response, and
     * nothing that only a person's browser records (issue 3).
     */
    private static final Map<String, Field<?>> MODEL_ON_TRIAL = Map.of(
            "observer_kind", DSL.inline("model"), "observer", MODEL.NAME,
            "response", MODEL_SCORE.DECISION, "correct", DSL.field(MODEL_SCORE.DECISION.eq(TRIAL.CATEGORY)));

    /** Model rows on design cells: the stimulus, its image and manipulation, no session or trial. */
    private static final Map<String, Field<?>> MODEL_ON_DESIGN = Map.ofEntries(
            Map.entry("experiment", EXPERIMENT.SLUG), Map.entry("experiment_version", EXPERIMENT.VERSION),
            Map.entry("observer_kind", DSL.inline("model")), Map.entry("observer", MODEL.NAME),
            Map.entry("image_file", SCORE_TASK.IMAGE_FILE), Map.entry("category", SCORE_TASK.CATEGORY),
            Map.entry("manipulation", SCORE_TASK.MANIPULATION), Map.entry("level", SCORE_TASK.LEVEL),
            Map.entry("stimulus_sha256", SCORE_TASK.STIMULUS_SHA256), Map.entry("response", MODEL_SCORE.DECISION),
            Map.entry("correct", DSL.field(MODEL_SCORE.DECISION.eq(SCORE_TASK.CATEGORY))));

    /** Columns of a model-on-trial row kept from the human row: what was shown, not what a person did. */
    private static final Set<String> TRIAL_COLUMNS = Set.of("experiment", "experiment_version", "session_id",
            "assignment_slot", "trial_index", "block", "practice", "image_file", "category", "manipulation", "level",
            "requested_ms", "planned_frames", "stimulus_sha256", "mask_seed", "mask_sha256");

    /** Sorts rows by session start; not written. Design rows (no session) come last. */
    private static final Field<OffsetDateTime> SESSION_STARTED = SESSION.CREATED_AT.as("session_started");

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
            try (Cursor<Record> rows = rows(tx.dsl(), slug).fetchSize(FETCH_SIZE).fetchLazy()) {
                Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
                long count = format == Format.CSV ? writeCsv(rows, writer) : writeJsonLines(rows, writer);
                writer.flush();
                return count;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /**
     * Human rows, model rows on the same trials (joined on the stimulus hash: the same bytes), and
     * model rows on the design cells of the experiment's scoring jobs, in one ordered stream:
     * each trial's human row is followed by its model rows; design rows come last.
     */
    private static ResultQuery<Record> rows(DSLContext dsl, String slug) {
        List<Field<?>> human = new ArrayList<>(COLUMNS);
        human.add(SESSION_STARTED);
        List<Field<?>> modelOnTrial = new ArrayList<>();
        List<Field<?>> modelOnDesign = new ArrayList<>();
        for (Field<?> column : COLUMNS) {
            String name = column.getName();
            Field<?> nothing = DSL.castNull(column.getDataType());
            modelOnTrial.add(named(MODEL_ON_TRIAL.getOrDefault(name, TRIAL_COLUMNS.contains(name) ? column : nothing), name));
            modelOnDesign.add(named(MODEL_ON_DESIGN.getOrDefault(name, nothing), name));
        }
        modelOnTrial.add(SESSION_STARTED);
        modelOnDesign.add(DSL.castNull(SESSION.CREATED_AT.getDataType()).as(SESSION_STARTED.getName()));
        return dsl.select(human)
                .from(RESPONSE)
                .join(TRIAL).on(TRIAL.SESSION_ID.eq(RESPONSE.SESSION_ID), TRIAL.TRIAL_INDEX.eq(RESPONSE.TRIAL_INDEX))
                .join(SESSION).on(SESSION.ID.eq(TRIAL.SESSION_ID))
                .join(EXPERIMENT).on(EXPERIMENT.ID.eq(SESSION.EXPERIMENT_ID))
                .where(EXPERIMENT.SLUG.eq(slug), SESSION.PILOT.isFalse()) // pilots are not data (issue 14)
                .unionAll(dsl.select(modelOnTrial)
                        .from(RESPONSE)
                        .join(TRIAL).on(TRIAL.SESSION_ID.eq(RESPONSE.SESSION_ID), TRIAL.TRIAL_INDEX.eq(RESPONSE.TRIAL_INDEX))
                        .join(SESSION).on(SESSION.ID.eq(TRIAL.SESSION_ID))
                        .join(EXPERIMENT).on(EXPERIMENT.ID.eq(SESSION.EXPERIMENT_ID))
                        .join(MODEL_SCORE).on(MODEL_SCORE.STIMULUS_SHA256.eq(TRIAL.STIMULUS_SHA256))
                        .join(MODEL).on(MODEL.ID.eq(MODEL_SCORE.MODEL_ID))
                        .where(EXPERIMENT.SLUG.eq(slug), SESSION.PILOT.isFalse()))
                .unionAll(dsl.selectDistinct(modelOnDesign)
                        .from(SCORE_TASK)
                        .join(SCORE_JOB).on(SCORE_JOB.ID.eq(SCORE_TASK.JOB_ID))
                        .join(EXPERIMENT).on(EXPERIMENT.ID.eq(SCORE_JOB.EXPERIMENT_ID))
                        .join(MODEL_SCORE).on(MODEL_SCORE.MODEL_ID.eq(SCORE_JOB.MODEL_ID),
                                MODEL_SCORE.STIMULUS_SHA256.eq(SCORE_TASK.STIMULUS_SHA256))
                        .join(MODEL).on(MODEL.ID.eq(MODEL_SCORE.MODEL_ID))
                        .where(EXPERIMENT.SLUG.eq(slug)))
                .orderBy(output(SESSION_STARTED.getName()).asc().nullsLast(), output("session_id"), output("trial_index"),
                        output("observer_kind"), output("observer"), output("experiment_version"),
                        output("manipulation"), output("level"), output("image_file"));
    }

    /** An output column of the union, by name, for its ORDER BY. */
    private static Field<Object> output(String name) {
        return DSL.field(DSL.name(name));
    }

    private static Field<?> named(Field<?> field, String name) {
        return field.getName().equals(name) ? field : field.as(name);
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
