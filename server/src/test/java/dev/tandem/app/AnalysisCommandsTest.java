package dev.tandem.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.MvhFixture;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The analysis commands run end to end through {@code Main}, against a real PostgreSQL. */
class AnalysisCommandsTest {

    private static TestTandem tandem;
    private static UUID first;

    @TempDir
    Path temp;

    /** What one command printed, and its exit code. */
    private record Run(int code, String out, String err) {
        JsonNode json() throws Exception {
            return new ObjectMapper().readTree(out);
        }
    }

    @BeforeAll
    static void twoParticipantsOnTheSameTrials() {
        tandem = TestTandem.withBuiltIns();
        AnsweredSessions participants = new AnsweredSessions(tandem);
        first = participants.start("masked-demo");
        UUID second = participants.start("masked-demo");
        participants.sameTrialsAs(first, second);
        participants.answerAll(first, i -> i % 2 == 0);
        participants.answerAll(second, i -> i % 3 != 0);
    }

    @AfterAll
    static void stop() {
        tandem.close();
    }

    private static Run tandem(String... words) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<String> args = new ArrayList<>(List.of(words));
        args.addAll(List.of("--database-url", tandem.databaseUrl()));
        int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void theConsistencyBenchmarkPrintsItsCellsAndSecondsPerRound() {
        Run bench = tandem("bench", "consistency", "--people", "3", "--models", "1", "--conditions", "2",
                "--trials", "20", "--rounds", "2");
        assertEquals(0, bench.code(), bench.err());
        assertTrue(bench.out().contains("4 observers × 2 conditions × 20 shared trials, 1000 resamples per κ"), bench.out());
        assertTrue(bench.out().lines().anyMatch(l -> l.matches("round 2: 6 pairs, 12 cells in [0-9.]+ s wall clock, [0-9.]+ s CPU .*")),
                bench.out());
    }

    @Test
    void importingTwoSubjectsAndAModelThenBenchmarkingPrintsTheHandComputedTable() {
        Path raw = MvhFixture.write(temp.resolve("raw"));
        Run imported = tandem("import", "mvh", raw.toString(), "--study", "tiny");
        assertEquals(0, imported.code(), imported.err());
        assertTrue(imported.out().contains("Study tiny: 3 imported, 0 unchanged, 0 replaced, 0 malformed"), imported.out());
        assertTrue(imported.out().contains("Importing files [##############################] 3/3"), imported.out());

        Run table = tandem("benchmark", "--study", "tiny");
        assertEquals(0, table.code(), table.err());
        List<String> lines = table.out().lines().toList();
        assertTrue(lines.stream().anyMatch(l -> l.matches("resnet50\\s+\\.063\\s+\\.750\\s+\\.500\\s+\\.500")), table.out());
        assertTrue(lines.stream().anyMatch(l -> l.matches("humans\\s+\\.250\\s+\\.500\\s+\\.200\\s+\\.500")), table.out());
    }

    @Test
    void reimportingReportsUnchangedFilesAndAMalformedFileWithItsLine() throws Exception {
        Path raw = MvhFixture.write(temp.resolve("raw"));
        assertEquals(0, tandem("import", "mvh", raw.toString(), "--study", "again").code());
        String malformed = MvhFixture.writeMalformed(raw);
        Run second = tandem("import", "mvh", raw.toString(), "--study", "again");
        assertEquals(1, second.code(), "a malformed file fails the command");
        assertTrue(second.out().contains("0 imported, 3 unchanged, 0 replaced, 1 malformed"), second.out());
        assertTrue(second.out().contains(malformed + ":3: expected 8 fields"), second.out());

        JsonNode json = tandem("benchmark", "--study", "again", "--json").json();
        assertEquals("resnet50", json.get("result").get("rows").get(0).get("observer").asText());
        assertEquals(0.5, json.get("result").get("rows").get(0).get("errorConsistency").asDouble(), 1e-12);
    }

    @Test
    void anUnknownStudyOrAMissingOptionFailsWithAMessage() {
        Run unknown = tandem("benchmark", "--study", "nope");
        assertEquals(1, unknown.code());
        assertTrue(unknown.err().contains("no imported study named nope"), unknown.err());
        Run usage = tandem("import", "mvh", temp.toString());
        assertEquals(2, usage.code());
        assertTrue(usage.err().contains("missing --study NAME"), usage.err());
        Run badKind = tandem("export", "--experiment", "masked-demo", "--kind", "robot");
        assertEquals(1, badKind.code());
        assertTrue(badKind.err().contains("field: kind"), badKind.err());
    }

