package dev.tandem.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.TestDatabase;
import dev.tandem.common.InvalidInputException;
import dev.tandem.common.NotFoundException;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.io.TempDir;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    private byte[] bytes(ExportFilter filter, ExportLayout layout, ExportFormat format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        service.export(filter, layout, format, out, dev.tandem.common.Progress.NONE);
        return out.toByteArray();
    }

    private static List<String[]> csv(String text) {
        List<String[]> rows = new ArrayList<>();
        for (String line : text.split("\r\n")) {
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
                "2", "2", "Bag", "true", "612.5", "true", "masked-none"), Arrays.asList(rows.get(1)));
        assertEquals(List.of("human", SESSION, "masked", "1", SESSION, "2", SHA_B, "y.png", "Coat", "lowpass", "1.5",
                "17", "1", "2", "", "false", "", "false", "masked-lowpass-1.5"), Arrays.asList(rows.get(2)));
    }

    @Test
    void csvAndJsonlHoldTheSameRowsInTheSameOrder() throws Exception {
        ExportFilter filter = ExportFilter.experiment("masked");
        List<String[]> csv = csv(export(filter, ExportFormat.CSV));
        String[] jsonl = export(filter, ExportFormat.JSONL).split("\n");
        assertEquals(csv.size() - 1, jsonl.length);
        ObjectMapper mapper = new ObjectMapper();
        for (int i = 1; i < csv.size(); i++) {
            String[] c = csv.get(i);
            JsonNode j = mapper.readTree(jsonl[i - 1]);
            for (int k = 0; k < ComparisonColumns.NAMES.size(); k++) {
                JsonNode value = j.get(ComparisonColumns.NAMES.get(k));
                assertEquals(c[k], value.isNull() ? "" : value.asText(), "row " + i + " column " + ComparisonColumns.NAMES.get(k));
            }
        }
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
                "2", "", "Bag", "true", "", "", "masked-none"), Arrays.asList(rows.get(3)));
        assertEquals(List.of("model", "cnn", "masked", "1", SESSION, "2", SHA_B, "y.png", "Coat", "lowpass", "1.5",
                "17", "1", "", "Bag", "false", "", "", "masked-lowpass-1.5"), Arrays.asList(rows.get(4)));
        assertEquals(3, csv(export(new ExportFilter("masked", null, Set.of("model"), false, null), ExportFormat.CSV)).size());
        assertEquals(3, csv(export(new ExportFilter("masked", null, Set.of(), true, null), ExportFormat.CSV)).size(),
                "a trial dropped for its timing is dropped for the model too");
    }

    @Test
    void anImportedStudyExportsBackToItsPublishedLayout() throws IOException {
        ctx.execute("INSERT INTO imported_study (name, source) VALUES ('mvh', 'model-vs-human')");
        ctx.execute("INSERT INTO imported_file (study_id, dataset, file_name, sha256, row_count) "
                + "SELECT id, 'contrast', 'c.csv', '" + SHA_A + "', 2 FROM imported_study");
        ctx.execute("INSERT INTO imported_trial (file_id, line, subject, observer_kind, session, trial, rt_ms, response, "
                + "category, condition, imagename, image_id) SELECT id, 2, 'subject-01', 'human', '1', 1, 586.625, 'boat', "
                + "'boat', 'c05', '0001_cl_s01_c05_boat_40_n02951358_5952.JPEG', 'n02951358_5952.JPEG' FROM imported_file "
                + "UNION ALL SELECT id, 3, 'subject-01', 'human', '1', 2, NULL, 'na', 'dog', 'c50', '0002_x_dog1.png', "
                + "'dog1.png' FROM imported_file");
        Map<String, String> files = unzipped(bytes(ExportFilter.study("mvh"), ExportLayout.COMPARISON, ExportFormat.MVH));
        assertEquals(Map.of("contrast/contrast_subject-01_session_1.csv",
                "subj,session,trial,rt,object_response,category,condition,imagename\n"
                        + "subject-01,1,1,0.586625,boat,boat,c05,0001_cl_s01_c05_boat_40_n02951358_5952.JPEG\n"
                        + "subject-01,1,2,NaN,na,dog,c50,0002_x_dog1.png\n"), files);
        List<String[]> rows = csv(export(ExportFilter.study("mvh"), ExportFormat.CSV));
        assertEquals("imported", rows.get(1)[0]);
        assertEquals("contrast", rows.get(1)[9]);
        assertEquals("contrast", rows.get(1)[18], "the dataset column");
        assertEquals("false", rows.get(2)[15], "'na' is wrong");
    }

    private static Map<String, String> unzipped(byte[] zip) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip), StandardCharsets.UTF_8)) {
            for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                files.put(entry.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        return files;
    }

    /** A second person who saw stimulus A in the same condition, and a model that scored A and B. */
    private static final String OTHER = "00000000-0000-4000-8000-000000000002";

    private void secondSessionAndModel() {
        ctx.execute("INSERT INTO session (id, token_sha256, experiment_id, assignment_slot, status, refresh_hz) "
                + "SELECT '" + OTHER + "', 't2', id, 1, 'completed', 60 FROM experiment");
        ctx.execute("INSERT INTO trial (session_id, trial_index, block, practice, image_index, image_file, category, "
                + "manipulation, level, requested_ms, stimulus_sha256, mask_seed, mask_sha256, planned_frames) VALUES "
                + "('" + OTHER + "', 0, 1, false, 1, 'x.png', 'Bag', 'none', NULL, 33, '" + SHA_A + "', 2, '" + SHA_B + "', 2)");
        ctx.execute("INSERT INTO response (response_id, session_id, trial_index, response, source, rt_ms, timing_ok, "
                + "stimulus_frames_shown, timing) VALUES (gen_random_uuid(), '" + OTHER + "', 0, 'Coat', 'key', 700, true, 2, "
                + "'{\"timingOk\": true}')");
        ctx.execute("INSERT INTO model (name, version, content_sha256, manifest, folder) VALUES "
                + "('my_cnn', '1', '" + "c".repeat(64) + "', '{}', '/m')");
        ctx.execute("INSERT INTO model_score (model_id, stimulus_sha256, category_probabilities, top_outputs, decision) "
                + "SELECT id, '" + SHA_A + "', '{}'::jsonb, '{8}'::int[], 'Bag' FROM model UNION ALL "
                + "SELECT id, '" + SHA_B + "', '{}', '{8}', 'Bag' FROM model");
    }

    @Test
    void theModelVsHumanLayoutHasAFilePerDatasetAndObserverThatTheirFileChecksAccept(@TempDir Path folder)
            throws IOException {
        secondSessionAndModel();
        byte[] zip = bytes(ExportFilter.experiment("masked"), ExportLayout.COMPARISON, ExportFormat.MVH);
        Map<String, String> files = unzipped(zip);
        assertEquals(Set.of("masked-none/masked-none_subject-01_session_1.csv",
                "masked-none/masked-none_subject-02_session_1.csv", "masked-none/masked-none_my-cnn_session-1.csv",
                "masked-lowpass-1.5/masked-lowpass-1.5_subject-01_session_1.csv",
                "masked-lowpass-1.5/masked-lowpass-1.5_my-cnn_session-1.csv", "subjects.tsv"), files.keySet());
        assertEquals("subject\tsession_id\nsubject-01\t" + SESSION + "\nsubject-02\t" + OTHER + "\n",
                files.get("subjects.tsv"));
        assertEquals("subj,session,trial,rt,object_response,category,condition,imagename\n"
                        + "my_cnn,1,1,NaN,Bag,Bag,33,0001_masked-none_" + SHA_A + ".png\n",
                files.get("masked-none/masked-none_my-cnn_session-1.csv"),
                "one model row per (image, condition), though two people saw the image");
        assertEquals("subj,session,trial,rt,object_response,category,condition,imagename\n"
                        + "subject-01,1,1,0.6125,Bag,Bag,33,0001_masked-none_" + SHA_A + ".png\n",
                files.get("masked-none/masked-none_subject-01_session_1.csv"));
        assertTrue(files.get("masked-lowpass-1.5/masked-lowpass-1.5_subject-01_session_1.csv")
                .contains("subject-01,1,1,NaN,na,Coat,17,0001_masked-lowpass-1.5_" + SHA_B + ".png\n"));

        var reading = MvhLayoutCheck.read(MvhLayoutCheck.unzip(zip, folder));
        assertEquals(List.of(), reading.problems());
        assertEquals(List.of(), MvhLayoutCheck.unpaired(reading), "every person's trial has the model's answer");
        assertEquals(Set.of("masked-none", "masked-lowpass-1.5"), reading.datasets().keySet());
        assertEquals(3, reading.datasets().get("masked-none").size());
    }

    @Test
    void theLayoutCheckCatchesWhatModelVsHumanWouldMisread(@TempDir Path folder) throws IOException {
        Path dataset = Files.createDirectories(folder.resolve("edge"));
        String header = "subj,session,trial,rt,object_response,category,condition,imagename\n";
        Files.writeString(dataset.resolve("edge_subject-01_session_1.csv"), header
                + "0b7e5c1a-uuid,1,1,0.5,cat,cat,0,0001_e_cat1.png\n");
        Files.writeString(dataset.resolve("edge_resnet50_session-1.csv"), header
                + "resnet50,1,1,NaN,cat,cat,0,0001_e_cat1.png\n" + "resnet50,1,2,NaN,cat,cat,0,0002_e_cat1.png\n");
        Files.writeString(dataset.resolve("edge_all.csv"), header);
        var problems = MvhLayoutCheck.read(folder).problems();
        assertEquals(5, problems.size(), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.contains("subj 0b7e5c1a-uuid would be taken for a model")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.contains("is not the file's observer subject-01")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.contains("no subject-NN file")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.contains("a second row for image cat1.png")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.contains("edge_all.csv: neither")), problems.toString());
    }

    @Test
    void theResponsesLayoutHoldsPracticeTimingRecordsAndTheSameModelRowsFromTheSameQuery() throws Exception {
        secondSessionAndModel();
        String[] lines = new String(bytes(ExportFilter.experiment("masked"), ExportLayout.RESPONSES, ExportFormat.JSONL),
                StandardCharsets.UTF_8).split("\n");
        ObjectMapper mapper = new ObjectMapper();
        List<JsonNode> rows = new ArrayList<>();
        for (String line : lines) {
            rows.add(mapper.readTree(line));
        }
        assertEquals(ExportLayout.RESPONSES.columnNames(), iterable(rows.get(0).fieldNames()));
        assertEquals(4, rows.stream().filter(r -> r.get("observer_kind").asText().equals("human")).count(),
                "practice included");
        assertTrue(rows.stream().anyMatch(r -> r.get("practice").asBoolean()));
        JsonNode other = rows.stream().filter(r -> r.get("session_id").asText().equals(OTHER)
                && r.get("observer_kind").asText().equals("human")).findFirst().orElseThrow();
        assertTrue(other.get("timing").get("timingOk").asBoolean(), "the timing record stays JSON");
        assertEquals("masked-none", other.get("dataset").asText());
        // the model beside every human row: three main trials (as in the comparison layout) and the practice trial
        long modelOnTrials = rows.stream().filter(r -> r.get("observer_kind").asText().equals("model")
                && !r.get("session_id").isNull()).count();
        assertEquals(3, csv(export(new ExportFilter("masked", null, Set.of("model"), false, null), ExportFormat.CSV)).size() - 1);
        assertEquals(4, modelOnTrials);
        assertEquals("study", assertThrows(InvalidInputException.class,
                () -> bytes(ExportFilter.study("any"), ExportLayout.RESPONSES, ExportFormat.CSV)).field());
    }

    private static List<String> iterable(java.util.Iterator<String> names) {
        List<String> out = new ArrayList<>();
        names.forEachRemaining(out::add);
        return out;
    }
}
