package dev.tandem.triplet;

import static dev.tandem.db.jooq.Tables.EXPERIMENT;
import static dev.tandem.db.jooq.Tables.MODEL_EMBEDDING;
import static dev.tandem.db.jooq.Tables.MODEL_SCORE;
import static dev.tandem.db.jooq.Tables.MODEL_TRIPLET_CHOICE;
import static dev.tandem.db.jooq.Tables.SESSION;
import static dev.tandem.db.jooq.Tables.TRIPLET_JOB;
import static dev.tandem.db.jooq.Tables.TRIPLET_TASK;
import static dev.tandem.db.jooq.Tables.TRIPLET_TRIAL;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.app.TestTandem;
import dev.tandem.common.ConflictException;
import dev.tandem.db.jooq.tables.records.ModelTripletChoiceRecord;
import dev.tandem.http.ApiClient;
import dev.tandem.http.ConsoleClient;
import dev.tandem.jobs.JobStatus;
import dev.tandem.jobs.JobWorker;
import dev.tandem.model.ModelFixtures;
import dev.tandem.model.RegisteredModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Models answer the triplets people were shown in triplet-demo (issue 13), as jobs on the shared
 * queue, on real PostgreSQL and real DJL: a copy of the demo CNN without its embedding output from
 * its probabilities (labelled as such),
 * the ONNX fixture from its declared embedding. Every expected triplet set and every choice is
 * recomputed here from the stored rows, independently of the job's own queries.
 */
class TripletJobTest {

    private static final String ADMIN = TestTandem.ADMIN_TOKEN;
    private static final String SLUG = "triplet-demo";

    @TempDir
    Path temp;
    private TestTandem tandem;
    private ApiClient api;

    @BeforeEach
    void start() {
        tandem = TestTandem.withBuiltIns();
        api = new ApiClient(tandem.startHttp());
    }

    @AfterEach
    void stop() {
        tandem.close();
    }

    /** Starts a participant session over HTTP (its triplets are stored when it starts) and passes its screen check. */
    private void participant() {
        var started = api.post("/api/experiments/" + SLUG + "/sessions", null, "{\"params\":{}}");
        assertEquals(201, started.status(), started.body());
        screenCheck(started.json().get("sessionId").asText(), started.json().get("token").asText());
    }

    /** Starts an experimenter's pilot session over HTTP. */
    private void pilot() {
        var started = api.post("/api/experiments/" + SLUG + "/pilot", ADMIN, "{}");
        assertTrue(started.status() == 200 || started.status() == 201, started.body());
        screenCheck(started.json().get("sessionId").asText(), started.json().get("token").asText());
    }

    private void screenCheck(String session, String token) {
        var checked = api.post("/api/sessions/" + session + "/screen-check", token,
                "{\"refreshHz\":60.0,\"windowWidth\":1280,\"windowHeight\":800,\"fullscreen\":true}");
        assertEquals(200, checked.status(), checked.body());
    }

    /** The distinct non-catch triplets stored for the slug's sessions, pilots included, as sorted hash keys. */
    private Set<String> shownTriplets() {
        Set<String> keys = new TreeSet<>();
        tandem.dsl().select(TRIPLET_TRIAL.STIMULUS_SHA256_0, TRIPLET_TRIAL.STIMULUS_SHA256_1, TRIPLET_TRIAL.STIMULUS_SHA256_2,
                        TRIPLET_TRIAL.ROLE)
                .from(TRIPLET_TRIAL).join(SESSION).on(SESSION.ID.eq(TRIPLET_TRIAL.SESSION_ID))
                .join(EXPERIMENT).on(EXPERIMENT.ID.eq(SESSION.EXPERIMENT_ID))
                .where(EXPERIMENT.SLUG.eq(SLUG))
                .forEach(row -> {
                    String[] hashes = {row.value1(), row.value2(), row.value3()};
                    if (new HashSet<>(List.of(hashes)).size() == 3) {
                        assertFalse(row.value4().equals("catch"), "a catch trial repeats an image");
                        Arrays.sort(hashes);
                        keys.add(String.join(",", hashes));
                    }
                });
        return keys;
    }

    private JsonNode createJob(String body, int expectedStatus) {
        var reply = api.post("/api/triplet-jobs", ADMIN, body);
        assertEquals(expectedStatus, reply.status(), reply.body());
        return reply.json();
    }

