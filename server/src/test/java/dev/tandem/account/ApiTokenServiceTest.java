package dev.tandem.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.TestDatabase;
import dev.tandem.common.NotFoundException;
import dev.tandem.db.Database;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ApiTokenServiceTest {

    @Test
    void theDeploymentTokenIsGeneratedOnlyOnTheFirstStartAndActsAsAdmin() {
        try (Database database = TestDatabase.fresh()) {
            ApiTokenService tokens = new ApiTokenService(database.dsl());
            Optional<String> generated = tokens.ensure(Optional.empty());
            assertTrue(generated.isPresent());
            assertEquals(Optional.of(Principal.DEPLOYMENT), tokens.principal(generated.get()));
            assertTrue(tokens.ensure(Optional.empty()).isEmpty(), "printed once only");
            assertFalse(tokens.principal("guess").isPresent());
            assertFalse(tokens.principal(null).isPresent());
        }
    }

    @Test
    void twoInstancesStartingAtOnceMakeOneDeploymentTokenAndOnlyTheOneThatMadeItPrintsIt() throws Exception {
        for (int round = 0; round < 5; round++) {
            try (Database database = TestDatabase.fresh()) {
                var first = new ApiTokenService(database.dsl());
                var second = new ApiTokenService(database.dsl());
                List<Optional<String>> printed = Concurrently.atOnce(
                        () -> first.ensure(Optional.empty()),
                        () -> second.ensure(Optional.empty()));

                List<String> tokens = printed.stream().flatMap(Optional::stream).toList();
                assertEquals(1, tokens.size(), "round " + round);
                assertEquals(Optional.of(Principal.DEPLOYMENT), first.principal(tokens.get(0)), "the printed token works");
                assertEquals(1, first.list(Principal.DEPLOYMENT).size(), "one deployment token");
            }
        }
    }

    @Test
    void theConfiguredTokenIsStoredIdempotently() {
        try (Database database = TestDatabase.fresh()) {
            ApiTokenService tokens = new ApiTokenService(database.dsl());
            assertTrue(tokens.ensure(Optional.of("from-env")).isEmpty());
            assertTrue(tokens.ensure(Optional.of("from-env")).isEmpty());
            assertTrue(tokens.principal("from-env").isPresent());
        }
    }

    @Test
    void anAccountsTokenActsAsItUntilRevokedAndOthersCannotRevokeIt() {
        try (Database database = TestDatabase.fresh()) {
            var dsl = database.dsl();
            var accounts = new AccountService(dsl, new PasswordHasher(1024, 1), new LoginSessions(dsl));
            Principal ada = accounts.create("ada", "correct horse battery", Role.EXPERIMENTER).principal();
            Principal bob = accounts.create("bob", "correct horse battery", Role.EXPERIMENTER).principal();
            ApiTokenService tokens = new ApiTokenService(dsl);
            var created = tokens.create(ada, "analysis scripts");
            assertEquals(Optional.of(ada), tokens.principal(created.token()));
            assertEquals(1, tokens.list(ada).size());
            assertEquals(0, tokens.list(bob).size(), "bob sees only his own tokens");
            assertThrows(NotFoundException.class, () -> tokens.revoke(bob, created.id()));
            tokens.revoke(ada, created.id());
            assertFalse(tokens.principal(created.token()).isPresent());
            assertTrue(tokens.list(ada).get(0).revokedAt() != null);
        }
    }
}
