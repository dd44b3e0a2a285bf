package dev.tandem.experiment;

import static dev.tandem.db.jooq.Tables.ACCOUNT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.account.Principal;
import dev.tandem.account.Role;
import dev.tandem.app.TestTandem;
import dev.tandem.common.ConflictException;
import dev.tandem.common.NotFoundException;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Who sees which experiment, through the console's services with experimenter principals (the
 * HTTP guard's login is the lead's; these are the rules it relies on): an experimenter's
 * experiment is invisible to another until shared, and the list is filtered.
 */
class ExperimentVisibilityTest {

    private static TestTandem tandem;
    private static Principal ada;
    private static Principal ben;
    private static Principal cy;

    @BeforeAll
    static void start() {
        tandem = TestTandem.withBuiltIns();
        ada = experimenter("ada");
        ben = experimenter("ben");
        cy = experimenter("cy");
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

    private static List<String> listedFor(Principal principal) {
        return tandem.catalog().list(principal).stream().map(ExperimentCatalog.Summary::slug).toList();
    }

    @Test
    void anExperimentersDraftIsTheirsAndInvisibleToAnotherUntilShared() {
        tandem.drafts().save(ada, "ada-study", DemoDefinitions.maskedDemo("ada-study"));
        assertEquals(List.of("ada-study"), listedFor(ada), "an experimenter sees only their own");
        assertEquals("ada", tandem.catalog().list(ada).get(0).owner());
        assertFalse(listedFor(ben).contains("ada-study"));
        assertTrue(listedFor(Principal.DEPLOYMENT).containsAll(List.of("ada-study", "masked-demo", "clickme-demo")),
                "an admin sees all");

        assertThrows(NotFoundException.class, () -> tandem.catalog().detail(ben, "ada-study"));
        assertThrows(NotFoundException.class, () -> tandem.drafts().save(ben, "ada-study", DemoDefinitions.maskedDemo("ada-study")));
        assertThrows(NotFoundException.class, () -> tandem.drafts().publish(ben, "ada-study"));
        assertThrows(NotFoundException.class, () -> tandem.drafts().publish(ben, DemoDefinitions.maskedDemo("ada-study")));
        assertThrows(NotFoundException.class, () -> tandem.collection().setOpen(ben, "ada-study", false));
        assertThrows(NotFoundException.class, () -> tandem.monitor().monitor(ben, "ada-study"));
        assertThrows(NotFoundException.class, () -> tandem.catalog().links(ben, "ada-study", "http://x"));
        assertThrows(NotFoundException.class, () -> tandem.catalog().share(ben, "ada-study", "ben"));

        var grants = tandem.catalog().share(ada, "ada-study", "ben");
        assertEquals(Set.of("ada:owner", "ben:shared"),
                grants.stream().map(g -> g.username() + ":" + g.access()).collect(Collectors.toSet()));
        assertTrue(listedFor(ben).contains("ada-study"));
        assertEquals("ada", tandem.catalog().detail(ben, "ada-study").owner());
        tandem.drafts().save(ben, "ada-study", DemoDefinitions.maskedDemo("ada-study").put("title", "Edited by Ben"));
        assertEquals(1, tandem.drafts().publish(ben, "ada-study").version(), "a colleague it was shared with may publish");
        assertThrows(NotFoundException.class, () -> tandem.catalog().share(ben, "ada-study", "cy"),
                "only the owner (or an admin) shares");
        assertFalse(listedFor(cy).contains("ada-study"));
    }

    @Test
    void publishingANewSlugInOneCallMakesTheCallerItsOwner() {
        var published = tandem.drafts().publish(ben, DemoDefinitions.maskedDemo("ben-script"));
        assertTrue(published.created());
        assertEquals("ben", tandem.catalog().detail(ben, "ben-script").owner());
        assertThrows(NotFoundException.class, () -> tandem.catalog().detail(cy, "ben-script"));
        assertThrows(NotFoundException.class, () -> tandem.drafts().publish(cy, DemoDefinitions.maskedDemo("ben-script")),
                "someone else's slug is refused before anything is rendered");
    }

    @Test
    void experimentsLoadedFromTheCommandLineAreSeenByAdminsOnly() {
        assertFalse(listedFor(cy).contains("masked-demo"));
        assertThrows(NotFoundException.class, () -> tandem.catalog().detail(cy, "masked-demo"));
        assertThrows(NotFoundException.class, () -> tandem.drafts().save(cy, "masked-demo", DemoDefinitions.maskedDemo("masked-demo")));
        assertEquals("masked-demo", tandem.catalog().detail(Principal.DEPLOYMENT, "masked-demo").slug());
    }

    @Test
    void aSlugClaimedByAnotherAccountIsAConflict() {
        tandem.dsl().transaction(tx -> tandem.experimentAccess().claim(tx.dsl(), cy, "cy-reserved"));
        assertThrows(ConflictException.class,
                () -> tandem.drafts().save(ben, "cy-reserved", DemoDefinitions.maskedDemo("cy-reserved")));
        tandem.drafts().save(cy, "cy-reserved", DemoDefinitions.maskedDemo("cy-reserved"));
        assertEquals(List.of("cy-reserved"), listedFor(cy));
    }
}