    private TripletJob drain(long jobId) {
        try (TripletWorker worker = tandem.tripletJobs().worker(16, JobWorker.Events.NONE)) {
            worker.drain(jobId);
        }
        return tandem.tripletJobs().job(jobId);
    }

    private List<ModelTripletChoiceRecord> choices(long modelId, String similarity, String source) {
        return tandem.dsl().selectFrom(MODEL_TRIPLET_CHOICE)
                .where(MODEL_TRIPLET_CHOICE.MODEL_ID.eq(modelId), MODEL_TRIPLET_CHOICE.SIMILARITY.eq(similarity),
                        MODEL_TRIPLET_CHOICE.SOURCE.eq(source))
                .fetch();
    }

    private static String key(ModelTripletChoiceRecord row) {
        return row.getStimulusSha256A() + "," + row.getStimulusSha256B() + "," + row.getStimulusSha256C();
    }

    /** The model's stored probability vector of a stimulus, in model.json's category order. */
    private float[] storedProbabilities(RegisteredModel model, String stimulus) throws Exception {
        String json = tandem.dsl().select(MODEL_SCORE.CATEGORY_PROBABILITIES).from(MODEL_SCORE)
                .where(MODEL_SCORE.MODEL_ID.eq(model.id()), MODEL_SCORE.STIMULUS_SHA256.eq(stimulus))
                .fetchSingle().value1().data();
        Map<String, Double> byCategory = tandem.json().readValue(json, new TypeReference<>() {});
        List<String> categories = model.manifest().categoryNames();
        float[] vector = new float[categories.size()];
        for (int i = 0; i < vector.length; i++) {
            vector[i] = byCategory.get(categories.get(i)).floatValue();
        }
        return vector;
    }

    private float[] storedEmbedding(RegisteredModel model, String stimulus) {
        return tandem.scoring().embedding(model.id(), stimulus).orElseThrow(() ->
                new AssertionError("no stored embedding of " + stimulus)).values();
    }

    /** Each stored choice is what OddOneOut makes of the stored vectors of a, b and c. */
    private void assertChoicesFollowTheStoredVectors(List<ModelTripletChoiceRecord> rows, RegisteredModel model,
                                                     OddOneOut.Similarity similarity, boolean embedding) throws Exception {
        for (ModelTripletChoiceRecord row : rows) {
            List<OddOneOut.Item> items = new ArrayList<>();
            for (String stimulus : List.of(row.getStimulusSha256A(), row.getStimulusSha256B(), row.getStimulusSha256C())) {
                items.add(new OddOneOut.Item(stimulus, embedding ? storedEmbedding(model, stimulus)
                        : storedProbabilities(model, stimulus)));
            }
            OddOneOut.Choice expected = embedding ? OddOneOut.fromEmbeddings(items, similarity)
                    : OddOneOut.fromProbabilities(items, similarity);
            assertEquals(expected.oddId(), row.getOddSha256(), key(row));
            assertArrayEquals(expected.pairSimilarities().toArray(Double[]::new), row.getPairSimilarities(), key(row));
        }
    }

