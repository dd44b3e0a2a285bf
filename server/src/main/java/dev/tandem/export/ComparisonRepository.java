package dev.tandem.export;

import dev.tandem.common.NotFoundException;
import dev.tandem.export.ExportColumn.Kind;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.DataType;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Select;
import org.jooq.SelectField;
import org.jooq.SortField;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

import static dev.tandem.db.jooq.Tables.EXPERIMENT;
import static dev.tandem.db.jooq.Tables.IMPORTED_FILE;
import static dev.tandem.db.jooq.Tables.IMPORTED_STUDY;
import static dev.tandem.db.jooq.Tables.IMPORTED_TRIAL;
import static dev.tandem.db.jooq.Tables.MODEL;
import static dev.tandem.db.jooq.Tables.MODEL_SCORE;
import static dev.tandem.db.jooq.Tables.RESPONSE;
import static dev.tandem.db.jooq.Tables.SCORE_JOB;
import static dev.tandem.db.jooq.Tables.SCORE_TASK;
import static dev.tandem.db.jooq.Tables.SESSION;
import static dev.tandem.db.jooq.Tables.TRIAL;

/**
 * The one export query (issue 11), streamed from a server-side cursor so memory does not grow
 * with the row count. An experiment's rows are its human trials and, for every model that scored
 * a trial's stimulus, that model's answer on the same trial (joined on the stimulus hash: the same
 * bytes); the responses layout adds the models' answers on the design cells of their scoring jobs;
 * an imported study's rows are its published trials. Each {@link ExportLayout} selects its
 * columns from the same sources, so the human-plus-model join is written once, here.
 */
public final class ComparisonRepository {

    /** Rows fetched per round trip; the PostgreSQL driver only streams inside a transaction. */
    static final int FETCH_SIZE = 5_000;

    /**
     * Fails unless what the filter names is stored: the experiment (in the filter's version, if it
     * names one) or the imported study. Callers that stream to a client check this before they
     * commit to a status.
     *
     * @throws NotFoundException naming what is missing
     */
    public void requireSource(DSLContext ctx, ExportFilter filter) {
        if (filter.experimentSlug() != null) {
            Condition where = EXPERIMENT.SLUG.eq(filter.experimentSlug());
            if (filter.version() != null) {
                where = where.and(EXPERIMENT.VERSION.eq(filter.version()));
            }
            if (!ctx.fetchExists(EXPERIMENT, where)) {
                throw new NotFoundException("no experiment " + filter.experimentSlug()
                        + (filter.version() == null ? "" : " version " + filter.version()));
            }
        } else if (!ctx.fetchExists(IMPORTED_STUDY, IMPORTED_STUDY.NAME.eq(filter.study()))) {
            throw new NotFoundException("no imported study named " + filter.study());
        }
    }

    /** Rows the filter selects in the comparison layout, for progress reports. */
    public long count(DSLContext ctx, ExportFilter filter) {
        return count(ctx, filter, ExportLayout.COMPARISON);
    }

    public long count(DSLContext ctx, ExportFilter filter, ExportLayout layout) {
        return ctx.fetchCount(query(ctx, filter, layout));
    }

    /** The comparison layout's query, also what the benchmark hands to {@code COPY (…) TO STDOUT}. */
    public Select<Record> query(DSLContext ctx, ExportFilter filter) {
        return query(ctx, filter, ExportLayout.COMPARISON);
    }

