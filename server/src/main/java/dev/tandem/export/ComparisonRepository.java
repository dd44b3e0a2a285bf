package dev.tandem.export;

import dev.tandem.common.NotFoundException;
import org.jooq.Condition;
import org.jooq.DataType;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Select;
import org.jooq.SelectField;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import static dev.tandem.db.jooq.Tables.EXPERIMENT;
import static dev.tandem.db.jooq.Tables.IMPORTED_FILE;
import static dev.tandem.db.jooq.Tables.IMPORTED_STUDY;
import static dev.tandem.db.jooq.Tables.IMPORTED_TRIAL;
import static dev.tandem.db.jooq.Tables.MODEL;
import static dev.tandem.db.jooq.Tables.MODEL_SCORE;
import static dev.tandem.db.jooq.Tables.RESPONSE;
import static dev.tandem.db.jooq.Tables.SESSION;
import static dev.tandem.db.jooq.Tables.TRIAL;

/**
 * The comparison-dataset query, streamed from a server-side cursor so memory does not grow with the
 * row count. An experiment's rows are its human trials and, for every model that scored a trial's
 * stimulus, that model's answer on the same trial (joined on the stimulus hash: the same bytes).
 */
public final class ComparisonRepository {

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

    /** Rows the filter selects, for progress reports. */
    public long count(DSLContext ctx, ExportFilter filter) {
        return ctx.fetchCount(query(ctx, filter));
    }

    /** Rows fetched per round trip; the PostgreSQL driver only streams inside a transaction. */
    static final int FETCH_SIZE = 5_000;

    /**
     * The query, also what the benchmark hands to {@code COPY (…) TO STDOUT}: an experiment's human
     * and model rows joined with UNION ALL, or an imported study's rows.
     */
    public Select<Record> query(DSLContext ctx, ExportFilter filter) {
        Select<Record> rows = filter.experimentSlug() != null
                ? humanRows(ctx, filter).unionAll(modelRows(ctx, filter)) : importedRows(ctx, filter);
        return ctx.selectFrom(rows.asTable("comparison")).orderBy(DSL.field(DSL.name("study")),
                DSL.field(DSL.name("observer_id")), DSL.field(DSL.name("session")), DSL.field(DSL.name("trial_index")));
    }

    /**
     * Calls {@code sink} for every row, in order, inside one read transaction. The rows are read
     * straight from the JDBC result set (jOOQ renders the query): materialising a jOOQ record per
     * row halved the export's speed against COPY.
     */
    public long stream(DSLContext ctx, ExportFilter filter, Consumer<ComparisonRow> sink) {
        return ctx.transactionResult(c -> {
            // the export reads every row: plan for total time, not for the first rows of a cursor
            c.dsl().execute("SET LOCAL cursor_tuple_fraction = 1.0");
            String sql = c.dsl().renderInlined(query(c.dsl(), filter));
            return c.dsl().connectionResult(connection -> {
                try (PreparedStatement statement = connection.prepareStatement(sql)) {
                    statement.setFetchSize(FETCH_SIZE);
                    long rows = 0;
                    try (ResultSet rs = statement.executeQuery()) {
                        while (rs.next()) {
                            sink.accept(row(rs));
                            rows++;
                        }
                    }
                    return rows;
                }
            });
        });
    }

