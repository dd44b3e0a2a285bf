package dev.tandem.http;

import static dev.tandem.db.jooq.Tables.EXPERIMENT_COLLECTION;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.app.TestTandem;
import dev.tandem.experiment.DataCollection;
import dev.tandem.experiment.DemoDefinitions;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Closing and re-opening data collection over HTTP: new sessions are refused, started ones lose nothing. */
class DataCollectionApiTest {

    private static final String ADMIN = TestTandem.ADMIN_TOKEN;
    private static final String SLUG = "collection-demo";

    private static TestTandem tandem;
    private static ApiClient api;

    @BeforeAll
    static void start() {
        tandem = TestTandem.withBuiltIns();
        api = new ApiClient(tandem.startHttp());
        assertEquals(201, api.post("/api/experiments", ADMIN, DemoDefinitions.maskedDemo(SLUG).toString()).status());
        assertEquals(409, api.post("/api/experiments/" + SLUG + "/sessions", null, "{}").status(),
                "publishing does not open collection (issue 14)");
        assertEquals(200, setOpen(true).status());
    }

    @AfterAll
    static void stop() {
        tandem.close();
    }

    private static ApiClient.Reply setOpen(boolean open) {
        return api.post("/api/experiments/" + SLUG + "/collection", ADMIN, "{\"open\":" + open + "}");
    }

    @Test
    void whileClosedNewSessionsAre409ButAStartedSessionStoresItsResponsesAndCompletes() {
        Participant started = Participant.start(api, SLUG, "{}").screenCheck(60);
        started.answer(tandem.dsl(), 10);

        var closed = setOpen(false);
        assertEquals(200, closed.status(), closed.body());
        assertFalse(closed.json().get("collecting").asBoolean());
        var refused = api.post("/api/experiments/" + SLUG + "/sessions", null, "{}");
        assertEquals(409, refused.status(), refused.body());
        assertEquals("collection", refused.json().get("field").asText());
        assertEquals(DataCollection.CLOSED, refused.json().get("error").asText());
        assertFalse(api.get("/api/experiments/" + SLUG, ADMIN).json().get("collecting").asBoolean());

        assertEquals(60, started.answer(tandem.dsl(), 60).json().get("confirmed").size(),
                "the rest of its responses are stored");
        var completed = started.complete();
        assertEquals(200, completed.status(), completed.body());
        assertEquals("TANDEM-DEMO", completed.json().get("code").asText());
        JsonNode state = api.get("/api/sessions/" + started.id(), started.token()).json();
        assertEquals("completed", state.get("status").asText());

        var opened = setOpen(true);
        assertTrue(opened.json().get("collecting").asBoolean());
        Participant.start(api, SLUG, "{}");
        var row = tandem.dsl().selectFrom(EXPERIMENT_COLLECTION).where(EXPERIMENT_COLLECTION.SLUG.eq(SLUG)).fetchSingle();
        assertTrue(row.getOpen());
        assertNotNull(row.getChangedAt(), "who and when is recorded (the deployment token has no account)");
    }

    @Test
    void aCloseWaitsForASessionBeingStoredAndEveryLaterStartIsRefused() throws Exception {
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        var storing = CompletableFuture.runAsync(() -> tandem.dsl().transaction(tx -> {
            tandem.collection().requireOpen(tx.dsl(), SLUG); // where a session start checks, before its insert
            inside.countDown();
            release.await();
        }));
        assertTrue(inside.await(30, TimeUnit.SECONDS));
        var closing = CompletableFuture.supplyAsync(() -> setOpen(false));
        Thread.sleep(300);
        assertFalse(closing.isDone(), "the close waits until the session being stored is committed");
        release.countDown();
        storing.get(30, TimeUnit.SECONDS);
        assertEquals(200, closing.get(30, TimeUnit.SECONDS).status());
        assertEquals(409, api.post("/api/experiments/" + SLUG + "/sessions", null, "{}").status());
        assertEquals(200, setOpen(true).status());
    }

    @Test
    void aCollectionChangeNeedsOpenAndAnExistingExperiment() {
        assertEquals("open", api.post("/api/experiments/" + SLUG + "/collection", ADMIN, "{}").json().get("field").asText());
        assertEquals("open", api.post("/api/experiments/" + SLUG + "/collection", ADMIN, "{\"open\":\"yes\"}")
                .json().get("field").asText());
        assertEquals(404, api.post("/api/experiments/nope/collection", ADMIN, "{\"open\":false}").status());
        assertEquals(0, tandem.dsl().fetchCount(EXPERIMENT_COLLECTION, EXPERIMENT_COLLECTION.SLUG.eq("nope")));
    }
}