    /**
     * An experiment's human rows, model rows on the same trials and (in the responses layout)
     * model rows on design cells, joined with UNION ALL; or an imported study's rows. The
     * layout's columns come first, then any column it is sorted by but does not write.
     */
    public Select<Record> query(DSLContext ctx, ExportFilter filter, ExportLayout layout) {
        List<ExportColumn> columns = new ArrayList<>(layout.columns());
        if (layout.order().contains(ComparisonColumns.SESSION_STARTED.name())) {
            columns.add(ComparisonColumns.SESSION_STARTED);
        }
        Select<Record> rows;
        if (filter.experimentSlug() != null) {
            Condition trials = trials(filter, layout);
            var union = ctx.select(select(columns, Source.HUMAN)).from(TRIAL)
                    .join(RESPONSE).on(RESPONSE.SESSION_ID.eq(TRIAL.SESSION_ID), RESPONSE.TRIAL_INDEX.eq(TRIAL.TRIAL_INDEX))
                    .join(SESSION).on(SESSION.ID.eq(TRIAL.SESSION_ID))
                    .join(EXPERIMENT).on(EXPERIMENT.ID.eq(SESSION.EXPERIMENT_ID))
                    .where(trials, wanted(filter, "human"))
                    .unionAll(ctx.select(select(columns, Source.MODEL_ON_TRIAL)).from(TRIAL)
                            .join(RESPONSE).on(RESPONSE.SESSION_ID.eq(TRIAL.SESSION_ID), RESPONSE.TRIAL_INDEX.eq(TRIAL.TRIAL_INDEX))
                            .join(SESSION).on(SESSION.ID.eq(TRIAL.SESSION_ID))
                            .join(EXPERIMENT).on(EXPERIMENT.ID.eq(SESSION.EXPERIMENT_ID))
                            .join(MODEL_SCORE).on(MODEL_SCORE.STIMULUS_SHA256.eq(TRIAL.STIMULUS_SHA256))
                            .join(MODEL).on(MODEL.ID.eq(MODEL_SCORE.MODEL_ID))
                            .where(trials, wanted(filter, "model")));
            rows = !layout.designCells() ? union : union.unionAll(ctx.selectDistinct(select(columns, Source.MODEL_ON_DESIGN))
                    .from(SCORE_TASK)
                    .join(SCORE_JOB).on(SCORE_JOB.ID.eq(SCORE_TASK.JOB_ID))
                    .join(EXPERIMENT).on(EXPERIMENT.ID.eq(SCORE_JOB.EXPERIMENT_ID))
                    .join(MODEL_SCORE).on(MODEL_SCORE.MODEL_ID.eq(SCORE_JOB.MODEL_ID),
                            MODEL_SCORE.STIMULUS_SHA256.eq(SCORE_TASK.STIMULUS_SHA256))
                    .join(MODEL).on(MODEL.ID.eq(MODEL_SCORE.MODEL_ID))
                    .where(experiment(filter), wanted(filter, "model")));
        } else {
            rows = ctx.select(select(columns, Source.IMPORTED)).from(IMPORTED_TRIAL)
                    .join(IMPORTED_FILE).on(IMPORTED_FILE.ID.eq(IMPORTED_TRIAL.FILE_ID))
                    .join(IMPORTED_STUDY).on(IMPORTED_STUDY.ID.eq(IMPORTED_FILE.STUDY_ID))
                    .where(IMPORTED_STUDY.NAME.eq(filter.study()), wanted(filter, "imported"));
        }
        List<SortField<Object>> order = new ArrayList<>();
        for (String name : layout.order()) {
            order.add(DSL.field(DSL.name(name)).asc().nullsLast());
        }
        return ctx.selectFrom(rows.asTable("export_rows")).orderBy(order);
    }

    /** Calls {@code sink} for every comparison row, in order, inside one read transaction. */
    public long stream(DSLContext ctx, ExportFilter filter, Consumer<ComparisonRow> sink) {
        return stream(ctx, filter, ExportLayout.COMPARISON, values -> sink.accept(ComparisonRow.of(values)));
    }

