package dev.tandem.http;

import static dev.tandem.db.jooq.Tables.MODEL;
import static dev.tandem.db.jooq.Tables.MODEL_EMBEDDING;
import static dev.tandem.db.jooq.Tables.MODEL_TRIPLET_CHOICE;
import static dev.tandem.db.jooq.Tables.SESSION;
import static dev.tandem.db.jooq.Tables.TRIPLET_TRIAL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.app.TestTandem;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.jooq.JSONB;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A triplet experiment's metrics, comparison export and RDMs (issue 13) over HTTP on real
 * PostgreSQL: six people answer triplet-demo by a known rule (the first fails half their catch
 * trials), a seventh session is excluded in the study overview, and a model's choices and
 * embeddings are stored directly. Every number is checked against a recomputation written here
 * with plain loops over the fixture.
 */
class TripletAnalysisApiTest {

    private static final String ADMIN = TestTandem.ADMIN_TOKEN;
    private static final String BASE = "/api/experiments/triplet-demo/";
    private static final String MODEL_NAME = "fixture-net";
    private static final String OPTIONS = "resamples=50&splits=4&seed=7";
    /** Sessions that count; one more is excluded in the study overview, and one more is a pilot. */
    private static final int PEOPLE = 8;

    private static TestTandem tandem;
    private static ApiClient api;

    /** One stored judgement of the fixture: image indices by position, the chosen position, the role. */
    private record Answer(String person, List<Integer> images, List<String> hashes, List<String> files, int chosen,
                          boolean catchTrial) {
        int chosenImage() {
            return images.get(chosen);
        }

        List<Integer> sorted() {
            return images.stream().sorted().toList();
        }
    }

    private static final List<Answer> answers = new ArrayList<>();
    private static final Map<Integer, String> hashByImage = new TreeMap<>();
    private static final Map<Integer, String> fileByImage = new TreeMap<>();
    /** The model's stored odd image per triplet (sorted indices), cosine and dot. */
    private static final Map<List<Integer>, Integer> cosineChoice = new LinkedHashMap<>();
    private static final Map<List<Integer>, Integer> dotChoice = new LinkedHashMap<>();
    private static final Map<Integer, float[]> embedding = new TreeMap<>();
    private static String excludedSession;
    private static String pilotSession;

    @BeforeAll
    static void start() {
        tandem = TestTandem.withBuiltIns();
        api = new ApiClient(tandem.startHttp());
        for (int p = 0; p <= PEOPLE + 1; p++) {
            answerSession(p);
        }
        storeModel();
    }

    @AfterAll
    static void stop() {
        tandem.close();
    }

    /** Person p: odd = the largest image index, or on every third trial (shifted by p) the smallest. */
    private static void answerSession(int p) {
        var reply = api.post(BASE + "sessions", null, "{\"params\":{}}");
        assertEquals(201, reply.status(), reply.body());
        String id = reply.json().get("sessionId").asText();
        String token = reply.json().get("token").asText();
        assertEquals(200, api.post("/api/sessions/" + id + "/screen-check", token,
                "{\"refreshHz\":60.0,\"windowWidth\":1280,\"windowHeight\":800,\"fullscreen\":true}").status());
        var trials = tandem.dsl().selectFrom(TRIPLET_TRIAL).where(TRIPLET_TRIAL.SESSION_ID.eq(UUID.fromString(id)))
                .orderBy(TRIPLET_TRIAL.TRIAL_INDEX).fetch();
        List<String> judgements = new ArrayList<>();
        List<Answer> mine = new ArrayList<>();
        int catches = 0;
        for (var t : trials) {
            List<Integer> images = List.of(t.getImage_0(), t.getImage_1(), t.getImage_2());
            List<String> hashes = List.of(t.getStimulusSha256_0(), t.getStimulusSha256_1(), t.getStimulusSha256_2());
            List<String> files = List.of(t.getFile_0(), t.getFile_1(), t.getFile_2());
            boolean catchTrial = t.getRole().equals("catch");
            int chosen;
            if (catchTrial) {
                int odd = t.getCatchOddPosition();
                chosen = p == 0 && catches++ < 2 ? (odd + 1) % 3 : odd;
            } else {
                boolean smallest = (p + t.getTrialIndex()) % 3 == 0;
                int target = smallest ? images.stream().min(Integer::compare).orElseThrow()
                        : images.stream().max(Integer::compare).orElseThrow();
                chosen = images.indexOf(target);
            }
            for (int k = 0; k < 3; k++) {
                hashByImage.put(images.get(k), hashes.get(k));
                fileByImage.put(images.get(k), files.get(k));
            }
            mine.add(new Answer(id, images, hashes, files, chosen, catchTrial));
            judgements.add("{\"judgementId\":\"" + UUID.randomUUID() + "\",\"trialIndex\":" + t.getTrialIndex()
                    + ",\"chosenPosition\":" + chosen + ",\"source\":\"click\",\"key\":null,\"rtMs\":" + (500 + t.getTrialIndex())
                    + ",\"clientTime\":\"2026-12-02T10:00:00Z\",\"timing\":{\"timingOk\":true,\"onsetTs\":1000.0}}");
        }
        var stored = api.post("/api/sessions/" + id + "/triplets", token,
                "{\"judgements\":[" + String.join(",", judgements) + "]}");
        assertEquals(200, stored.status(), stored.body());
        if (p == PEOPLE) { // excluded in the study overview: left out of everything
            excludedSession = id;
            tandem.dsl().update(SESSION).set(SESSION.EXCLUDED_REASON, "fixture: excluded")
                    .where(SESSION.ID.eq(UUID.fromString(id))).execute();
        } else if (p == PEOPLE + 1) { // an experimenter's pilot: only with pilot=true
            pilotSession = id;
            tandem.dsl().update(SESSION).set(SESSION.PILOT, true).where(SESSION.ID.eq(UUID.fromString(id))).execute();
        } else {
            answers.addAll(mine);
        }
    }