    private static ComparisonRow row(ResultSet rs) throws SQLException {
        return new ComparisonRow(rs.getString(1), rs.getString(2), rs.getString(3), integer(rs, 4), rs.getString(5),
                rs.getInt(6), rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10), rs.getString(11),
                integer(rs, 12), integer(rs, 13), integer(rs, 14), rs.getString(15), rs.getBoolean(16),
                rs.getObject(17, Double.class), rs.getObject(18, Boolean.class));
    }

    private static Integer integer(ResultSet rs, int column) throws SQLException {
        int value = rs.getInt(column);
        return rs.wasNull() ? null : value;
    }

    /** The answered main trials the filter keeps; model rows use the same trials as human rows. */
    private static Condition trials(ExportFilter filter, String kind) {
        // Pilot sessions and sessions excluded in the study overview stay out of analysis (issue 14).
        Condition where = EXPERIMENT.SLUG.eq(filter.experimentSlug()).and(TRIAL.PRACTICE.isFalse())
                .and(SESSION.PILOT.isFalse()).and(SESSION.EXCLUDED_REASON.isNull())
                .and(filter.wants(kind) ? DSL.trueCondition() : DSL.falseCondition());
        if (filter.version() != null) {
            where = where.and(EXPERIMENT.VERSION.eq(filter.version()));
        }
        if (filter.timingOkOnly()) {
            where = where.and(RESPONSE.TIMING_OK.isTrue());
        }
        return where;
    }

    /** One row per (model, answered trial): the model's decision on the trial's stimulus bytes. */
    private static Select<Record> modelRows(DSLContext ctx, ExportFilter filter) {
        return ctx.select(columns(DSL.inline("model"), MODEL.NAME, EXPERIMENT.SLUG,
                        EXPERIMENT.VERSION, SESSION.ID.cast(String.class), TRIAL.TRIAL_INDEX, TRIAL.STIMULUS_SHA256,
                        TRIAL.IMAGE_FILE, TRIAL.CATEGORY, TRIAL.MANIPULATION, TRIAL.LEVEL.cast(String.class),
                        TRIAL.REQUESTED_MS, TRIAL.PLANNED_FRAMES, DSL.inline((Integer) null), MODEL_SCORE.DECISION,
                        MODEL_SCORE.DECISION.eq(TRIAL.CATEGORY), DSL.inline((Double) null), DSL.inline((Boolean) null)))
                .from(TRIAL)
                .join(RESPONSE).on(RESPONSE.SESSION_ID.eq(TRIAL.SESSION_ID), RESPONSE.TRIAL_INDEX.eq(TRIAL.TRIAL_INDEX))
                .join(SESSION).on(SESSION.ID.eq(TRIAL.SESSION_ID))
                .join(EXPERIMENT).on(EXPERIMENT.ID.eq(SESSION.EXPERIMENT_ID))
                .join(MODEL_SCORE).on(MODEL_SCORE.STIMULUS_SHA256.eq(TRIAL.STIMULUS_SHA256))
                .join(MODEL).on(MODEL.ID.eq(MODEL_SCORE.MODEL_ID))
                .where(trials(filter, "model"));
    }

    private static Select<Record> humanRows(DSLContext ctx, ExportFilter filter) {
        Condition where = trials(filter, "human");
        return ctx.select(columns(DSL.inline("human"), SESSION.ID.cast(String.class), EXPERIMENT.SLUG,
                        EXPERIMENT.VERSION, SESSION.ID.cast(String.class), TRIAL.TRIAL_INDEX, TRIAL.STIMULUS_SHA256,
                        TRIAL.IMAGE_FILE, TRIAL.CATEGORY, TRIAL.MANIPULATION, TRIAL.LEVEL.cast(String.class),
                        TRIAL.REQUESTED_MS, TRIAL.PLANNED_FRAMES, RESPONSE.STIMULUS_FRAMES_SHOWN, RESPONSE.RESPONSE_,
                        DSL.coalesce(RESPONSE.RESPONSE_.eq(TRIAL.CATEGORY), DSL.inline(false)), RESPONSE.RT_MS,
                        RESPONSE.TIMING_OK))
                .from(TRIAL)
                .join(RESPONSE).on(RESPONSE.SESSION_ID.eq(TRIAL.SESSION_ID), RESPONSE.TRIAL_INDEX.eq(TRIAL.TRIAL_INDEX))
                .join(SESSION).on(SESSION.ID.eq(TRIAL.SESSION_ID))
                .join(EXPERIMENT).on(EXPERIMENT.ID.eq(SESSION.EXPERIMENT_ID))
                .where(where);
    }

    private static Select<Record> importedRows(DSLContext ctx, ExportFilter filter) {
        return ctx.select(columns(DSL.inline("imported"), IMPORTED_TRIAL.SUBJECT, IMPORTED_STUDY.NAME,
                        DSL.inline((Integer) null), IMPORTED_TRIAL.SESSION, IMPORTED_TRIAL.TRIAL,
                        DSL.inline((String) null), IMPORTED_TRIAL.IMAGENAME, IMPORTED_TRIAL.CATEGORY,
                        IMPORTED_FILE.DATASET, IMPORTED_TRIAL.CONDITION, DSL.inline((Integer) null),
                        DSL.inline((Integer) null), DSL.inline((Integer) null), IMPORTED_TRIAL.RESPONSE,
                        IMPORTED_TRIAL.RESPONSE.eq(IMPORTED_TRIAL.CATEGORY), IMPORTED_TRIAL.RT_MS,
                        DSL.inline((Boolean) null)))
                .from(IMPORTED_TRIAL)
                .join(IMPORTED_FILE).on(IMPORTED_FILE.ID.eq(IMPORTED_TRIAL.FILE_ID))
                .join(IMPORTED_STUDY).on(IMPORTED_STUDY.ID.eq(IMPORTED_FILE.STUDY_ID))
                .where(IMPORTED_STUDY.NAME.eq(filter.study()),
                        filter.wants("imported") ? DSL.trueCondition() : DSL.falseCondition());
    }

    /** The 18 columns in order, named as in the CSV header, with one SQL type each so UNION ALL lines up. */
    private static List<SelectField<?>> columns(Field<?>... values) {
        List<SelectField<?>> fields = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            fields.add(values[i].cast(TYPES.get(i)).as(ComparisonColumns.NAMES.get(i)));
        }
        return fields;
    }

    private static final List<DataType<?>> TYPES = List.of(SQLDataType.CLOB, SQLDataType.CLOB,
            SQLDataType.CLOB, SQLDataType.INTEGER, SQLDataType.CLOB, SQLDataType.INTEGER, SQLDataType.CLOB,
            SQLDataType.CLOB, SQLDataType.CLOB, SQLDataType.CLOB, SQLDataType.CLOB, SQLDataType.INTEGER,
            SQLDataType.INTEGER, SQLDataType.INTEGER, SQLDataType.CLOB, SQLDataType.BOOLEAN, SQLDataType.DOUBLE,
            SQLDataType.BOOLEAN);
}