    /**
     * Calls {@code sink} with the values of every row (the layout's columns, in order), inside one
     * read transaction. The rows are read straight from the JDBC result set (jOOQ renders the
     * query): materialising a jOOQ record per row halved the export's speed against COPY.
     */
    public long stream(DSLContext ctx, ExportFilter filter, ExportLayout layout, Consumer<Object[]> sink) {
        List<Kind> kinds = layout.columns().stream().map(ExportColumn::kind).toList();
        return ctx.transactionResult(c -> {
            // the export reads every row: plan for total time, not for the first rows of a cursor
            c.dsl().execute("SET LOCAL cursor_tuple_fraction = 1.0");
            String sql = c.dsl().renderInlined(query(c.dsl(), filter, layout));
            return c.dsl().connectionResult(connection -> {
                try (PreparedStatement statement = connection.prepareStatement(sql)) {
                    statement.setFetchSize(FETCH_SIZE);
                    long rows = 0;
                    try (ResultSet rs = statement.executeQuery()) {
                        while (rs.next()) {
                            Object[] values = new Object[kinds.size()];
                            for (int i = 0; i < values.length; i++) {
                                values[i] = value(rs, i + 1, kinds.get(i));
                            }
                            sink.accept(values);
                            rows++;
                        }
                    }
                    return rows;
                }
            });
        });
    }

    private static Object value(ResultSet rs, int column, Kind kind) throws SQLException {
        Object value = switch (kind) {
            case TEXT, JSON -> rs.getString(column);
            case INTEGER -> rs.getLong(column);
            case NUMBER -> rs.getDouble(column);
            case BOOLEAN -> rs.getBoolean(column);
            case TIMESTAMP -> rs.getObject(column, OffsetDateTime.class);
        };
        return rs.wasNull() ? null : value;
    }

    /** The experiment (and version) the filter names. */
    private static Condition experiment(ExportFilter filter) {
        Condition where = EXPERIMENT.SLUG.eq(filter.experimentSlug());
        return filter.version() == null ? where : where.and(EXPERIMENT.VERSION.eq(filter.version()));
    }

    /** The answered trials the filter and layout keep; model rows use the same trials as human rows. */
    private static Condition trials(ExportFilter filter, ExportLayout layout) {
        // Sessions excluded in the study overview, and pilot sessions unless asked for, stay out (issue 14).
        Condition where = experiment(filter).and(SESSION.EXCLUDED_REASON.isNull());
        if (!filter.includePilots()) {
            where = where.and(SESSION.PILOT.isFalse());
        }
        if (!layout.practice()) {
            where = where.and(TRIAL.PRACTICE.isFalse());
        }
        if (filter.timingOkOnly()) {
            where = where.and(RESPONSE.TIMING_OK.isTrue());
        }
        return where;
    }

    private static Condition wanted(ExportFilter filter, String kind) {
        return filter.wants(kind) ? DSL.trueCondition() : DSL.falseCondition();
    }

    /** The columns of one branch of the union: each source's field, or NULL, cast to the column's type. */
    private static List<SelectField<?>> select(List<ExportColumn> columns, Source source) {
        List<SelectField<?>> fields = new ArrayList<>();
        for (ExportColumn column : columns) {
            DataType<?> type = TYPES.get(column.kind());
            Field<?> field = source.fields.get(column.name());
            fields.add((field == null ? DSL.castNull(type) : field.cast(type)).as(column.name()));
        }
        return fields;
    }

    private static final Map<Kind, DataType<?>> TYPES = Map.of(Kind.TEXT, SQLDataType.CLOB, Kind.INTEGER,
            SQLDataType.BIGINT, Kind.NUMBER, SQLDataType.DOUBLE, Kind.BOOLEAN, SQLDataType.BOOLEAN, Kind.JSON,
            SQLDataType.JSONB, Kind.TIMESTAMP, SQLDataType.TIMESTAMPWITHTIMEZONE);

    /**
     * The dataset of an experiment's row, as the model-vs-human layout names its folders (issue
     * 11): {@code <experiment>-<manipulation>[-<level>]}, with anything but letters, digits, '.'
     * and '-' made '-' (model-vs-human's file names split on '_').
     */
    private static Field<String> dataset(Field<String> slug, Field<String> manipulation, Field<Double> level) {
        return DSL.field("regexp_replace({0} || '-' || {1} || coalesce('-' || {2}::text, ''), '[^A-Za-z0-9.-]', '-', 'g')",
                String.class, slug, manipulation, level);
    }