    /** A model answering all but three of the people's triplets, and its embedding of every image seen. */
    private static void storeModel() {
        long modelId = tandem.dsl().insertInto(MODEL, MODEL.NAME, MODEL.VERSION, MODEL.CONTENT_SHA256, MODEL.MANIFEST,
                        MODEL.FOLDER)
                .values(MODEL_NAME, "1", "ab".repeat(32), JSONB.valueOf("{}"), "/nowhere")
                .returning(MODEL.ID).fetchOne().getId();
        Set<List<Integer>> triplets = new LinkedHashMap<List<Integer>, Boolean>() {{
            answers.stream().filter(a -> !a.catchTrial()).forEach(a -> put(a.sorted(), true));
        }}.keySet();
        int skipped = 0;
        for (List<Integer> t : triplets) {
            if (skipped++ < 3) {
                continue; // partial coverage
            }
            cosineChoice.put(t, t.get(2));
            dotChoice.put(t, t.get(0));
        }
        storeChoices(modelId, "cosine", cosineChoice);
        storeChoices(modelId, "dot", dotChoice);
        for (int image : hashByImage.keySet()) {
            float[] v = {(float) Math.cos(image * 0.7), (float) Math.sin(image * 0.7), (image % 5) * 0.3f, 1f};
            embedding.put(image, v);
            Float[] boxed = new Float[v.length];
            for (int k = 0; k < v.length; k++) {
                boxed[k] = v[k];
            }
            tandem.dsl().insertInto(MODEL_EMBEDDING, MODEL_EMBEDDING.MODEL_ID, MODEL_EMBEDDING.STIMULUS_SHA256,
                    MODEL_EMBEDDING.TENSOR, MODEL_EMBEDDING.EMBEDDING).values(modelId, hashByImage.get(image), "penultimate", boxed)
                    .execute();
        }
    }

    private static void storeChoices(long modelId, String similarity, Map<List<Integer>, Integer> choices) {
        choices.forEach((t, odd) -> {
            List<String> hashes = t.stream().map(hashByImage::get).sorted().toList();
            tandem.dsl().insertInto(MODEL_TRIPLET_CHOICE, MODEL_TRIPLET_CHOICE.MODEL_ID, MODEL_TRIPLET_CHOICE.SIMILARITY,
                            MODEL_TRIPLET_CHOICE.SOURCE, MODEL_TRIPLET_CHOICE.STIMULUS_SHA256_A,
                            MODEL_TRIPLET_CHOICE.STIMULUS_SHA256_B, MODEL_TRIPLET_CHOICE.STIMULUS_SHA256_C,
                            MODEL_TRIPLET_CHOICE.ODD_SHA256, MODEL_TRIPLET_CHOICE.PAIR_SIMILARITIES)
                    .values(modelId, similarity, "embedding", hashes.get(0), hashes.get(1), hashes.get(2),
                            hashByImage.get(odd), new Double[] {0.0, 0.0, 0.0})
                    .execute();
        });
    }

