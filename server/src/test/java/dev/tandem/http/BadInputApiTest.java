package dev.tandem.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ContainerNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.TableCounts;
import dev.tandem.app.TestTandem;
import dev.tandem.experiment.DemoDefinitions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Issue 12's table: every participant and console endpoint that takes a JSON body, every field
 * of it, and every kind of bad value (null, wrong type, NUL, lone surrogate, huge string, huge
 * array, non-finite number, out-of-range date). Each must answer 4xx naming the field, in words
 * that name no Java or Jackson internals, and leave every table's row count as it was.
 */
class BadInputApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String LONE_SURROGATE = "@@lone-surrogate@@";
    private static final String NON_FINITE = "@@non-finite@@";
    /** What a message must never show: Java classes, Jackson's words, backquoted type names. */
    private static final Pattern INTERNALS = Pattern.compile(
            "java\\.|jackson|fasterxml|deserializ|`|\\bclass\\b|Integer|Double|Boolean|\\bLong\\b|\\bString\\b|Exception");

    private static TestTandem tandem;
    private static ApiClient api;
    private static ConsoleClient console;
    private static String maskedSession;
    private static String maskedToken;
    private static String clickmeSession;
    private static String clickmeToken;
    private static String tripletSession;
    private static String tripletToken;
    private static long accountId;

    /** What a field takes; each kind has its own wrong-type value. */
    enum Kind {
        TEXT(NODES.numberNode(12345), NODES.booleanNode(true), NODES.objectNode(), NODES.arrayNode()),
        WHOLE(NODES.numberNode(10.7), NODES.textNode("7"), NODES.booleanNode(true)),
        NUMBER(NODES.textNode("7"), NODES.booleanNode(true), NODES.objectNode()),
        BOOLEAN(NODES.textNode("yes"), NODES.textNode("true"), NODES.numberNode(1)),
        ARRAY(NODES.objectNode().put("a", 1), NODES.textNode("x")),
        OBJECT(NODES.textNode("text"), NODES.numberNode(5), NODES.arrayNode()),
        MAP(NODES.arrayNode().add(1), NODES.textNode("x")),
        DATE(NODES.numberNode(12345), NODES.booleanNode(true)),
        /** Free JSON (e.g. a round's details, a draft's fields): no value has the wrong type. */
        ANY();

        final List<JsonNode> wrongTypes;

        Kind(JsonNode... wrongTypes) {
            this.wrongTypes = List.of(wrongTypes);
        }
    }

    record Field(String path, Kind kind, boolean required) {}

    record Endpoint(String method, String path, boolean signedIn, String token, String base, List<Field> fields) {
        @Override
        public String toString() {
            return method + " " + path.replaceAll("[0-9a-f]{8}-[0-9a-f-]{27}", "{id}");
        }
    }

    private static Field required(String path, Kind kind) {
        return new Field(path, kind, true);
    }

    private static Field optional(String path, Kind kind) {
        return new Field(path, kind, false);
    }

    @BeforeAll
    static void start() {
        tandem = TestTandem.withBuiltIns();
        api = new ApiClient(tandem.startHttp());
        var created = api.post("/api/accounts", TestTandem.ADMIN_TOKEN,
                "{\"username\":\"hardening-admin\",\"password\":\"a long enough password\",\"role\":\"admin\"}");
        assertEquals(201, created.status(), created.body());
        var other = api.post("/api/accounts", TestTandem.ADMIN_TOKEN,
                "{\"username\":\"hardening-other\",\"password\":\"a long enough password\"}");
        accountId = other.json().get("id").asLong();
        console = ConsoleClient.login(api, "hardening-admin", "a long enough password");
        Participant masked = Participant.start(api, "masked-demo", "{}").screenCheck(60);
        maskedSession = masked.id();
        maskedToken = masked.token();
        Participant clickme = Participant.start(api, "clickme-demo", "{}").screenCheck(60);
        clickmeSession = clickme.id();
        clickmeToken = clickme.token();
        Participant triplet = Participant.start(api, "triplet-demo", "{}").screenCheck(60);
        tripletSession = triplet.id();
        tripletToken = triplet.token();
    }

    @AfterAll
    static void stop() {
        tandem.close();
    }

    private static List<Endpoint> endpoints() {
        String reveal = "{\"x\":10,\"y\":10,\"size\":14,\"t\":5.0}";
        List<Field> definition = List.of(required("title", Kind.TEXT), required("consent", Kind.TEXT),
                required("categories", Kind.ARRAY), required("categories[0].name", Kind.TEXT),
                optional("categories[0].key", Kind.TEXT), required("conditions.durationsMs", Kind.ARRAY),
                required("conditions.durationsMs[0]", Kind.WHOLE), required("trialsPerParticipant", Kind.WHOLE),
                optional("requestFullscreen", Kind.BOOLEAN), required("completion.code", Kind.TEXT));
        List<Field> draft = definition.stream().map(f -> optional(f.path(), Kind.ANY)).toList();
        return List.of(
                new Endpoint("POST", "/api/experiments/masked-demo/sessions", false, null,
                        "{\"params\":{\"PROLIFIC_PID\":\"p1\"},\"startId\":\"" + UUID.randomUUID() + "\"}",
                        List.of(optional("params", Kind.MAP), required("params.PROLIFIC_PID", Kind.TEXT),
                                optional("startId", Kind.TEXT))),
                new Endpoint("POST", "/api/sessions/" + maskedSession + "/screen-check", false, maskedToken,
                        "{\"refreshHz\":60.0,\"frameIntervalsMs\":[16.7,16.6],\"windowWidth\":1280,\"windowHeight\":800,"
                                + "\"screenWidth\":1920,\"screenHeight\":1080,\"devicePixelRatio\":1.0,\"fullscreen\":true}",
                        List.of(required("refreshHz", Kind.NUMBER), optional("frameIntervalsMs", Kind.ARRAY),
                                optional("frameIntervalsMs[0]", Kind.NUMBER), optional("windowWidth", Kind.WHOLE),
                                optional("screenHeight", Kind.WHOLE), optional("devicePixelRatio", Kind.NUMBER),
                                optional("fullscreen", Kind.BOOLEAN))),
                new Endpoint("POST", "/api/sessions/" + maskedSession + "/responses", false, maskedToken,
                        "{\"responses\":[{\"responseId\":\"" + UUID.randomUUID() + "\",\"trialIndex\":12,"
                                + "\"response\":\"Bag\",\"source\":\"key\",\"key\":\"8\",\"rtMs\":512.5,"
                                + "\"clientTime\":\"2026-12-02T10:00:00Z\",\"timing\":{\"timingOk\":true,"
                                + "\"stimulusFramesShown\":2}}]}",
                        List.of(required("responses", Kind.ARRAY), required("responses[0].responseId", Kind.TEXT),
                                required("responses[0].trialIndex", Kind.WHOLE), required("responses[0].response", Kind.TEXT),
                                required("responses[0].source", Kind.TEXT), optional("responses[0].key", Kind.TEXT),
                                required("responses[0].rtMs", Kind.NUMBER), required("responses[0].timing", Kind.OBJECT),
                                required("responses[0].timing.timingOk", Kind.BOOLEAN),
                                optional("responses[0].timing.stimulusFramesShown", Kind.WHOLE),
                                optional("responses[0].clientTime", Kind.DATE))),
                new Endpoint("POST", "/api/sessions/" + tripletSession + "/triplets", false, tripletToken,
                        "{\"judgements\":[{\"judgementId\":\"" + UUID.randomUUID() + "\",\"trialIndex\":3,"
                                + "\"chosenPosition\":1,\"source\":\"key\",\"key\":\"2\",\"rtMs\":812.5,"
                                + "\"clientTime\":\"2026-12-02T10:00:00Z\",\"timing\":{\"timingOk\":true,"
                                + "\"framesShown\":6}}]}",
                        List.of(required("judgements", Kind.ARRAY), required("judgements[0].judgementId", Kind.TEXT),
                                required("judgements[0].trialIndex", Kind.WHOLE),
                                required("judgements[0].chosenPosition", Kind.WHOLE),
                                required("judgements[0].source", Kind.TEXT), optional("judgements[0].key", Kind.TEXT),
                                required("judgements[0].rtMs", Kind.NUMBER), required("judgements[0].timing", Kind.OBJECT),
                                required("judgements[0].timing.timingOk", Kind.BOOLEAN),
                                optional("judgements[0].timing.framesShown", Kind.WHOLE),
                                optional("judgements[0].clientTime", Kind.DATE))),
                new Endpoint("POST", "/api/sessions/" + clickmeSession + "/clickme/queries", false, clickmeToken,
                        "{\"queryId\":\"" + UUID.randomUUID() + "\",\"trialIndex\":0,\"reveals\":[" + reveal + "],"
                                + "\"displayChecksum\":1}",
                        List.of(required("queryId", Kind.TEXT), required("trialIndex", Kind.WHOLE),
                                required("reveals", Kind.ARRAY), required("reveals[0].x", Kind.WHOLE),
                                optional("reveals[0].size", Kind.WHOLE), required("reveals[0].t", Kind.NUMBER),
                                optional("displayChecksum", Kind.WHOLE))),
                new Endpoint("POST", "/api/sessions/" + clickmeSession + "/clickme/rounds", false, clickmeToken,
                        "{\"rounds\":[{\"responseId\":\"" + UUID.randomUUID() + "\",\"trialIndex\":0,\"outcome\":\"timeout\","
                                + "\"elapsedMs\":7000.0,\"reveals\":[" + reveal + "],\"clientTime\":\"2026-12-02T10:00:00Z\","
                                + "\"details\":{\"points\":0}}]}",
                        List.of(required("rounds", Kind.ARRAY), required("rounds[0].responseId", Kind.TEXT),
                                required("rounds[0].trialIndex", Kind.WHOLE), required("rounds[0].outcome", Kind.TEXT),
                                required("rounds[0].elapsedMs", Kind.NUMBER), required("rounds[0].reveals", Kind.ARRAY),
                                required("rounds[0].reveals[0].y", Kind.WHOLE), optional("rounds[0].clientTime", Kind.DATE),
                                optional("rounds[0].details", Kind.ANY), optional("rounds[0].details.note", Kind.ANY))),
                new Endpoint("POST", "/api/auth/login", false, null,
                        "{\"username\":\"hardening-admin\",\"password\":\"a wrong password\"}",
                        List.of(required("username", Kind.TEXT), required("password", Kind.TEXT))),
                new Endpoint("POST", "/api/tokens", true, null, "{\"label\":\"ci\"}", List.of(required("label", Kind.TEXT))),
                new Endpoint("POST", "/api/accounts", true, null,
                        "{\"username\":\"newbie\",\"password\":\"a long enough password\",\"role\":\"experimenter\"}",
                        List.of(required("username", Kind.TEXT), required("password", Kind.TEXT), optional("role", Kind.TEXT))),
                new Endpoint("PATCH", "/api/accounts/" + accountId, true, null,
                        "{\"role\":\"experimenter\",\"disabled\":false,\"password\":\"another long password\"}",
                        List.of(optional("role", Kind.TEXT), optional("disabled", Kind.BOOLEAN),
                                optional("password", Kind.TEXT))),
                new Endpoint("POST", "/api/studies/mvh", true, null, "{\"directory\":\"/nonexistent\",\"study\":\"s\"}",
                        List.of(required("directory", Kind.TEXT), optional("study", Kind.TEXT))),
                new Endpoint("POST", "/api/clickme/map-jobs", true, null,
                        "{\"model\":\"no-such-model\",\"experiment\":\"clickme-demo\",\"method\":\"occlusion\","
                                + "\"parameters\":{\"patch\":\"28\",\"stride\":\"14\"}}",
                        List.of(required("model", Kind.TEXT), required("experiment", Kind.TEXT), optional("method", Kind.TEXT),
                                optional("parameters", Kind.MAP), optional("parameters.patch", Kind.TEXT))),
                new Endpoint("POST", "/api/triplet-jobs", true, null,
                        "{\"model\":\"no-such-model\",\"experiment\":\"triplet-demo\",\"similarity\":\"cosine\"}",
                        List.of(required("model", Kind.TEXT), required("experiment", Kind.TEXT), optional("similarity", Kind.TEXT))),
                new Endpoint("POST", "/api/experiments", true, null,
                        DemoDefinitions.maskedDemo("hardening-demo").toString(), definition),
                new Endpoint("PUT", "/api/experiments/hardening-draft/draft", true, null,
                        DemoDefinitions.maskedDemo("hardening-draft").toString(), draft),
                new Endpoint("POST", "/api/experiments/masked-demo/collection", true, null, "{\"open\":true}",
                        List.of(required("open", Kind.BOOLEAN))),
                new Endpoint("POST", "/api/experiments/masked-demo/access", true, null, "{\"username\":\"hardening-other\"}",
                        List.of(required("username", Kind.TEXT))),
                new Endpoint("POST", "/api/models", true, null, "{\"folder\":\"/nonexistent\"}",
                        List.of(required("folder", Kind.TEXT))),
                new Endpoint("POST", "/api/jobs", true, null, "{\"model\":\"no-such-model\",\"experiment\":\"masked-demo\"}",
                        List.of(required("model", Kind.TEXT), required("experiment", Kind.TEXT))),
                // issue 14: withdrawal, exclusion and deletion change nothing on bad input either
                new Endpoint("POST", "/api/withdrawals", false, null, "{\"code\":\"not-a-code\"}",
                        List.of(required("code", Kind.TEXT))),
                new Endpoint("POST", "/api/sessions/" + maskedSession + "/exclusion", true, null,
                        "{\"excluded\":true,\"reason\":\"pilot by mistake\"}",
                        List.of(required("excluded", Kind.BOOLEAN), optional("reason", Kind.TEXT))),
                new Endpoint("DELETE", "/api/sessions/" + maskedSession, true, null, "{\"reason\":\"withdrew\"}",
                        List.of(required("reason", Kind.TEXT))));
    }

    /** The bad values for a field of {@code kind}, by name. */
    private static List<Map.Entry<String, JsonNode>> badValues(Field field) {
        List<Map.Entry<String, JsonNode>> values = new ArrayList<>();
        if (field.required()) {
            values.add(Map.entry("null", NODES.nullNode()));
        }
        for (JsonNode wrong : field.kind().wrongTypes) {
            values.add(Map.entry("wrong type " + wrong, wrong));
        }
        values.add(Map.entry("NUL", NODES.textNode("a\u0000b")));
        values.add(Map.entry("lone surrogate", NODES.textNode(LONE_SURROGATE)));
        values.add(Map.entry("huge string", NODES.textNode("x".repeat(200_000))));
        ArrayNode huge = NODES.arrayNode();
        for (int i = 0; i <= 10_000; i++) {
            huge.add(0);
        }
        values.add(Map.entry("huge array", huge));
        values.add(Map.entry("non-finite number", NODES.textNode(NON_FINITE)));
        if (field.kind() == Kind.DATE) {
            values.add(Map.entry("out-of-range date", NODES.textNode("+300000-01-01T00:00:00Z")));
        }
        return values;
    }

    @TestFactory
    Stream<DynamicTest> everyBadValueOfEveryFieldIsRefusedNamingTheFieldAndChangesNothing() {
        var before = TableCounts.of(tandem.dsl());
        return endpoints().stream().flatMap(endpoint -> endpoint.fields().stream().flatMap(field ->
                badValues(field).stream().map(bad -> DynamicTest.dynamicTest(
                        endpoint + " " + field.path() + " = " + bad.getKey(), () -> {
                            var reply = send(endpoint, body(endpoint.base(), field.path(), bad.getValue()));
                            String what = endpoint + " " + field.path() + " " + bad.getKey() + ": " + reply.status() + " "
                                    + reply.body();
                            assertTrue(reply.status() >= 400 && reply.status() < 500, what);
                            String named = reply.json().path("field").asText("");
                            assertTrue(named.equals(field.path()) || named.startsWith(field.path() + ".")
                                    || named.startsWith(field.path() + "["), "names " + named + ": " + what);
                            assertFalse(INTERNALS.matcher(reply.json().path("error").asText()).find(), what);
                            assertEquals(before, TableCounts.of(tandem.dsl()), what);
                        }))));
    }

    @org.junit.jupiter.api.Test
    void aNulInAPathOrQueryParameterIsRefusedNamingTheParameter() {
        var before = TableCounts.of(tandem.dsl());
        // Jetty refuses an encoded NUL in a path itself, before any route (a plain-text 400).
        var start = api.post("/api/experiments/masked%00demo/sessions", null, "{}");
        assertEquals(400, start.status(), start.body());
        var images = console.get("/api/stimulus-sets/1/images?category=Bag%00");
        assertEquals(400, images.status(), images.body());
        assertEquals("category", images.json().get("field").asText());
        var upload = console.send("POST", "/api/stimulus-sets?name=a%00b&version=1", "{}");
        assertEquals(400, upload.status(), upload.body());
        assertEquals("name", upload.json().get("field").asText());
        assertEquals(before, TableCounts.of(tandem.dsl()));
    }

    @org.junit.jupiter.api.Test
    void aBodyOfNullOrOfAnotherJsonTypeIsRefusedAsTheBody() {
        for (String body : List.of("null", "[]", "5", "\"text\"", "{\"params\":{}}x", "{\"a\":NaN}")) {
            var reply = api.post("/api/experiments/masked-demo/sessions", null, body);
            assertEquals(400, reply.status(), body + " → " + reply.body());
            assertEquals("body", reply.json().get("field").asText(), body);
            assertFalse(INTERNALS.matcher(reply.json().get("error").asText()).find(), reply.body());
        }
    }

    @org.junit.jupiter.api.Test
    void aWholeNumberBeyondItsTypeIsRefusedNamingTheField() {
        var reply = api.post("/api/sessions/" + maskedSession + "/responses", maskedToken,
                body(endpoints().get(2).base(), "responses[0].trialIndex", NODES.numberNode(99_999_999_999L)));
        assertEquals(400, reply.status(), reply.body());
        assertEquals("responses[0].trialIndex", reply.json().get("field").asText());
        assertFalse(INTERNALS.matcher(reply.json().get("error").asText()).find(), reply.body());
    }

    static ApiClient.Reply send(Endpoint endpoint, String body) {
        if (endpoint.signedIn()) {
            return console.send(endpoint.method(), endpoint.path(), body);
        }
        Map<String, String> headers = new java.util.HashMap<>();
        headers.put("Content-Type", "application/json");
        if (endpoint.token() != null) {
            headers.put("Authorization", "Bearer " + endpoint.token());
        }
        return api.send(endpoint.method(), endpoint.path(), headers, body);
    }

    /** {@code base} with the value at {@code path} (dots for fields, [i] for elements) replaced. */
    static String body(String base, String path, JsonNode value) {
        try {
            JsonNode root = JSON.readTree(base);
            List<String> steps = new ArrayList<>();
            var matcher = Pattern.compile("[^.\\[\\]]+|\\[\\d+]").matcher(path);
            while (matcher.find()) {
                steps.add(matcher.group());
            }
            JsonNode parent = root;
            for (String step : steps.subList(0, steps.size() - 1)) {
                parent = step.startsWith("[") ? parent.get(Integer.parseInt(step.substring(1, step.length() - 1)))
                        : parent.get(step);
            }
            String last = steps.get(steps.size() - 1);
            if (last.startsWith("[")) {
                ((ArrayNode) parent).set(Integer.parseInt(last.substring(1, last.length() - 1)), value);
            } else {
                ((ObjectNode) parent).set(last, value);
            }
            return JSON.writeValueAsString((ContainerNode<?>) root)
                    .replace("\"" + NON_FINITE + "\"", "1e400")
                    .replace(LONE_SURROGATE, "\\ud800");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
