package dev.tandem.http;

import static dev.tandem.db.jooq.Tables.SESSION;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.app.Args;
import dev.tandem.app.AppConfig;
import dev.tandem.app.TestTandem;
import dev.tandem.experiment.DemoDefinitions;
import dev.tandem.experiment.RecruitmentLinks;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Recruitment links round-trip: each platform fills in or appends its ids as it does in real
 * life, the participant page forwards every query parameter (web/src/participant/session.ts,
 * recruitmentParams) into the session's recruitment record, and the completion redirect gets them back.
 */
class RecruitmentLinksApiTest {

    private static final String ADMIN = TestTandem.ADMIN_TOKEN;
    private static final ObjectMapper json = new ObjectMapper();
    private static final Args NO_FLAGS = Args.parse(List.of(), Set.of());

    private static TestTandem tandem;
    private static ApiClient api;
    private static String base;

    @BeforeAll
    static void start() {
        tandem = TestTandem.withBuiltIns();
        base = tandem.startHttp();
        api = new ApiClient(base);
        publish("links-prolific", "https://app.prolific.com/submissions/complete?cc={code}");
        publish("links-mturk", "https://workersandbox.mturk.com/mturk/externalSubmit?assignmentId={assignmentId}&code={code}");
        publish("links-sona", "https://uni.sona-systems.com/webstudy_credit.aspx?experiment_id=42&credit_token=t0k&survey_code={survey_code}");
    }

    @AfterAll
    static void stop() {
        tandem.close();
    }

    private static void publish(String slug, String redirectUrl) {
        ObjectNode definition = DemoDefinitions.maskedDemo(slug);
        ((ObjectNode) definition.get("completion")).put("redirectUrl", redirectUrl);
        assertEquals(201, api.post("/api/experiments", ADMIN, definition.toString()).status());
        assertEquals(200, api.post("/api/experiments/" + definition.get("slug").asText() + "/collection", ADMIN,
                "{\"open\":true}").status());
    }

    private static JsonNode links(String slug) {
        var reply = api.get("/api/experiments/" + slug + "/links", ADMIN);
        assertEquals(200, reply.status(), reply.body());
        return reply.json();
    }