    // ---- the recomputation: plain loops over the fixture ----

    private static Set<String> excludedByCatch() {
        Map<String, int[]> tally = new HashMap<>();
        for (Answer a : answers) {
            if (a.catchTrial()) {
                int[] t = tally.computeIfAbsent(a.person(), k -> new int[2]);
                int chosen = a.chosenImage();
                int shown = 0;
                for (int i : a.images()) {
                    shown += i == chosen ? 1 : 0;
                }
                t[0] += shown == 1 ? 1 : 0;
                t[1]++;
            }
        }
        Set<String> excluded = new HashSet<>();
        tally.forEach((person, t) -> {
            if ((double) t[0] / t[1] < 0.8) {
                excluded.add(person);
            }
        });
        return excluded;
    }

    private static List<Answer> included() {
        Set<String> excluded = excludedByCatch();
        return answers.stream().filter(a -> !a.catchTrial() && !excluded.contains(a.person())).toList();
    }

    /** Votes for each image of a triplet, leaving out one person (or none). */
    private static Map<Integer, Integer> votes(List<Integer> triplet, String leftOut) {
        Map<Integer, Integer> votes = new HashMap<>();
        for (int i : triplet) {
            votes.put(i, 0);
        }
        for (Answer a : included()) {
            if (a.sorted().equals(triplet) && !a.person().equals(leftOut)) {
                votes.merge(a.chosenImage(), 1, Integer::sum);
            }
        }
        return votes;
    }

    /** 1/k if the image has the most of the votes (k images tied), else 0; null without votes. */
    private static Double credit(Map<Integer, Integer> votes, int image) {
        int most = votes.values().stream().max(Integer::compare).orElseThrow();
        if (most == 0) {
            return null;
        }
        long tied = votes.values().stream().filter(v -> v == most).count();
        return votes.get(image) == most ? 1.0 / tied : 0.0;
    }

    private static double[] ceiling() {
        double sum = 0;
        int count = 0;
        for (Answer a : included()) {
            long people = included().stream().filter(b -> b.sorted().equals(a.sorted())).map(Answer::person).distinct().count();
            Double c = credit(votes(a.sorted(), a.person()), a.chosenImage());
            if (people >= 2 && c != null) {
                sum += c;
                count++;
            }
        }
        return new double[] {sum / count, count};
    }

    private static double personAccuracy(String person) {
        double sum = 0;
        int count = 0;
        for (Answer a : included()) {
            if (a.person().equals(person)) {
                Double c = credit(votes(a.sorted(), person), a.chosenImage());
                if (c != null) {
                    sum += c;
                    count++;
                }
            }
        }
        return sum / count;
    }

    /** {agreement, human judgements compared, accuracy against the majority}. */
    private static double[] model(Map<List<Integer>, Integer> choices) {
        Set<List<Integer>> triplets = new HashSet<>();
        included().forEach(a -> triplets.add(a.sorted()));
        double same = 0;
        double compared = 0;
        double majority = 0;
        int answered = 0;
        for (List<Integer> t : triplets) {
            Integer odd = choices.get(t);
            if (odd == null) {
                continue;
            }
            for (Answer a : included()) {
                if (a.sorted().equals(t)) {
                    compared++;
                    same += a.chosenImage() == odd ? 1 : 0;
                }
            }
            majority += credit(votes(t, null), odd);
            answered++;
        }
        return new double[] {same / compared, compared, majority / answered, answered, triplets.size()};
    }

    /** People's dissimilarity 1 − kept together / shown together, by sorted index pair. */
    private static Map<List<Integer>, Double> humanRdm() {
        Map<List<Integer>, int[]> counts = new HashMap<>();
        for (Answer a : included()) {
            List<Integer> t = a.sorted();
            for (int x = 0; x < 3; x++) {
                for (int y = x + 1; y < 3; y++) {
                    int[] c = counts.computeIfAbsent(List.of(t.get(x), t.get(y)), k -> new int[2]);
                    c[1]++;
                    if (t.get(x) != a.chosenImage() && t.get(y) != a.chosenImage()) {
                        c[0]++;
                    }
                }
            }
        }
        Map<List<Integer>, Double> rdm = new TreeMap<>((p, q) -> p.get(0).equals(q.get(0))
                ? Integer.compare(p.get(1), q.get(1)) : Integer.compare(p.get(0), q.get(0)));
        counts.forEach((pair, c) -> rdm.put(pair, 1 - (double) c[0] / c[1]));
        return rdm;
    }

