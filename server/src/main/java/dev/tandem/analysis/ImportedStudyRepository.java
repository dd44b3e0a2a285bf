package dev.tandem.analysis;

import dev.tandem.analysis.mvh.MvhFile;
import dev.tandem.analysis.mvh.MvhImageId;
import dev.tandem.analysis.mvh.MvhRow;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.postgresql.PGConnection;

import java.io.StringReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.tandem.db.jooq.Tables.IMPORTED_FILE;
import static dev.tandem.db.jooq.Tables.IMPORTED_STUDY;
import static dev.tandem.db.jooq.Tables.IMPORTED_TRIAL;

/** Imported studies, their files and trials. Callers pass the context of their transaction. */
public final class ImportedStudyRepository {

    /** The study's id, creating the study if it is new. */
    public long studyId(DSLContext ctx, String name) {
        ctx.insertInto(IMPORTED_STUDY, IMPORTED_STUDY.NAME, IMPORTED_STUDY.SOURCE)
                .values(name, "model-vs-human").onConflictDoNothing().execute();
        return ctx.select(IMPORTED_STUDY.ID).from(IMPORTED_STUDY).where(IMPORTED_STUDY.NAME.eq(name)).fetchSingle().value1();
    }

    public Optional<Long> findStudy(DSLContext ctx, String name) {
        return ctx.select(IMPORTED_STUDY.ID).from(IMPORTED_STUDY).where(IMPORTED_STUDY.NAME.eq(name))
                .fetchOptional().map(r -> r.value1());
    }

    /** SHA-256 of the stored version of a file, if one is stored. */
    public Optional<String> storedSha256(DSLContext ctx, long studyId, String dataset, String fileName) {
        return ctx.select(IMPORTED_FILE.SHA256).from(IMPORTED_FILE)
                .where(IMPORTED_FILE.STUDY_ID.eq(studyId), IMPORTED_FILE.DATASET.eq(dataset),
                        IMPORTED_FILE.FILE_NAME.eq(fileName))
                .fetchOptional().map(r -> r.value1());
    }

    /** Stores the file and its rows, dropping any earlier version of it (and its trials). */
    public void replaceFile(DSLContext ctx, long studyId, MvhFile file, String sha256) {
        ctx.deleteFrom(IMPORTED_FILE).where(IMPORTED_FILE.STUDY_ID.eq(studyId),
                IMPORTED_FILE.DATASET.eq(file.dataset()), IMPORTED_FILE.FILE_NAME.eq(file.fileName())).execute();
        long fileId = ctx.insertInto(IMPORTED_FILE, IMPORTED_FILE.STUDY_ID, IMPORTED_FILE.DATASET,
                        IMPORTED_FILE.FILE_NAME, IMPORTED_FILE.SHA256, IMPORTED_FILE.ROW_COUNT)
                .values(studyId, file.dataset(), file.fileName(), sha256, file.rows().size())
                .returning(IMPORTED_FILE.ID).fetchSingle().getId();
        copyTrials(ctx, fileId, file.rows());
    }

    /** COPY … FROM STDIN: a multi-row INSERT of the 139k published rows takes a minute, COPY about a second. */
    private static void copyTrials(DSLContext ctx, long fileId, List<MvhRow> rows) {
        StringBuilder csv = new StringBuilder(rows.size() * 120);
        for (MvhRow row : rows) {
            csv.append(fileId).append(',').append(row.line()).append(',');
            field(csv, row.subj()).append(',').append(row.human() ? "human" : "model").append(',');
            field(csv, row.session()).append(',').append(row.trial()).append(',');
            csv.append(row.rt() == null ? "" : Double.toString(row.rt() * 1000)).append(',');
            field(csv, row.objectResponse()).append(',');
            field(csv, row.category()).append(',');
            field(csv, row.condition()).append(',');
            field(csv, row.imagename()).append(',');
            field(csv, MvhImageId.of(row.imagename())).append('\n');
        }
        ctx.connection(connection -> connection.unwrap(PGConnection.class).getCopyAPI().copyIn(
                "COPY imported_trial (file_id, line, subject, observer_kind, session, trial, rt_ms, response, "
                        + "category, condition, imagename, image_id) FROM STDIN (FORMAT csv)",
                new StringReader(csv.toString())));
    }

    /** A CSV field for COPY, always quoted so an empty text is not read as NULL. */
    private static StringBuilder field(StringBuilder csv, String value) {
        return csv.append('"').append(value.replace("\"", "\"\"")).append('"');
    }

    /** Every stored file of the study with its rows, by dataset then file name (the order model-vs-human reads them). */
    public Map<String, List<MvhFile>> filesByDataset(DSLContext ctx, long studyId) {
        Map<String, List<MvhFile>> datasets = new LinkedHashMap<>();
        Map<Long, List<MvhRow>> rowsByFile = new LinkedHashMap<>();
        for (Record r : ctx.select(IMPORTED_FILE.ID, IMPORTED_FILE.DATASET, IMPORTED_FILE.FILE_NAME,
                        IMPORTED_TRIAL.LINE, IMPORTED_TRIAL.SUBJECT, IMPORTED_TRIAL.SESSION, IMPORTED_TRIAL.TRIAL,
                        IMPORTED_TRIAL.RT_MS, IMPORTED_TRIAL.RESPONSE, IMPORTED_TRIAL.CATEGORY,
                        IMPORTED_TRIAL.CONDITION, IMPORTED_TRIAL.IMAGENAME)
                .from(IMPORTED_FILE).join(IMPORTED_TRIAL).on(IMPORTED_TRIAL.FILE_ID.eq(IMPORTED_FILE.ID))
                .where(IMPORTED_FILE.STUDY_ID.eq(studyId))
                .orderBy(IMPORTED_FILE.DATASET, IMPORTED_FILE.FILE_NAME, IMPORTED_TRIAL.LINE)
                .fetchSize(10_000).fetch()) {
            long fileId = r.get(IMPORTED_FILE.ID);
            List<MvhRow> rows = rowsByFile.get(fileId);
            if (rows == null) {
                rows = new ArrayList<>();
                rowsByFile.put(fileId, rows);
                String dataset = r.get(IMPORTED_FILE.DATASET);
                datasets.computeIfAbsent(dataset, k -> new ArrayList<>()).add(new MvhFile(
                        Path.of(dataset, r.get(IMPORTED_FILE.FILE_NAME)), dataset, rows));
            }
            Double rtMs = r.get(IMPORTED_TRIAL.RT_MS);
            rows.add(new MvhRow(r.get(IMPORTED_TRIAL.LINE), r.get(IMPORTED_TRIAL.SUBJECT), r.get(IMPORTED_TRIAL.SESSION),
                    r.get(IMPORTED_TRIAL.TRIAL), rtMs == null ? null : rtMs / 1000, r.get(IMPORTED_TRIAL.RESPONSE),
                    r.get(IMPORTED_TRIAL.CATEGORY), r.get(IMPORTED_TRIAL.CONDITION), r.get(IMPORTED_TRIAL.IMAGENAME)));
        }
        return datasets;
    }
}
