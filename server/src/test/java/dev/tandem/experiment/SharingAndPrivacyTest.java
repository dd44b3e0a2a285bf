package dev.tandem.experiment;

import static dev.tandem.db.jooq.Tables.ACCOUNT;
import static dev.tandem.db.jooq.Tables.STIMULUS_SET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.account.Principal;
import dev.tandem.account.Role;
import dev.tandem.app.TestTandem;
import dev.tandem.common.ConflictException;
import dev.tandem.common.NotFoundException;
import dev.tandem.stimulus.StimulusCatalog;
import dev.tandem.stimulus.StimulusSetException;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Sharing can be taken back, and an uploaded stimulus set is its uploader's unless shared (issue 14). */
class SharingAndPrivacyTest {

    private static TestTandem tandem;
    private static Principal ada;
    private static Principal ben;

    @BeforeAll
    static void start() {
        tandem = TestTandem.withBuiltIns();
        ada = experimenter("ada");
        ben = experimenter("ben");
    }

    @AfterAll
    static void stop() {
        tandem.close();
    }

    private static Principal experimenter(String username) {
        Long id = tandem.dsl().insertInto(ACCOUNT)
                .set(ACCOUNT.USERNAME, username)
                .set(ACCOUNT.PASSWORD_HASH, "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA")
                .set(ACCOUNT.ROLE, "experimenter")
                .returning(ACCOUNT.ID).fetchOne(ACCOUNT.ID);
        return new Principal(id, username, Role.EXPERIMENTER);
    }

    private static List<String> setsSeenBy(Principal principal) {
        return tandem.stimulusCatalog().summaries(principal).stream().map(StimulusCatalog.Summary::name).toList();
    }

    @Test
    void anUploadedSetIsSeenByItsUploaderAndByThoseAnExperimentUsingItIsSharedWithUntilTheShareIsRevoked() {
        // As if ada had uploaded the demo's set through the console
        tandem.dsl().update(STIMULUS_SET).set(STIMULUS_SET.UPLOADED_BY, ada.accountId())
                .where(STIMULUS_SET.NAME.eq("fashion-mnist")).execute();
        long setId = tandem.dsl().select(STIMULUS_SET.ID).from(STIMULUS_SET).where(STIMULUS_SET.NAME.eq("fashion-mnist"))
                .fetchSingle(STIMULUS_SET.ID);
        assertTrue(setsSeenBy(ada).contains("fashion-mnist"));
        assertTrue(setsSeenBy(Principal.DEPLOYMENT).contains("fashion-mnist"), "an admin sees every set");
        assertFalse(setsSeenBy(ben).contains("fashion-mnist"), "another lab does not see it");
        assertThrows(StimulusSetException.class, () -> tandem.stimulusCatalog().images(setId, null, 5, ben));

        tandem.drafts().publish(ada, DemoDefinitions.maskedDemo("ada-private"));
        tandem.catalog().share(ada, "ada-private", "ben");
        assertTrue(setsSeenBy(ben).contains("fashion-mnist"), "shared through the experiment that uses it");
        assertEquals(5, tandem.stimulusCatalog().images(setId, null, 5, ben).size());

        assertThrows(NotFoundException.class, () -> tandem.catalog().revoke(ben, "ada-private", "ben"),
                "only the owner (or an admin) takes a share back");
        assertThrows(ConflictException.class, () -> tandem.catalog().revoke(ada, "ada-private", "ada"), "the owner stays");
        var grants = tandem.catalog().revoke(ada, "ada-private", "ben");
        assertEquals(List.of("ada"), grants.stream().map(g -> g.username()).toList());
        assertThrows(NotFoundException.class, () -> tandem.catalog().detail(ben, "ada-private"));
        assertFalse(setsSeenBy(ben).contains("fashion-mnist"));
        assertThrows(NotFoundException.class, () -> tandem.catalog().revoke(ada, "ada-private", "ben"), "nothing left to revoke");
    }

    @Test
    void onlyUnusedExperimentsStimulusSetsAndModelsAreDeleted() {
        tandem.drafts().publish(ada, DemoDefinitions.maskedDemo("ada-unused"));
        tandem.drafts().publish(ada, DemoDefinitions.maskedDemo("ada-used"));
        tandem.collection().setOpen(ada, "ada-used", true);
        tandem.sessions().start("ada-used", java.util.Map.of());

        assertThrows(NotFoundException.class, () -> tandem.drafts().deleteUnused(ben, "ada-unused"), "not ben's");
        assertThrows(ConflictException.class, () -> tandem.drafts().deleteUnused(ada, "ada-used"), "a session refers to it");
        tandem.drafts().deleteUnused(ada, "ada-unused");
        assertThrows(NotFoundException.class, () -> tandem.catalog().detail(ada, "ada-unused"));
        assertTrue(listedSlugs().contains("ada-used"));

        long setId = tandem.dsl().select(STIMULUS_SET.ID).from(STIMULUS_SET).where(STIMULUS_SET.NAME.eq("fashion-mnist"))
                .fetchSingle(STIMULUS_SET.ID);
        assertThrows(ConflictException.class, () -> tandem.stimulusCatalog().deleteUnused(setId, Principal.DEPLOYMENT),
                "experiments are built on it");

        long unusedSet = tandem.dsl().insertInto(STIMULUS_SET)
                .set(STIMULUS_SET.NAME, "unused-set").set(STIMULUS_SET.VERSION, "1")
                .set(STIMULUS_SET.MANIFEST, org.jooq.JSONB.valueOf("{\"categories\":[\"a\"]}"))
                .set(STIMULUS_SET.MANIFEST_SHA256, "0".repeat(64)).set(STIMULUS_SET.UPLOADED_BY, ada.accountId())
                .returning(STIMULUS_SET.ID).fetchOne(STIMULUS_SET.ID);
        assertThrows(StimulusSetException.class, () -> tandem.stimulusCatalog().deleteUnused(unusedSet, ben));
        tandem.stimulusCatalog().deleteUnused(unusedSet, ada);
        assertEquals(0, tandem.dsl().fetchCount(STIMULUS_SET, STIMULUS_SET.ID.eq(unusedSet)));

        var model = tandem.models().find("fashion-cnn");
        tandem.scoring().createJob("fashion-cnn", "masked-demo");
        assertThrows(ConflictException.class, () -> tandem.models().deleteUnused(model.id()), "a job refers to it");
    }

    private static List<String> listedSlugs() {
        return tandem.catalog().list(Principal.DEPLOYMENT).stream().map(ExperimentCatalog.Summary::slug).toList();
    }
}
