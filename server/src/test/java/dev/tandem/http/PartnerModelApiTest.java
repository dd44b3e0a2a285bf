package dev.tandem.http;

import static dev.tandem.db.jooq.Tables.CLICKME_QUERY;
import static dev.tandem.db.jooq.Tables.TRIAL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.RepositoryFiles;
import dev.tandem.app.TestTandem;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A ClickMe partner model that does not exist: refused at publishing, a 503 naming no path to participants. */
class PartnerModelApiTest {

    private static final String ADMIN = TestTandem.ADMIN_TOKEN;

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

    private ObjectNode clickmeDemo(String slug) throws Exception {
        var definition = (ObjectNode) tandem.json().readTree(
                RepositoryFiles.stimuli().resolve("fashion-mnist/experiments/clickme-demo.json").toFile());
        return definition.put("slug", slug);
    }

    @Test
    void publishingAClickMeExperimentWhosePartnerModelDoesNotExistIsRefusedNamingTheField() throws Exception {
        ObjectNode definition = clickmeDemo("no-partner");
        ((ObjectNode) definition.at("/clickme/partner")).put("model", "no-such-model");
        var checked = api.post("/api/experiments/validate", ADMIN, definition.toString()).json();
        assertFalse(checked.get("valid").asBoolean(), "the editor says so before publishing");
        assertEquals("clickme.partner.model", checked.at("/errors/0/field").asText(), checked.toString());
        var refused = api.post("/api/experiments", ADMIN, definition.toString());
        assertEquals(400, refused.status(), refused.body());
        assertEquals("clickme.partner.model", refused.json().get("field").asText());
        assertFalse(refused.body().contains(RepositoryFiles.stimuli().toString()), "names no server folder: " + refused.body());
        assertEquals(404, api.get("/api/experiments/no-partner", ADMIN).status(), "nothing was stored");

        ((ObjectNode) definition.at("/clickme/partner")).put("model", "../../fashion-mnist/models/fashion-cnn");
        assertEquals("clickme.partner.model", api.post("/api/experiments", ADMIN, definition.toString()).json().get("field").asText(),
                "a partner is a folder name, not a path");
        assertEquals(201, api.post("/api/experiments", ADMIN, clickmeDemo("with-partner").toString()).status());
    }

    @Test
    void aQueryToAnExperimentWhosePartnerModelIsMissingAnswers503WithoutAPath() {
        // The partner's folder was removed after the experiment was published (here: its stored name changed).
        tandem.dsl().execute("UPDATE experiment SET definition = jsonb_set(definition, '{clickme,partner,model}',"
                + " '\"removed-model\"') WHERE slug = 'clickme-demo'");
        Participant participant = Participant.start(api, "clickme-demo", "{}").screenCheck(60);
        int round = tandem.dsl().select(TRIAL.TRIAL_INDEX).from(TRIAL)
                .where(TRIAL.SESSION_ID.eq(participant.sessionId()), TRIAL.TRIAL_TYPE.eq("clickme"))
                .orderBy(TRIAL.TRIAL_INDEX).limit(1).fetchOne(TRIAL.TRIAL_INDEX);
        var reply = api.post("/api/sessions/" + participant.id() + "/clickme/queries", participant.token(),
                "{\"queryId\":\"" + java.util.UUID.randomUUID() + "\",\"trialIndex\":" + round
                        + ",\"reveals\":[{\"x\":20,\"y\":20,\"size\":14,\"t\":100.0}]}");
        assertEquals(503, reply.status(), reply.body());
        assertTrue(reply.raw().headers().firstValue("Retry-After").isPresent());
        assertFalse(reply.body().contains("/"), "names no path: " + reply.body());
        assertFalse(reply.body().contains("removed-model"), reply.body());
        assertEquals(0, tandem.dsl().fetchCount(CLICKME_QUERY), "nothing stored");
    }
}