    @Test
    void metricsShowAccuracyConfusionConsistencyAndCurvesAndWriteTheSvg() throws Exception {
        Path svg = temp.resolve("curves.svg");
        Run text = tandem("metrics", "--experiment", "masked-demo", "--out-svg", svg.toString());
        assertEquals(0, text.code(), text.err());
        for (String heading : List.of("Accuracy by observer group", "Accuracy by observer and condition",
                "Confusion matrix", "Error consistency by pair kind", "human-human", "Psychometric curves")) {
            assertTrue(text.out().contains(heading), heading + " in\n" + text.out());
        }
        assertTrue(Files.readString(svg).startsWith("<svg"));

        JsonNode json = tandem("metrics", "--experiment", "masked-demo", "--json").json();
        JsonNode humans = json.get("accuracyByGroup").get(0);
        assertEquals("humans", humans.get("observer").asText());
        assertEquals(120, humans.get("accuracy").get("trials").asInt(), "60 main trials each, practice left out");
        JsonNode kind = json.get("consistencyByPairKind").get(0);
        assertEquals("HUMAN_HUMAN", kind.get("pairKind").asText());
        assertEquals(0, kind.get("pairs").asInt(), "the two people share fewer than 20 trials per condition");
        assertEquals(1, kind.get("pairsBelowMinimum").asInt());
        assertEquals(20, json.get("minSharedTrials").asInt());
        JsonNode cell = json.get("consistency").get(1);
        for (String field : List.of("sharedTrials", "kappa", "kappaChance", "kappaCi")) {
            assertTrue(cell.hasNonNull(field), field + " in " + cell);
        }
        Path matrix = temp.resolve("kappa.svg");
        Path rows = temp.resolve("kappa.csv");
        JsonNode everyCell = tandem("metrics", "--experiment", "masked-demo", "--json", "--min-shared-trials", "1",
                "--consistency-svg", matrix.toString(), "--consistency-csv", rows.toString()).json();
        assertEquals(1, everyCell.get("consistencyByPairKind").get(0).get("pairs").asInt());
        assertTrue(Files.readString(matrix).contains("at least 1 shared trials"));
        assertEquals(everyCell.get("consistency").size() + 1, Files.readAllLines(rows).size());
        assertEquals(10, json.get("confusion").get("categories").size());
        assertTrue(json.get("byRequestedMs").get(0).get("points").size() > 1);

        JsonNode timed = tandem("metrics", "--experiment", "masked-demo", "--json", "--timing-ok-only").json();
        assertTrue(timed.get("accuracyByGroup").get(0).get("accuracy").get("trials").asInt() < 120);
    }

    @Test
    void exportStreamsToStandardOutputOrAFileWithProgressOnStandardError() throws Exception {
        Run csv = tandem("export", "--experiment", "masked-demo", "--format", "csv");
        assertEquals(0, csv.code(), csv.err());
        assertEquals(121, csv.out().lines().count(), "header and 120 rows");
        assertTrue(csv.out().startsWith("observer_kind,observer_id,"));
        assertTrue(csv.err().contains("Exported 120 rows (csv)"), csv.err());

        Path file = temp.resolve("mine.jsonl");
        Run jsonl = tandem("export", "--experiment", "masked-demo", "--format", "jsonl", "--out", file.toString(),
                "--kind", "human", "--version", "1");
        assertEquals(0, jsonl.code(), jsonl.err());
        assertEquals("", jsonl.out());
        List<String> rows = Files.readAllLines(file);
        assertEquals(120, rows.size());
        assertTrue(rows.stream().anyMatch(r -> r.contains(first.toString())));

        Path zip = temp.resolve("none.zip");
        Run none = tandem("export", "--experiment", "masked-demo", "--format", "mvh", "--kind", "model", "--out", zip.toString());
        assertEquals(0, none.code(), none.err());
        try (var entries = new java.util.zip.ZipInputStream(Files.newInputStream(zip))) {
            assertEquals(null, entries.getNextEntry(), "no model scored the demo here: an empty raw-data zip");
        }
        Path people = temp.resolve("people.zip");
        assertEquals(0, tandem("export", "--experiment", "masked-demo", "--format", "mvh", "--out", people.toString()).code());
        try (var entries = new java.util.zip.ZipInputStream(Files.newInputStream(people))) {
            assertTrue(entries.getNextEntry().getName().matches("masked-demo-[^/]+/masked-demo-[^/_]+_subject-01_session_1\\.csv"));
        }

        Run responses = tandem("export", "--experiment", "masked-demo", "--layout", "responses", "--format", "csv");
        assertEquals(0, responses.code(), responses.err());
        assertTrue(responses.out().startsWith("experiment,experiment_version,observer_kind,observer,session_id,"));
        assertTrue(tandem("export", "--experiment", "masked-demo", "--layout", "raw").err().contains("field: layout"));

        Run missing = tandem("export", "--experiment", "nope", "--out", temp.resolve("nope.csv").toString());
        assertEquals(1, missing.code());
        assertTrue(missing.err().contains("no experiment nope"), missing.err());
        assertTrue(Files.notExists(temp.resolve("nope.csv")), "no empty file is left behind");
        Run badFormat = tandem("export", "--experiment", "masked-demo", "--format", "xlsx");
        assertTrue(badFormat.err().contains("field: format"), badFormat.err());
    }

    @Test
    void theExportBenchmarkRunsOnATemporaryDatabase() {
        Run bench = tandem("bench", "export", "--rows", "2000");
        assertEquals(0, bench.code(), bench.err());
        assertTrue(bench.out().contains("tandem export (csv)"), bench.out());
        assertTrue(bench.out().contains("ratio tandem/COPY rows per second"), bench.out());
    }
}
