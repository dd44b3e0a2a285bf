package dev.tandem.admin;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.TestDatabase;
import dev.tandem.db.Database;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AdminTokenServiceTest {

    @Test
    void aTokenIsGeneratedOnlyOnTheFirstStartAndThenValid() {
        try (Database database = TestDatabase.fresh()) {
            AdminTokenService tokens = new AdminTokenService(database.dsl());
            Optional<String> generated = tokens.ensure(Optional.empty());
            assertTrue(generated.isPresent());
            assertTrue(tokens.valid(generated.get()));
            assertTrue(tokens.ensure(Optional.empty()).isEmpty(), "printed once only");
            assertFalse(tokens.valid("guess"));
            assertFalse(tokens.valid(null));
        }
    }

    @Test
    void theConfiguredTokenIsStoredIdempotently() {
        try (Database database = TestDatabase.fresh()) {
            AdminTokenService tokens = new AdminTokenService(database.dsl());
            assertTrue(tokens.ensure(Optional.of("from-env")).isEmpty());
            assertTrue(tokens.ensure(Optional.of("from-env")).isEmpty());
            assertTrue(tokens.valid("from-env"));
        }
    }
}
