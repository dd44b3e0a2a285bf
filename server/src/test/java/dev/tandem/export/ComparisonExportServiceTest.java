package dev.tandem.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.TestDatabase;
import dev.tandem.common.InvalidInputException;
import dev.tandem.common.NotFoundException;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ComparisonExportServiceTest {

    private static final String SHA_A = "a".repeat(64);
    private static final String SHA_B = "b".repeat(64);
    private static final String SESSION = "00000000-0000-4000-8000-000000000001";

    private DSLContext ctx;
    private ComparisonExportService service;

    @BeforeEach
    void setUp() {
        ctx = TestDatabase.freshDsl();
        service = new ComparisonExportService(ctx, new ComparisonRepository());
        ctx.execute("INSERT INTO image_blob (sha256, media_type, width, height, bytes) VALUES "
                + "('" + SHA_A + "', 'image/png', 1, 1, '\\x00'), ('" + SHA_B + "', 'image/png', 1, 1, '\\x00')");
        ctx.execute("INSERT INTO stimulus_set (name, version, manifest, manifest_sha256) VALUES ('fm', '1', '{}', 'x')");
        ctx.execute("INSERT INTO experiment (slug, version, definition, definition_sha256, stimulus_set_id) "
                + "SELECT 'masked', 1, '{}', 'd1', id FROM stimulus_set");
        ctx.execute("INSERT INTO session (id, token_sha256, experiment_id, assignment_slot, status, refresh_hz) "
                + "SELECT '" + SESSION + "', 't', id, 0, 'completed', 60 FROM experiment");
        ctx.execute("INSERT INTO trial (session_id, trial_index, block, practice, image_index, image_file, category, "
                + "manipulation, level, requested_ms, stimulus_sha256, mask_seed, mask_sha256, planned_frames) VALUES "
                + "('" + SESSION + "', 0, 0, true, 0, 'p.png', 'Bag', 'none', NULL, 100, '" + SHA_A + "', 1, '" + SHA_B + "', 6),"
                + "('" + SESSION + "', 1, 1, false, 1, 'x.png', 'Bag', 'none', NULL, 33, '" + SHA_A + "', 2, '" + SHA_B + "', 2),"
                + "('" + SESSION + "', 2, 1, false, 2, 'y.png', 'Coat', 'lowpass', 1.5, 17, '" + SHA_B + "', 3, '" + SHA_A + "', 1)");
        ctx.execute("INSERT INTO response (response_id, session_id, trial_index, response, source, rt_ms, timing_ok, "
                + "stimulus_frames_shown, timing) VALUES "
                + "(gen_random_uuid(), '" + SESSION + "', 0, 'Bag', 'key', 500, true, 6, '{}'),"
                + "(gen_random_uuid(), '" + SESSION + "', 1, 'Bag', 'key', 612.5, true, 2, '{}'),"
                + "(gen_random_uuid(), '" + SESSION + "', 2, NULL, 'timeout', NULL, false, 2, '{}')");
    }

    private String export(ExportFilter filter, ExportFormat format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        service.export(filter, format, out);
        return out.toString(StandardCharsets.UTF_8);
    }

    private static List<String[]> csv(String text) {
        List<String[]> rows = new ArrayList<>();
        for (String line : text.split("\n")) {
            rows.add(line.split(",", -1));
        }
        return rows;
    }

    @Test
    void csvHoldsOneRowPerAnsweredMainTrialWithoutPractice() {
        List<String[]> rows = csv(export(ExportFilter.experiment("masked"), ExportFormat.CSV));
        assertEquals(3, rows.size());
        assertEquals(ComparisonColumns.NAMES, Arrays.asList(rows.get(0)));
        assertEquals(List.of("human", SESSION, "masked", "1", SESSION, "1", SHA_A, "x.png", "Bag", "none", "", "33",
                "2", "2", "Bag", "true", "612.5", "true"), Arrays.asList(rows.get(1)));
        assertEquals(List.of("human", SESSION, "masked", "1", SESSION, "2", SHA_B, "y.png", "Coat", "lowpass", "1.5",
                "17", "1", "2", "", "false", "", "false"), Arrays.asList(rows.get(2)));
    }

    @Test
    void csvJsonlAndMvhLayoutsHoldTheSameRowsInTheSameOrder() throws Exception {
        ExportFilter filter = ExportFilter.experiment("masked");
        List<String[]> csv = csv(export(filter, ExportFormat.CSV));
        String[] jsonl = export(filter, ExportFormat.JSONL).split("\n");
        List<String[]> mvh = csv(export(filter, ExportFormat.MVH));
        assertEquals(csv.size() - 1, jsonl.length);
        assertEquals(csv.size(), mvh.size());
        assertEquals("subj,session,trial,rt,object_response,category,condition,imagename", String.join(",", mvh.get(0)));
        ObjectMapper mapper = new ObjectMapper();
        for (int i = 1; i < csv.size(); i++) {
            String[] c = csv.get(i);
            JsonNode j = mapper.readTree(jsonl[i - 1]);
            String[] m = mvh.get(i);
            for (int k = 0; k < ComparisonColumns.NAMES.size(); k++) {
                JsonNode value = j.get(ComparisonColumns.NAMES.get(k));
                String expected = value.isNull() ? "" : value.asText();
                if (value.isDouble() && expected.endsWith(".0")) {
                    expected = expected.substring(0, expected.length() - 2);
                }
                assertEquals(c[k].endsWith(".0") ? c[k].substring(0, c[k].length() - 2) : c[k], expected,
                        "row " + i + " column " + ComparisonColumns.NAMES.get(k));
            }
            assertEquals(c[1], m[0]);
            assertEquals(Integer.parseInt(c[5]) + 1, Integer.parseInt(m[2]));
            assertEquals(c[14].isEmpty() ? "na" : c[14], m[4]);
            assertEquals(c[8], m[5]);
            assertEquals(c[6] + ".png", m[7].substring(m[7].lastIndexOf('_') + 1), "mvh pairs on the stimulus hash");
        }
        assertEquals("0.6125", mvh.get(1)[3]);
        assertEquals("NaN", mvh.get(2)[3]);
        assertEquals("lowpass:1.5:17ms", mvh.get(2)[6]);
    }

    @Test
    void filtersDropTimingFailuresOtherVersionsAndOtherKinds() {
        assertEquals(2, csv(export(new ExportFilter("masked", null, Set.of(), true, null), ExportFormat.CSV)).size());
        assertEquals(1, csv(export(new ExportFilter("masked", null, Set.of("model"), false, null), ExportFormat.CSV)).size());
        assertEquals(3, csv(export(new ExportFilter("masked", null, Set.of("human"), false, 1), ExportFormat.CSV)).size());
    }

    @Test
    void anUnknownExperimentVersionOrStudyIsNotFound() {
        assertThrows(NotFoundException.class, () -> export(ExportFilter.experiment("nope"), ExportFormat.CSV));
        assertThrows(NotFoundException.class,
                () -> export(new ExportFilter("masked", null, Set.of(), false, 2), ExportFormat.CSV));
        assertThrows(NotFoundException.class, () -> export(ExportFilter.study("nope"), ExportFormat.MVH));
    }

    @Test
    void badFormatsKindsAndVersionsAreRefusedNamingTheField() {
        assertEquals("format", assertThrows(InvalidInputException.class, () -> ExportFormat.parse("xlsx")).field());
        assertEquals(ExportFormat.MVH, ExportFormat.parse("MVH"));
        assertEquals("kind", assertThrows(InvalidInputException.class,
                () -> new ExportFilter("masked", null, ExportFilter.kinds("human,robot"), false, null)).field());
        assertEquals("version", assertThrows(InvalidInputException.class,
                () -> new ExportFilter("masked", null, Set.of(), false, 0)).field());
        assertEquals(Set.of("human", "model"), ExportFilter.kinds(" human, model "));
    }

    @Test
    void progressEndsAtTheNumberOfRowsWritten() {
        List<Long> reports = new ArrayList<>();
        long rows = service.export(ExportFilter.experiment("masked"), ExportFormat.CSV, new ByteArrayOutputStream(),
                (done, total) -> reports.add(done));
        assertEquals(2, rows);
        assertEquals(List.of(2L), reports);
    }

    @Test
    void everyModelThatScoredATrialsStimulusAnswersBesideTheHumanOnThatTrial() {
        ctx.execute("INSERT INTO model (name, version, content_sha256, manifest, folder) VALUES "
                + "('cnn', '1', '" + "c".repeat(64) + "', '{}', '/m')");
        ctx.execute("INSERT INTO model_score (model_id, stimulus_sha256, category_probabilities, top_outputs, decision) "
                + "SELECT id, '" + SHA_A + "', '{}'::jsonb, '{8}'::int[], 'Bag' FROM model UNION ALL "
                + "SELECT id, '" + SHA_B + "', '{}', '{8}', 'Bag' FROM model");

        List<String[]> rows = csv(export(ExportFilter.experiment("masked"), ExportFormat.CSV));

        assertEquals(5, rows.size(), "two human and two model rows on the main trials; practice stays out");
        assertEquals("human", rows.get(1)[0]);
        assertEquals(List.of("model", "cnn", "masked", "1", SESSION, "1", SHA_A, "x.png", "Bag", "none", "", "33",
                "2", "", "Bag", "true", "", ""), Arrays.asList(rows.get(3)));
        assertEquals(List.of("model", "cnn", "masked", "1", SESSION, "2", SHA_B, "y.png", "Coat", "lowpass", "1.5",
                "17", "1", "", "Bag", "false", "", ""), Arrays.asList(rows.get(4)));
        assertEquals(3, csv(export(new ExportFilter("masked", null, Set.of("model"), false, null), ExportFormat.CSV)).size());
        assertEquals(3, csv(export(new ExportFilter("masked", null, Set.of(), true, null), ExportFormat.CSV)).size(),
                "a trial dropped for its timing is dropped for the model too");
    }

    @Test
    void anImportedStudyExportsBackToItsPublishedLayout() {
        ctx.execute("INSERT INTO imported_study (name, source) VALUES ('mvh', 'model-vs-human')");
        ctx.execute("INSERT INTO imported_file (study_id, dataset, file_name, sha256, row_count) "
                + "SELECT id, 'contrast', 'c.csv', '" + SHA_A + "', 2 FROM imported_study");
        ctx.execute("INSERT INTO imported_trial (file_id, line, subject, observer_kind, session, trial, rt_ms, response, "
                + "category, condition, imagename, image_id) SELECT id, 2, 'subject-01', 'human', '1', 1, 586.625, 'boat', "
                + "'boat', 'c05', '0001_cl_s01_c05_boat_40_n02951358_5952.JPEG', 'n02951358_5952.JPEG' FROM imported_file "
                + "UNION ALL SELECT id, 3, 'subject-01', 'human', '1', 2, NULL, 'na', 'dog', 'c50', '0002_x_dog1.png', "
                + "'dog1.png' FROM imported_file");
        assertEquals("subj,session,trial,rt,object_response,category,condition,imagename\n"
                        + "subject-01,1,1,0.586625,boat,boat,c05,0001_cl_s01_c05_boat_40_n02951358_5952.JPEG\n"
                        + "subject-01,1,2,NaN,na,dog,c50,0002_x_dog1.png\n",
                export(ExportFilter.study("mvh"), ExportFormat.MVH));
        List<String[]> rows = csv(export(ExportFilter.study("mvh"), ExportFormat.CSV));
        assertEquals("imported", rows.get(1)[0]);
        assertEquals("contrast", rows.get(1)[9]);
        assertEquals("false", rows.get(2)[15], "'na' is wrong");
    }
}
