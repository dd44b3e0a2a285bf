package dev.tandem.account;

import static dev.tandem.db.jooq.Tables.LOGIN_ATTEMPT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.TestDatabase;
import dev.tandem.common.AccessDeniedException;
import dev.tandem.common.ConflictException;
import dev.tandem.common.ServerBusyException;
import dev.tandem.common.TooManyRequestsException;
import dev.tandem.db.Database;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class AccountServiceTest {

    private static final String PASSWORD = "a long enough password";

    @Test
    void twoAdminsDisablingEachOtherAtOnceLeaveOneEnabledAdminAndTheSecondIsRefused() throws Exception {
        try (Database database = TestDatabase.fresh()) {
            var dsl = database.dsl();
            var accounts = new AccountService(dsl, new PasswordHasher(1024, 1), new LoginSessions(dsl));
            Account survivor = null;
            for (int round = 0; round < 10; round++) {
                Account first = accounts.create("first-" + round, PASSWORD, Role.ADMIN);
                Account second = accounts.create("second-" + round, PASSWORD, Role.ADMIN);
                if (survivor != null) {
                    accounts.update(survivor.id(), new AccountService.Change(null, true, null));
                }
                var disable = new AccountService.Change(null, true, null);
                List<Throwable> outcomes = Concurrently.atOnce(
                        () -> thrownBy(() -> accounts.update(first.id(), disable)),
                        () -> thrownBy(() -> accounts.update(second.id(), disable)));

                List<Account> enabledAdmins = accounts.list().stream()
                        .filter(a -> a.role() == Role.ADMIN && !a.disabled()).toList();
                assertEquals(1, enabledAdmins.size(), "round " + round + ": " + outcomes);
                int refused = outcomes.get(0) == null ? 1 : 0;
                assertNull(outcomes.get(1 - refused), "round " + round);
                var conflict = assertInstanceOf(ConflictException.class, outcomes.get(refused), "round " + round);
                assertEquals("disabled", conflict.field());
                survivor = enabledAdmins.get(0);
            }
        }
    }

    @Test
    void theRightPasswordForgetsEarlierFailuresAndRefusedAttemptsDoNotCount() {
        try (Database database = TestDatabase.fresh()) {
            var dsl = database.dsl();
            var accounts = new AccountService(dsl, new PasswordHasher(1024, 1), new LoginSessions(dsl));
            accounts.create("ada", PASSWORD, Role.EXPERIMENTER);
            for (int i = 0; i < 4; i++) {
                assertThrows(AccessDeniedException.class, () -> accounts.authenticate("ada", "a wrong password"));
            }
            assertEquals("ada", accounts.authenticate("ada", PASSWORD).username());
            for (int i = 0; i < 5; i++) {
                assertThrows(AccessDeniedException.class, () -> accounts.authenticate("ada", "a wrong password"));
            }
            for (int i = 0; i < 3; i++) {
                var refused = assertThrows(TooManyRequestsException.class, () -> accounts.authenticate("ada", PASSWORD));
                assertEquals("username", refused.field());
            }
            assertEquals(5, dsl.fetchCount(LOGIN_ATTEMPT), "the five failures; the refused attempts are withdrawn");
        }
    }

    @Test
    void loginsTurnedAwayWhileEveryHashingSlotIsTakenAreNotCountedAsFailures() throws Exception {
        try (Database database = TestDatabase.fresh()) {
            var dsl = database.dsl();
            var slots = new HashingSlots(1, Duration.ZERO);
            var accounts = new AccountService(dsl, new PasswordHasher(1024, 1, slots), new LoginSessions(dsl));
            accounts.create("ada", PASSWORD, Role.EXPERIMENTER);
            CountDownLatch inside = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            Thread otherLogin = new Thread(() -> slots.run(() -> {
                inside.countDown();
                try {
                    return release.await(1, TimeUnit.MINUTES);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }));
            otherLogin.start();
            inside.await();
            for (int i = 0; i < 6; i++) {
                assertThrows(ServerBusyException.class, () -> accounts.authenticate("ada", "a wrong password"));
            }
            release.countDown();
            otherLogin.join();

            assertEquals(0, dsl.fetchCount(LOGIN_ATTEMPT));
            assertEquals("ada", accounts.authenticate("ada", PASSWORD).username());
        }
    }

    @Test
    void twoInstancesStartingAtOnceMakeOneAdminAndOnlyTheOneThatMadeItPrintsItsPassword() throws Exception {
        for (int round = 0; round < 5; round++) {
            try (Database database = TestDatabase.fresh()) {
                var dsl = database.dsl();
                var first = new AccountService(dsl, new PasswordHasher(1024, 1), new LoginSessions(dsl));
                var second = new AccountService(dsl, new PasswordHasher(1024, 1), new LoginSessions(dsl));
                List<Optional<String>> printed = Concurrently.atOnce(
                        () -> first.ensureFirstAdmin(Optional.empty()),
                        () -> second.ensureFirstAdmin(Optional.empty()));

                List<String> passwords = printed.stream().flatMap(Optional::stream).toList();
                assertEquals(1, passwords.size(), "round " + round);
                assertEquals(Role.ADMIN, first.authenticate("admin", passwords.get(0)).role(), "the printed password works");
                assertTrue(first.ensureFirstAdmin(Optional.empty()).isEmpty(), "printed once only");
            }
        }
    }

    private static Throwable thrownBy(Runnable call) {
        try {
            call.run();
            return null;
        } catch (RuntimeException e) {
            return e;
        }
    }
}