    @Test
    void theDemoModelAnswersEveryDistinctNonCatchTripletOnceFromItsProbabilitiesAndASecondJobReusesThem() throws Exception {
        for (int i = 0; i < 5; i++) { // the fifth repeats the first's share of the repeated pool
            participant();
        }
        pilot();
        probabilitiesOnlyDemoModel();
        Set<String> shown = shownTriplets();
        int shownTrials = tandem.dsl().fetchCount(TRIPLET_TRIAL, TRIPLET_TRIAL.ROLE.ne("catch"));
        assertEquals(6 * 36, shownTrials);
        assertTrue(shown.size() > 36 && shown.size() < shownTrials, "some triplets shown twice: " + shown.size());

        JsonNode created = createJob("{\"experiment\":\"triplet-demo\",\"model\":\"fashion-cnn-probabilities\"}", 201);
        assertEquals("cosine", created.get("similarity").asText(), "cosine unless stated");
        assertEquals("probabilities", created.get("source").asText(), "this copy of the demo CNN declares no embedding output");
        assertEquals(shown.size(), created.get("total").asInt());
        assertEquals(0, created.get("reused").asInt());
        long jobId = created.get("id").asLong();
        assertEquals(shown, new TreeSet<>(tandem.dsl().select(TRIPLET_TASK.TRIPLET_KEY).from(TRIPLET_TASK)
                .where(TRIPLET_TASK.JOB_ID.eq(jobId)).fetch(TRIPLET_TASK.TRIPLET_KEY)));

        assertEquals(JobStatus.DONE, drain(jobId).status());
        JsonNode shownJob = api.get("/api/triplet-jobs/" + jobId, ADMIN).json();
        assertEquals("done", shownJob.get("status").asText());
        assertEquals(shown.size(), shownJob.get("done").asInt());

        RegisteredModel model = tandem.models().find("fashion-cnn-probabilities");
        List<ModelTripletChoiceRecord> rows = choices(model.id(), "cosine", "probabilities");
        assertEquals(shown.size(), rows.size(), "one choice per triplet, none twice");
        assertEquals(shown, new TreeSet<>(rows.stream().map(TripletJobTest::key).toList()));
        assertTrue(rows.stream().allMatch(row -> row.getJobId() == jobId));
        assertChoicesFollowTheStoredVectors(rows, model, OddOneOut.Similarity.COSINE, false);

        JsonNode again = createJob("{\"experiment\":\"triplet-demo\",\"model\":\"fashion-cnn-probabilities\",\"similarity\":\"cosine\"}", 201);
        assertEquals("done", again.get("status").asText(), "every triplet was answered before");
        assertEquals(shown.size(), again.get("reused").asInt());
        assertEquals(shown.size(), again.get("done").asInt());

        participant(); // new triplets: only these are computed
        Set<String> more = shownTriplets();
        JsonNode third = createJob("{\"experiment\":\"triplet-demo\",\"model\":\"fashion-cnn-probabilities\"}", 201);
        assertEquals(more.size(), third.get("total").asInt());
        assertEquals(shown.size(), third.get("reused").asInt());
        assertEquals(JobStatus.DONE, drain(third.get("id").asLong()).status());
        assertEquals(more.size(), choices(model.id(), "cosine", "probabilities").size());

        JsonNode dot = createJob("{\"experiment\":\"triplet-demo\",\"model\":\"fashion-cnn-probabilities\",\"similarity\":\"dot\"}", 201);
        assertEquals(0, dot.get("reused").asInt(), "another similarity is another answer");
        assertEquals(JobStatus.DONE, drain(dot.get("id").asLong()).status());
        List<ModelTripletChoiceRecord> dotRows = choices(model.id(), "dot", "probabilities");
        assertEquals(more, new TreeSet<>(dotRows.stream().map(TripletJobTest::key).toList()));
        assertChoicesFollowTheStoredVectors(dotRows, model, OddOneOut.Similarity.DOT, false);

        JsonNode list = api.get("/api/triplet-jobs", ADMIN).json();
        assertEquals(4, list.size());
    }

    /**
     * The demo CNN registered again as {@code fashion-cnn-probabilities} without its embedding
     * output, so a job answers from its probabilities (the labelled fallback).
     */
    private void probabilitiesOnlyDemoModel() throws Exception {
        Path folder = temp.resolve("fashion-cnn-probabilities");
        Path demo = dev.tandem.RepositoryFiles.stimuli().resolve("fashion-mnist/models/fashion-cnn");
        try (var files = java.nio.file.Files.walk(demo)) {
            for (Path file : files.toList()) {
                Path target = folder.resolve(demo.relativize(file).toString());
                if (java.nio.file.Files.isDirectory(file)) {
                    java.nio.file.Files.createDirectories(target);
                } else {
                    java.nio.file.Files.copy(file, target);
                }
            }
        }
        var manifest = (com.fasterxml.jackson.databind.node.ObjectNode) tandem.json().readTree(folder.resolve("model.json").toFile());
        manifest.remove("outputs");
        manifest.put("name", "fashion-cnn-probabilities");
        tandem.json().writeValue(folder.resolve("model.json").toFile(), manifest);
        assertNull(tandem.models().register(folder).model().manifest().embeddingTensor());
    }

