package dev.tandem.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.app.TestTandem;
import dev.tandem.common.Progress;
import dev.tandem.jobs.JobStatus;
import dev.tandem.jobs.JobWorker;
import dev.tandem.stimulus.StimulusService;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An ONNX model and a TorchScript model each score every distinct stimulus of an experiment on
 * real PostgreSQL, with the probabilities and embeddings PyTorch computed for the same pixels
 * (make_models.py), and the job says that its 224 px stimuli are shrunk 7× for a 32 px model.
 */
public class ModelFormatsScoringTest {

    public static final String EXPERIMENT = """
            {"slug": "patterns", "title": "Patterns", "consent": "Consent.", "instructions": "Instructions.",
             "trialType": "masked", "stimulusSet": "model-fixtures", "display": {"size": 224, "upscale": "nearest"},
             "categories": [{"name": "circle", "key": "1"}, {"name": "cross", "key": "2"},
                            {"name": "stripes", "key": "3"}, {"name": "dots", "key": "4"}],
             "conditions": {"durationsMs": [100], "manipulations": [{"name": "none"}]},
             "trialsPerParticipant": 8, "blocks": {"count": 1, "breakMessage": "Break."},
             "practice": {"trials": 0, "durationMs": 100, "manipulation": {"name": "none"}, "feedback": false},
             "timing": {"fixationMs": 500, "blankMs": 0, "maskMs": 200, "interTrialMs": 500,
                        "responseDeadlineMs": 3000, "feedbackMs": 800},
             "mask": {"type": "pink-noise"}, "minRefreshHz": 50, "requestFullscreen": false,
             "completion": {"code": "DONE"}, "assignment": {"seed": 1, "allowImageRepeats": false}}
            """;
    static final int STIMULI = 8; // 8 images x 1 manipulation

    private TestTandem tandem;

    @BeforeEach
    void start() throws Exception {
        tandem = TestTandem.withBuiltIns();
        new StimulusService(tandem.dsl()).importSet(ModelFixtures.STIMULUS_SET);
        tandem.experiments().load(new ObjectMapper().readTree(EXPERIMENT), Progress.NONE);
    }

    @AfterEach
    void stop() {
        tandem.close();
    }

    @Test
    void anOnnxModelScoresEveryStimulusAsPyTorchDoes() throws Exception {
        assertScoresEveryStimulusAsPyTorch(ModelFixtures.ONNX, "tiny-onnx");
    }

    @Test
    void aTorchScriptModelScoresEveryStimulusAsPyTorchDoes() throws Exception {
        assertScoresEveryStimulusAsPyTorch(ModelFixtures.TORCHSCRIPT, "tiny-torchscript");
    }

    private void assertScoresEveryStimulusAsPyTorch(Path folder, String model) throws Exception {
        tandem.models().register(folder);
        ScoreJob job = tandem.scoring().createJob(model, "patterns").job();
        assertEquals(STIMULI, job.total());
        try (Worker worker = tandem.scoring().worker(3, JobWorker.Events.NONE)) {
            worker.drain(job.id());
        }

        ScoreJob done = tandem.scoring().job(job.id());
        assertEquals(JobStatus.DONE, done.status(), String.valueOf(done.error()));
        assertEquals(STIMULI, done.done());
        assertEquals(List.of("model input 32 px, stimulus 224 px: 7× downsampling averages fine detail and noise"),
                done.warnings(), "each warning once, however many batches found it");

        Map<String, ModelFixtures.Reference> references = new HashMap<>();
        ModelFixtures.references(model).forEach(r -> references.put(r.png(), r));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        tandem.scoring().exportScores("patterns", model, ScoreExport.Format.JSONL, out);
        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(STIMULI, lines.size(), "one row per scored stimulus");
        for (String line : lines) {
            JsonNode row = new ObjectMapper().readTree(line);
            ModelFixtures.Reference reference = references.get("stimulus-set/" + row.get("image_name").asText());
            JsonNode probabilities = row.get("probabilities");
            assertEquals(ModelFixtures.CATEGORIES, iterate(probabilities.fieldNames()), "the experiment's category order");
            for (int c = 0; c < ModelFixtures.CATEGORIES.size(); c++) {
                assertEquals(reference.probabilities()[c], probabilities.get(ModelFixtures.CATEGORIES.get(c)).asDouble(),
                        1e-4, model + " " + reference.png());
            }
            assertEquals(row.get("category").asText().equals(row.get("decision").asText()), row.get("correct").asBoolean());
            float[] embedding = tandem.scoring().embedding(model, row.get("stimulus_sha256").asText()).orElseThrow().values();
            assertEquals(reference.embedding().length, embedding.length);
            for (int e = 0; e < embedding.length; e++) {
                assertEquals(reference.embedding()[e], embedding[e], 1e-4, model + " " + reference.png() + " embedding");
            }
        }
        assertTrue(references.keySet().stream().filter(k -> k.startsWith("stimulus-set/")).count() == STIMULI);
        assertFalse(tandem.scoring().embedding(model, "0".repeat(64)).isPresent(), "no embedding for an unscored stimulus");
    }

    private static List<String> iterate(java.util.Iterator<String> names) {
        List<String> list = new java.util.ArrayList<>();
        names.forEachRemaining(list::add);
        return list;
    }
}