    /** Where each column's value comes from, per kind of row; a column a source lacks is NULL. */
    private enum Source {
        /** A stored response on its trial, with its session. */
        HUMAN(human()),
        /** A model's stored answer on the stimulus of a human trial: the trial's columns, the model's answer. */
        MODEL_ON_TRIAL(modelOnTrial()),
        /** A model's stored answer on a design cell of its scoring job: no session, no trial. */
        MODEL_ON_DESIGN(modelOnDesign()),
        /** A published trial of an imported study. */
        IMPORTED(imported());

        final Map<String, Field<?>> fields;

        Source(Map<String, Field<?>> fields) {
            this.fields = fields;
        }
    }

    /** Trial columns a model row keeps from the human trial: what was shown, not what a person did. */
    private static final Set<String> TRIAL_COLUMNS = Set.of("study", "experiment", "version", "experiment_version",
            "session", "session_id", "assignment_slot", "trial_index", "block", "practice", "stimulus_sha256",
            "image_name", "image_file", "category", "manipulation", "level", "requested_ms", "planned_frames",
            "mask_seed", "mask_sha256", "dataset", "session_started");

    private static Map<String, Field<?>> human() {
        Map<String, Field<?>> f = new HashMap<>();
        Field<String> session = SESSION.ID.cast(String.class);
        f.put("observer_kind", DSL.inline("human"));
        f.put("observer_id", session);
        f.put("observer", session);
        f.put("study", EXPERIMENT.SLUG);
        f.put("experiment", EXPERIMENT.SLUG);
        f.put("version", EXPERIMENT.VERSION);
        f.put("experiment_version", EXPERIMENT.VERSION);
        f.put("session", session);
        f.put("session_id", session);
        f.put("assignment_slot", SESSION.ASSIGNMENT_SLOT);
        f.put("prolific_pid", DSL.field("{0}->>'PROLIFIC_PID'", String.class, SESSION.RECRUITMENT));
        f.put("study_id", DSL.field("{0}->>'STUDY_ID'", String.class, SESSION.RECRUITMENT));
        f.put("recruiter_session_id", DSL.field("{0}->>'SESSION_ID'", String.class, SESSION.RECRUITMENT));
        f.put("refresh_hz", SESSION.REFRESH_HZ);
        f.put("session_status", SESSION.STATUS);
        f.put("trial_index", TRIAL.TRIAL_INDEX);
        f.put("block", TRIAL.BLOCK);
        f.put("practice", TRIAL.PRACTICE);
        f.put("stimulus_sha256", TRIAL.STIMULUS_SHA256);
        f.put("image_name", TRIAL.IMAGE_FILE);
        f.put("image_file", TRIAL.IMAGE_FILE);
        f.put("category", TRIAL.CATEGORY);
        f.put("manipulation", TRIAL.MANIPULATION);
        f.put("level", TRIAL.LEVEL);
        f.put("requested_ms", TRIAL.REQUESTED_MS);
        f.put("planned_frames", TRIAL.PLANNED_FRAMES);
        f.put("mask_seed", TRIAL.MASK_SEED);
        f.put("mask_sha256", TRIAL.MASK_SHA256);
        f.put("response_id", RESPONSE.RESPONSE_ID.cast(String.class));
        f.put("response", RESPONSE.RESPONSE_);
        f.put("correct", DSL.coalesce(RESPONSE.RESPONSE_.eq(TRIAL.CATEGORY), DSL.inline(false)));
        f.put("source", RESPONSE.SOURCE);
        f.put("response_key", RESPONSE.RESPONSE_KEY);
        f.put("rt_ms", RESPONSE.RT_MS);
        f.put("timing_ok", RESPONSE.TIMING_OK);
        f.put("frames_shown", RESPONSE.STIMULUS_FRAMES_SHOWN);
        f.put("stimulus_frames_shown", RESPONSE.STIMULUS_FRAMES_SHOWN);
        f.put("mask_frames_shown", RESPONSE.MASK_FRAMES_SHOWN);
        f.put("timing", RESPONSE.TIMING);
        f.put("client_time", RESPONSE.CLIENT_TIME);
        f.put("received_at", RESPONSE.RECEIVED_AT);
        f.put("dataset", dataset(EXPERIMENT.SLUG, TRIAL.MANIPULATION, TRIAL.LEVEL));
        f.put("session_started", SESSION.CREATED_AT);
        return f;
    }