    @Test
    void aModelDeclaringAnEmbeddingAnswersFromItsEmbeddingComputedAndStoredByTheJob() throws Exception {
        RegisteredModel model = tandem.models().register(ModelFixtures.ONNX).model();
        assertNotNull(model.manifest().embeddingTensor());
        participant();
        participant();
        Set<String> shown = shownTriplets();
        Set<String> stimuli = new TreeSet<>();
        shown.forEach(key -> stimuli.addAll(List.of(key.split(","))));
        assertEquals(0, tandem.dsl().fetchCount(MODEL_EMBEDDING, MODEL_EMBEDDING.MODEL_ID.eq(model.id())));

        JsonNode created = createJob("{\"experiment\":\"triplet-demo\",\"model\":\"" + model.name() + "\"}", 201);
        assertEquals("embedding", created.get("source").asText());
        assertEquals(JobStatus.DONE, drain(created.get("id").asLong()).status());

        assertEquals(stimuli, new TreeSet<>(tandem.dsl().select(MODEL_EMBEDDING.STIMULUS_SHA256).from(MODEL_EMBEDDING)
                .where(MODEL_EMBEDDING.MODEL_ID.eq(model.id()), MODEL_EMBEDDING.TENSOR.eq(model.manifest().embeddingTensor()))
                .fetch(MODEL_EMBEDDING.STIMULUS_SHA256)), "the embedding of every stimulus, stored once");
        assertEquals(stimuli.size(), tandem.dsl().fetchCount(MODEL_SCORE, MODEL_SCORE.MODEL_ID.eq(model.id()),
                MODEL_SCORE.JOB_ID.isNull()), "with its prediction, as a scoring job stores them, outside any scoring job");
        List<ModelTripletChoiceRecord> rows = choices(model.id(), "cosine", "embedding");
        assertEquals(shown, new TreeSet<>(rows.stream().map(TripletJobTest::key).toList()));
        assertEquals(shown.size(), rows.size());
        assertChoicesFollowTheStoredVectors(rows, model, OddOneOut.Similarity.COSINE, true);
        assertTrue(rows.stream().map(ModelTripletChoiceRecord::getOddSha256).distinct().count() > 1,
                "the choices depend on the images");

        // A stored embedding is read, not recomputed: one changed in place changes the choices it is in.
        String moved = stimuli.iterator().next();
        float[] original = storedEmbedding(model, moved);
        Float[] opposite = new Float[original.length];
        for (int i = 0; i < original.length; i++) {
            opposite[i] = -original[i];
        }
        tandem.dsl().update(MODEL_EMBEDDING).set(MODEL_EMBEDDING.EMBEDDING, opposite)
                .where(MODEL_EMBEDDING.MODEL_ID.eq(model.id()), MODEL_EMBEDDING.STIMULUS_SHA256.eq(moved)).execute();
        JsonNode dot = createJob("{\"experiment\":\"triplet-demo\",\"model\":\"" + model.name() + "\",\"similarity\":\"dot\"}", 201);
        assertEquals(JobStatus.DONE, drain(dot.get("id").asLong()).status());
        List<ModelTripletChoiceRecord> dotRows = choices(model.id(), "dot", "embedding");
        assertEquals(shown.size(), dotRows.size());
        assertArrayEquals(opposite, tandem.dsl().select(MODEL_EMBEDDING.EMBEDDING).from(MODEL_EMBEDDING)
                .where(MODEL_EMBEDDING.MODEL_ID.eq(model.id()), MODEL_EMBEDDING.STIMULUS_SHA256.eq(moved)).fetchSingle().value1());
        assertChoicesFollowTheStoredVectors(dotRows, model, OddOneOut.Similarity.DOT, true);
    }