    private static double cosineDistance(float[] a, float[] b) {
        double ab = 0;
        double aa = 0;
        double bb = 0;
        for (int k = 0; k < a.length; k++) {
            ab += (double) a[k] * b[k];
            aa += (double) a[k] * a[k];
            bb += (double) b[k] * b[k];
        }
        return 1 - ab / Math.sqrt(aa * bb);
    }

    private static double[] ranks(double[] values) {
        double[] ranks = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            int below = 0;
            int equal = 0;
            for (double v : values) {
                below += v < values[i] ? 1 : 0;
                equal += v == values[i] ? 1 : 0;
            }
            ranks[i] = below + (equal + 1) / 2.0;
        }
        return ranks;
    }

    private static double spearman(double[] x, double[] y) {
        double[] rx = ranks(x);
        double[] ry = ranks(y);
        double mx = Arrays.stream(rx).average().orElseThrow();
        double my = Arrays.stream(ry).average().orElseThrow();
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < rx.length; i++) {
            sxy += (rx[i] - mx) * (ry[i] - my);
            sxx += (rx[i] - mx) * (rx[i] - mx);
            syy += (ry[i] - my) * (ry[i] - my);
        }
        return sxy / Math.sqrt(sxx * syy);
    }

    private static JsonNode metrics(String query) {
        var reply = api.get(BASE + "metrics?" + query, ADMIN);
        assertEquals(200, reply.status(), reply.body());
        return reply.json();
    }

    private static JsonNode find(JsonNode list, String key, String value) {
        for (JsonNode node : list) {
            if (node.get(key).asText().equals(value)) {
                return node;
            }
        }
        throw new AssertionError("no " + key + " " + value + " in " + list);
    }

    // ---- the tests ----

    @Test
    void theMetricsMatchARecomputationOfLeaveOneOutCreditCeilingAgreementAndScore() {
        JsonNode m = metrics(OPTIONS);
        assertEquals(PEOPLE * 40, m.get("counts").get("judgements").asLong());
        assertEquals(PEOPLE * 4, m.get("counts").get("catchJudgements").asLong());
        assertEquals(PEOPLE, m.get("counts").get("participants").asLong());
        assertEquals(1, m.get("counts").get("excludedParticipants").asLong());
        assertEquals(1, excludedByCatch().size(), "the first person fails half the catch trials");
        long triplets = included().stream().map(Answer::sorted).distinct().count();
        assertEquals(triplets, m.get("counts").get("triplets").asLong());

        JsonNode analysis = m.get("analysis");
        String failing = excludedByCatch().iterator().next();
        JsonNode catches = find(analysis.get("catchTrials"), "participant", failing);
        assertEquals(0.5, catches.get("accuracy").asDouble(), 1e-9);
        assertTrue(catches.get("excluded").asBoolean());
        assertFalse(analysis.get("catchTrials").toString().contains(excludedSession), "an excluded session counts nowhere");

        double[] ceiling = ceiling();
        assertTrue(ceiling[1] > 0, "the fixture has repeated triplets");
        assertEquals(ceiling[0], analysis.get("noiseCeiling").get("value").asDouble(), 1e-9);
        assertEquals((long) ceiling[1], analysis.get("ceilingJudgements").asLong());
        assertNotNull(analysis.get("noiseCeiling").get("ci").get("low"));

        // Scored: whoever shares a triplet with another included person (slots p and p + 4 share
        // repeated triplets; unique ones may coincide by chance).
        Set<String> scored = new HashSet<>();
        for (Answer a : included()) {
            if (credit(votes(a.sorted(), a.person()), a.chosenImage()) != null) {
                scored.add(a.person());
            }
        }
        assertTrue(scored.size() >= 4, "people scored: " + scored.size());
        Set<String> reported = new HashSet<>();
        for (JsonNode observer : analysis.get("observers")) {
            if (observer.get("kind").asText().equals("HUMAN")) {
                reported.add(observer.get("observer").asText());
                assertEquals(personAccuracy(observer.get("observer").asText()), observer.get("accuracy").asDouble(), 1e-9);
            }
        }
        assertEquals(scored, reported);

        double[] model = model(cosineChoice);
        JsonNode agreement = find(analysis.get("models"), "model", MODEL_NAME);
        assertEquals(model[0], agreement.get("agreement").get("value").asDouble(), 1e-9);
        assertEquals((long) model[1], agreement.get("humanJudgements").asLong());
        assertEquals((model[0] - 1.0 / 3) / (ceiling[0] - 1.0 / 3), agreement.get("normalised").get("value").asDouble(), 1e-9);
        JsonNode asObserver = find(analysis.get("observers"), "observer", MODEL_NAME);
        assertEquals(model[2], asObserver.get("accuracy").asDouble(), 1e-9);

        JsonNode coverage = find(m.get("coverage"), "model", MODEL_NAME);
        assertEquals((long) model[3], coverage.get("answeredTriplets").asLong());
        assertEquals((long) model[4], coverage.get("triplets").asLong());
        assertTrue(model[3] < model[4], "partial coverage is visible");
        assertEquals("[\"embedding\"]", coverage.get("sources").toString());
    }

    @Test
    void theSimilarityParameterSelectsTheModelsDotProductChoices() {
        JsonNode m = metrics(OPTIONS + "&similarity=dot");
        double[] model = model(dotChoice);
        JsonNode agreement = find(m.get("analysis").get("models"), "model", MODEL_NAME);
        assertEquals(model[0], agreement.get("agreement").get("value").asDouble(), 1e-9);
        assertEquals("dot", m.get("options").get("similarity").asText());
    }

    @Test
    void rsaIsTheSpearmanCorrelationOfThePeoplesAndTheModelsRdmOverPairsBothDefine() {
        Map<List<Integer>, Double> human = humanRdm();
        List<Double> h = new ArrayList<>();
        List<Double> d = new ArrayList<>();
        human.forEach((pair, value) -> {
            h.add(value);
            d.add(cosineDistance(embedding.get(pair.get(0)), embedding.get(pair.get(1))));
        });
        double rho = spearman(h.stream().mapToDouble(Double::doubleValue).toArray(),
                d.stream().mapToDouble(Double::doubleValue).toArray());
        JsonNode rsa = find(metrics(OPTIONS).get("rsa"), "model", MODEL_NAME);
        assertEquals(rho, rsa.get("rsa").asDouble(), 1e-9);
        assertEquals(human.size(), rsa.get("pairs").asInt());
        assertTrue(rsa.get("ci").get("low").asDouble() <= rsa.get("ci").get("high").asDouble());
    }

    @Test
    void thePeoplesRdmCsvHoldsOneMinusTheShareKeptTogetherAndEmptyCellsForPairsNeverShown() {
        var reply = api.get(BASE + "rdm.csv?observer=people", ADMIN);
        assertEquals(200, reply.status(), reply.body());
        List<String> lines = reply.body().lines().toList();
        List<String> header = List.of(lines.get(0).split(",", -1));
        assertEquals(40 + 1, header.size());
        Map<String, String[]> rows = new HashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",", -1);
            rows.put(cells[0], cells);
        }
        Map<List<Integer>, Double> human = humanRdm();
        int empty = 0;
        for (int i : fileByImage.keySet()) {
            for (int j : fileByImage.keySet()) {
                if (i >= j) {
                    continue;
                }
                String cell = rows.get(fileByImage.get(i))[header.indexOf(fileByImage.get(j))];
                Double expected = human.get(List.of(i, j));
                if (expected == null) {
                    assertEquals("", cell);
                    empty++;
                } else {
                    assertEquals(expected, Double.parseDouble(cell), 1e-6); // written with six decimals
                }
            }
        }
        assertTrue(empty > 0, "some pairs were never shown together");
        var model = api.get(BASE + "rdm.csv?observer=" + MODEL_NAME + "&distance=correlation", ADMIN);
        assertEquals(200, model.status(), model.body());
        assertEquals(lines.get(0), model.body().lines().findFirst().orElseThrow());
        var svg = api.get(BASE + "triplet.svg?model=" + MODEL_NAME + "&" + OPTIONS, ADMIN);
        assertEquals(200, svg.status(), svg.body());
        assertTrue(svg.body().startsWith("<svg") && svg.body().contains(MODEL_NAME), svg.body());
    }

    @Test
    void theComparisonExportHasOneRowPerJudgementAndPerModelAnswer() {
        var reply = api.get(BASE + "comparison?format=jsonl", ADMIN);
        assertEquals(200, reply.status(), reply.body());
        List<JsonNode> rows = reply.body().lines().filter(l -> !l.isBlank()).map(l -> {
            try {
                return tandem.json().readTree(l);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }).toList();
        List<JsonNode> humans = rows.stream().filter(r -> r.get("observer_kind").asText().equals("human")).toList();
        List<JsonNode> mine = rows.stream().filter(r -> r.get("observer").asText().equals(MODEL_NAME)).toList();
        assertEquals(answers.size(), humans.size());
        assertEquals(cosineChoice.size() + dotChoice.size(), mine.size());
        JsonNode human = humans.get(0);
        Answer first = answers.stream().filter(a -> a.person().equals(human.get("session_id").asText())
                && !a.catchTrial()).findFirst().orElseThrow();
        assertEquals(first.person(), human.get("observer").asText());
        assertTrue(human.get("rt_ms").isNumber());
        assertTrue(human.get("timing_ok").asBoolean());
        for (JsonNode row : humans) {
            int chosen = row.get("chosen_position").asInt();
            assertEquals(row.get("image_" + chosen).asText(), row.get("chosen_image").asText());
            assertEquals(row.get("role").asText().equals("catch"), row.get("catch_trial").asBoolean());
        }
        for (JsonNode row : mine) {
            assertTrue(row.get("session_id").isNull());
            assertTrue(row.get("stimulus_sha256_0").asText().compareTo(row.get("stimulus_sha256_1").asText()) < 0,
                    "a model's positions are the canonical hash order");
            assertEquals("embedding", row.get("source").asText());
        }
        assertFalse(reply.body().contains(excludedSession) || reply.body().contains(pilotSession));
        var pilots = api.get(BASE + "comparison?format=csv&kind=human&pilot=true", ADMIN);
        assertEquals(answers.size() + 40 + 1, pilots.body().lines().count(), "pilot=true adds the pilot's judgements");
        assertTrue(pilots.body().contains(pilotSession));
        assertEquals(PEOPLE + 1, metrics(OPTIONS + "&pilot=true").get("counts").get("participants").asInt());
        var csv = api.get(BASE + "comparison?format=csv&kind=human", ADMIN);
        assertEquals(200, csv.status());
        assertEquals("observer_kind,observer,session_id,trial_index,role,catch_trial,image_0,image_1,image_2,"
                + "stimulus_sha256_0,stimulus_sha256_1,stimulus_sha256_2,chosen_position,chosen_image,rt_ms,timing_ok,"
                + "similarity,source", csv.body().lines().findFirst().orElseThrow());
        assertEquals(answers.size() + 1, csv.body().lines().count());
    }

    @Test
    void badParametersAreRefusedNamingTheParameter() {
        for (String[] c : List.of(new String[] {"metrics?catchThreshold=2", "catchThreshold"},
                new String[] {"metrics?catchThreshold=NaN", "catchThreshold"},
                new String[] {"metrics?similarity=euclid", "similarity"},
                new String[] {"metrics?distance=manhattan", "distance"},
                new String[] {"metrics?resamples=-1", "resamples"},
                new String[] {"metrics?splits=many", "splits"},
                new String[] {"metrics?seed=1.5", "seed"},
                new String[] {"rdm.csv", "observer"},
                new String[] {"rdm.csv?observer=nobody", "observer"},
                new String[] {"rdm.csv?observer=people&distance=l1", "distance"},
                new String[] {"triplet.svg", "model"},
                new String[] {"triplet.svg?model=nobody", "model"},
                new String[] {"comparison?format=mvh", "format"})) {
            var reply = api.get(BASE + c[0], ADMIN);
            assertEquals(400, reply.status(), c[0] + " -> " + reply.body());
            assertEquals(c[1], reply.json().get("field").asText(), c[0]);
        }
        assertEquals(404, api.get("/api/experiments/masked-demo/rdm.csv?observer=people", ADMIN).status());
    }
}