    /** What the participant page does with the address it was opened at: every query parameter, decoded. */
    private static Map<String, String> recruitmentParams(String url) {
        Map<String, String> params = new LinkedHashMap<>();
        String query = URI.create(url).getRawQuery();
        if (query != null) {
            for (String pair : query.split("&")) {
                String[] kv = pair.split("=", 2);
                params.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                        URLDecoder.decode(kv.length > 1 ? kv[1] : "", StandardCharsets.UTF_8));
            }
        }
        return params;
    }

    /** Opens the link as a participant would, answers every trial and completes; answers the stored recruitment and the redirect. */
    private static String[] takePart(String slug, String url) throws Exception {
        assertTrue(url.startsWith(base + "/run/" + slug), url);
        assertEquals(200, api.get(url.substring(base.length()), null).status(), "the participant page answers the link");
        Participant participant = Participant.start(api, slug, json.writeValueAsString(recruitmentParams(url)));
        participant.screenCheck(60).answer(tandem.dsl(), 70);
        var completion = participant.complete();
        assertEquals(200, completion.status(), completion.body());
        String recruitment = tandem.dsl().select(SESSION.RECRUITMENT).from(SESSION)
                .where(SESSION.ID.eq(participant.sessionId())).fetchSingle().value1().data();
        return new String[] {recruitment, completion.json().get("redirectUrl").asText()};
    }

    @Test
    void theLinksAreAbsoluteOnTheAddressTheConsoleWasReachedAt() {
        JsonNode links = links("links-prolific");
        assertEquals(base + "/run/links-prolific", links.get("direct").asText());
        assertEquals(base + "/run/links-prolific?PROLIFIC_PID={{%PROLIFIC_PID%}}&STUDY_ID={{%STUDY_ID%}}"
                + "&SESSION_ID={{%SESSION_ID%}}", links.get("prolific").asText());
        assertEquals(base + "/run/links-prolific", links.get("mturk").asText());
        assertEquals(base + "/run/links-prolific?survey_code=%SURVEY_CODE%", links.get("sona").asText());

        var proxied = api.send("GET", "/api/experiments/links-prolific/links", Map.of("Authorization", "Bearer " + ADMIN,
                "X-Forwarded-Proto", "https", "X-Forwarded-Host", "tandem.example.org, internal:8080"), null);
        assertEquals("https://tandem.example.org/run/links-prolific", proxied.json().get("direct").asText());
        var spoofed = api.send("GET", "/api/experiments/links-prolific/links", Map.of("Authorization", "Bearer " + ADMIN,
                "X-Forwarded-Proto", "javascript", "X-Forwarded-Host", "evil.org/<script>"), null);
        assertEquals(base + "/run/links-prolific", spoofed.json().get("direct").asText());
        assertEquals(404, api.get("/api/experiments/nope/links", ADMIN).status());
    }

    @Test
    void aConfiguredPublicUrlIsTheBaseOfEveryLink() {
        AppConfig config = AppConfig.from(NO_FLAGS, Map.of("TANDEM_PUBLIC_URL", " https://study.example.org/tandem/ "));
        assertEquals("https://study.example.org/tandem", config.publicUrl().orElseThrow());
        RecruitmentLinks links = RecruitmentLinks.of(config.publicUrl().get(), "s1");
        assertEquals("https://study.example.org/tandem/run/s1?survey_code=%SURVEY_CODE%", links.sona());
        assertTrue(AppConfig.from(NO_FLAGS, Map.of()).publicUrl().isEmpty());
    }

    @Test
    void aProlificParticipantsIdsAreStoredAndSentBackOnCompletion() throws Exception {
        String url = links("links-prolific").get("prolific").asText()
                .replace("{{%PROLIFIC_PID%}}", "5f1a2b3c4d5e6f7a8b9c0d1e")
                .replace("{{%STUDY_ID%}}", "study-77")
                .replace("{{%SESSION_ID%}}", "sess-88");
        String[] result = takePart("links-prolific", url);
        JsonNode recruitment = json.readTree(result[0]);
        assertEquals("5f1a2b3c4d5e6f7a8b9c0d1e", recruitment.get("PROLIFIC_PID").asText());
        assertEquals("study-77", recruitment.get("STUDY_ID").asText());
        assertEquals("sess-88", recruitment.get("SESSION_ID").asText());
        assertEquals("https://app.prolific.com/submissions/complete?cc=TANDEM-DEMO", result[1]);
    }

    @Test
    void anMTurkWorkersAppendedIdsAreStoredAndTheAssignmentIsSubmittedOnCompletion() throws Exception {
        // An ExternalQuestion's URL gets these appended by MTurk when a worker accepts the HIT.
        String url = links("links-mturk").get("mturk").asText()
                + "?assignmentId=3AMW0RGHOD1K1N2L&hitId=3Z8UJEJOCZEG&turkSubmitTo="
                + "https%3A%2F%2Fworkersandbox.mturk.com&workerId=A1B2C3D4E5";
        String[] result = takePart("links-mturk", url);
        JsonNode recruitment = json.readTree(result[0]);
        assertEquals("3AMW0RGHOD1K1N2L", recruitment.get("assignmentId").asText());
        assertEquals("3Z8UJEJOCZEG", recruitment.get("hitId").asText());
        assertEquals("A1B2C3D4E5", recruitment.get("workerId").asText());
        assertEquals("https://workersandbox.mturk.com", recruitment.get("turkSubmitTo").asText());
        assertEquals("https://workersandbox.mturk.com/mturk/externalSubmit?assignmentId=3AMW0RGHOD1K1N2L&code=TANDEM-DEMO",
                result[1]);
    }

    @Test
    void aSonaParticipantsSurveyCodeIsStoredAndCreditedOnCompletion() throws Exception {
        String url = links("links-sona").get("sona").asText().replace("%SURVEY_CODE%", "12345");
        String[] result = takePart("links-sona", url);
        assertEquals("12345", json.readTree(result[0]).get("survey_code").asText());
        assertEquals("https://uni.sona-systems.com/webstudy_credit.aspx?experiment_id=42&credit_token=t0k&survey_code=12345",
                result[1]);
    }
}