    @Test
    void aJobCancelledWhileABatchIsComputedKeepsTheCommittedBatchWholeAndRollsTheOtherBack() {
        participant();
        int total = shownTriplets().size();
        long jobId = createJob("{\"experiment\":\"triplet-demo\",\"model\":\"fashion-cnn\"}", 201).get("id").asLong();
        AtomicInteger claims = new AtomicInteger();
        AtomicInteger failures = new AtomicInteger();
        JobWorker.Events cancelOnSecondClaim = new JobWorker.Events() {
            @Override
            public void claimed(long job, int tasks) {
                if (claims.incrementAndGet() == 2) {
                    var cancelled = api.post("/api/triplet-jobs/" + job + "/cancel", ADMIN, "{}");
                    assertEquals(200, cancelled.status(), cancelled.body());
                    assertEquals("cancelled", cancelled.json().get("status").asText());
                }
            }

            @Override
            public void failed(long job, RuntimeException error) {
                failures.incrementAndGet();
            }
        };
        try (TripletWorker worker = tandem.tripletJobs().worker(5, cancelOnSecondClaim)) {
            worker.drain(jobId);
        }
        TripletJob job = tandem.tripletJobs().job(jobId);
        assertEquals(JobStatus.CANCELLED, job.status());
        assertEquals(2, claims.get(), "no batch was claimed after the cancel");
        assertEquals(1, failures.get(), "the batch in flight was rolled back");
        assertEquals(5, job.done(), "one whole batch");
        assertEquals(5, tandem.dsl().fetchCount(MODEL_TRIPLET_CHOICE, MODEL_TRIPLET_CHOICE.JOB_ID.eq(jobId)));
        assertEquals(5, tandem.dsl().fetchCount(TRIPLET_TASK, TRIPLET_TASK.JOB_ID.eq(jobId), TRIPLET_TASK.DONE.isTrue()));

        assertThrows(ConflictException.class, () -> tandem.tripletJobs().cancel(jobId));
        assertEquals(409, api.post("/api/triplet-jobs/" + jobId + "/cancel", ADMIN, "{}").status());
        try (TripletWorker later = tandem.tripletJobs().worker(5, JobWorker.Events.NONE)) {
            later.drain(jobId);
        }
        assertEquals(5, tandem.dsl().fetchCount(MODEL_TRIPLET_CHOICE, MODEL_TRIPLET_CHOICE.JOB_ID.eq(jobId)),
                "a cancelled job is never resumed");
        JsonNode next = createJob("{\"experiment\":\"triplet-demo\",\"model\":\"fashion-cnn\"}", 201);
        assertEquals(total, next.get("total").asInt());
        assertEquals(5, next.get("reused").asInt(), "the committed batch's choices are kept and reused");
    }

    @Test
    void badRequestsAreRefusedNamingTheFieldAndStoreNoJob() throws Exception {
        participant();
        record Case(String body, String field) {}
        for (Case c : List.of(
                new Case("{\"experiment\":\"triplet-demo\",\"model\":\"no-such-model\"}", "model"),
                new Case("{\"experiment\":\"triplet-demo\"}", "model"),
                new Case("{\"experiment\":\"no-such-experiment\",\"model\":\"fashion-cnn\"}", "experiment"),
                new Case("{\"model\":\"fashion-cnn\"}", "experiment"),
                new Case("{\"experiment\":\"masked-demo\",\"model\":\"fashion-cnn\"}", "experiment"),
                new Case("{\"experiment\":\"triplet-demo\",\"model\":\"fashion-cnn\",\"similarity\":\"euclidean\"}", "similarity"),
                new Case("{\"experiment\":\"triplet-demo\",\"model\":\"fashion-cnn\",\"similarity\":7}", "similarity"))) {
            var reply = api.post("/api/triplet-jobs", ADMIN, c.body());
            assertEquals(400, reply.status(), c.body() + " -> " + reply.body());
            assertEquals(c.field(), reply.json().get("field").asText(), reply.body());
        }
        assertEquals(0, tandem.dsl().fetchCount(TRIPLET_JOB));
        assertEquals(404, api.get("/api/triplet-jobs/12345", ADMIN).status());

        // Without an embedding, probabilities that are no distribution (an output in no category) are refused.
        var partial = api.post("/api/triplet-jobs", ADMIN, "{\"experiment\":\"triplet-demo\",\"model\":\""
                + registerWithoutEmbeddingAndWithAnUnmappedOutput().name() + "\"}");
        assertEquals(400, partial.status(), partial.body());
        assertEquals("model", partial.json().get("field").asText());
        assertTrue(partial.body().contains("no distribution"), partial.body());
        assertEquals(0, tandem.dsl().fetchCount(TRIPLET_JOB));
        assertEquals(401, api.get("/api/triplet-jobs", null).status());
    }