    private static Map<String, Field<?>> modelOnTrial() {
        Map<String, Field<?>> f = new HashMap<>(human());
        f.keySet().retainAll(TRIAL_COLUMNS);
        f.put("observer_kind", DSL.inline("model"));
        f.put("observer_id", MODEL.NAME);
        f.put("observer", MODEL.NAME);
        f.put("response", MODEL_SCORE.DECISION);
        f.put("correct", DSL.coalesce(MODEL_SCORE.DECISION.eq(TRIAL.CATEGORY), DSL.inline(false)));
        return f;
    }

    private static Map<String, Field<?>> modelOnDesign() {
        Map<String, Field<?>> f = new HashMap<>();
        f.put("observer_kind", DSL.inline("model"));
        f.put("observer_id", MODEL.NAME);
        f.put("observer", MODEL.NAME);
        f.put("study", EXPERIMENT.SLUG);
        f.put("experiment", EXPERIMENT.SLUG);
        f.put("version", EXPERIMENT.VERSION);
        f.put("experiment_version", EXPERIMENT.VERSION);
        f.put("stimulus_sha256", SCORE_TASK.STIMULUS_SHA256);
        f.put("image_name", SCORE_TASK.IMAGE_FILE);
        f.put("image_file", SCORE_TASK.IMAGE_FILE);
        f.put("category", SCORE_TASK.CATEGORY);
        f.put("manipulation", SCORE_TASK.MANIPULATION);
        f.put("level", SCORE_TASK.LEVEL);
        f.put("response", MODEL_SCORE.DECISION);
        f.put("correct", DSL.coalesce(MODEL_SCORE.DECISION.eq(SCORE_TASK.CATEGORY), DSL.inline(false)));
        f.put("dataset", dataset(EXPERIMENT.SLUG, SCORE_TASK.MANIPULATION, SCORE_TASK.LEVEL));
        return f;
    }

    private static Map<String, Field<?>> imported() {
        Map<String, Field<?>> f = new HashMap<>();
        f.put("observer_kind", DSL.inline("imported"));
        f.put("observer_id", IMPORTED_TRIAL.SUBJECT);
        f.put("observer", IMPORTED_TRIAL.SUBJECT);
        f.put("study", IMPORTED_STUDY.NAME);
        f.put("experiment", IMPORTED_STUDY.NAME);
        f.put("session", IMPORTED_TRIAL.SESSION);
        f.put("session_id", IMPORTED_TRIAL.SESSION);
        f.put("trial_index", IMPORTED_TRIAL.TRIAL);
        f.put("image_name", IMPORTED_TRIAL.IMAGENAME);
        f.put("image_file", IMPORTED_TRIAL.IMAGENAME);
        f.put("category", IMPORTED_TRIAL.CATEGORY);
        f.put("manipulation", IMPORTED_FILE.DATASET);
        f.put("level", IMPORTED_TRIAL.CONDITION);
        f.put("response", IMPORTED_TRIAL.RESPONSE);
        f.put("correct", IMPORTED_TRIAL.RESPONSE.eq(IMPORTED_TRIAL.CATEGORY));
        f.put("rt_ms", IMPORTED_TRIAL.RT_MS);
        f.put("dataset", IMPORTED_FILE.DATASET);
        return f;
    }
}