    @Test
    void aJobWhoseModelCannotBeLoadedFailsAndSaysWhy() throws Exception {
        Path folder = temp.resolve("tiny-gone");
        Files.createDirectories(folder);
        Files.copy(ModelFixtures.ONNX.resolve("model.onnx"), folder.resolve("model.onnx"));
        ObjectNode manifest = (ObjectNode) tandem.json().readTree(ModelFixtures.ONNX.resolve("model.json").toFile());
        Files.writeString(folder.resolve("model.json"), manifest.put("name", "tiny-gone").toString());
        tandem.models().register(folder);
        participant();
        long jobId = createJob("{\"experiment\":\"triplet-demo\",\"model\":\"tiny-gone\"}", 201).get("id").asLong();
        Files.delete(folder.resolve("model.onnx"));

        assertEquals(JobStatus.FAILED, drain(jobId).status());
        JsonNode failed = api.get("/api/triplet-jobs/" + jobId, ADMIN).json();
        assertEquals("failed", failed.get("status").asText());
        assertTrue(failed.get("error").asText().startsWith("cannot load the model"), failed.toString());
        assertEquals(0, failed.get("done").asInt());
        assertEquals(0, tandem.dsl().fetchCount(MODEL_TRIPLET_CHOICE, MODEL_TRIPLET_CHOICE.JOB_ID.eq(jobId)));
    }

    @Test
    void aJobBeforeAnyoneWasShownATripletIsDoneAtOnceAndKeepsItsModelFromBeingDeleted() throws Exception {
        Path folder = temp.resolve("tiny-early");
        Files.createDirectories(folder);
        Files.copy(ModelFixtures.ONNX.resolve("model.onnx"), folder.resolve("model.onnx"));
        ObjectNode manifest = (ObjectNode) tandem.json().readTree(ModelFixtures.ONNX.resolve("model.json").toFile());
        Files.writeString(folder.resolve("model.json"), manifest.put("name", "tiny-early").toString());
        RegisteredModel model = tandem.models().register(folder).model();

        JsonNode job = createJob("{\"experiment\":\"triplet-demo\",\"model\":\"tiny-early\"}", 201);
        assertEquals("done", job.get("status").asText());
        assertEquals(0, job.get("total").asInt());
        var delete = api.delete("/api/models/" + model.id(), ADMIN);
        assertEquals(409, delete.status(), "results name their model: " + delete.body());
        assertEquals("model", delete.json().get("field").asText());
    }

    /** The ONNX fixture as a model without its embedding output whose categories leave output 3 out. */
    private RegisteredModel registerWithoutEmbeddingAndWithAnUnmappedOutput() throws Exception {
        Path folder = temp.resolve("tiny-partial");
        Files.createDirectories(folder);
        Files.copy(ModelFixtures.ONNX.resolve("model.onnx"), folder.resolve("model.onnx"));
        ObjectNode manifest = (ObjectNode) tandem.json().readTree(ModelFixtures.ONNX.resolve("model.json").toFile());
        manifest.put("name", "tiny-partial");
        manifest.remove("outputs");
        ((ArrayNode) manifest.at("/categories/mapping")).remove(3);
        Files.writeString(folder.resolve("model.json"), manifest.toString());
        RegisteredModel model = tandem.models().register(folder).model();
        assertEquals(null, model.manifest().embeddingTensor());
        return model;
    }

    @Test
    void anExperimenterWhoCannotSeeTheExperimentSeesNoneOfItsTripletJobs() {
        participant();
        long jobId = createJob("{\"experiment\":\"triplet-demo\",\"model\":\"fashion-cnn\"}", 201).get("id").asLong();
        var account = api.post("/api/accounts", ADMIN,
                "{\"username\":\"eve\",\"password\":\"a long enough password\",\"role\":\"experimenter\"}");
        assertEquals(201, account.status(), account.body());
        ConsoleClient eve = ConsoleClient.login(api, "eve", "a long enough password");
        assertEquals(0, eve.get("/api/triplet-jobs").json().size(), "built-in experiments are for admins");
        assertEquals(404, eve.get("/api/triplet-jobs/" + jobId).status());
        assertEquals(404, eve.send("POST", "/api/triplet-jobs/" + jobId + "/cancel", "{}").status());
        assertEquals(404, eve.send("POST", "/api/triplet-jobs", "{\"experiment\":\"triplet-demo\",\"model\":\"fashion-cnn\"}").status());
        assertEquals(JobStatus.QUEUED, tandem.tripletJobs().job(jobId).status());
        assertEquals(1, tandem.dsl().fetchCount(TRIPLET_JOB));
    }
}
