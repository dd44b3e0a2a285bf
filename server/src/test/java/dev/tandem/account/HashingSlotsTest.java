package dev.tandem.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tandem.common.ServerBusyException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HashingSlotsTest {

    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void stop() {
        release.countDown();
        threads.shutdownNow();
    }

    /** Starts {@code count} hashes that hold their slots until {@link #release}; returns once all are inside. */
    private List<Future<String>> occupy(HashingSlots slots, int count) throws InterruptedException {
        CountDownLatch inside = new CountDownLatch(count);
        List<Future<String>> running = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            running.add(threads.submit(() -> slots.run(() -> {
                inside.countDown();
                await(release);
                return "done";
            })));
        }
        inside.await();
        return running;
    }

    @Test
    void whenEverySlotIsTakenTheNextHashIsToldTheServerIsBusy() throws Exception {
        HashingSlots slots = new HashingSlots(2, Duration.ZERO);
        List<Future<String>> running = occupy(slots, 2);

        var busy = assertThrows(ServerBusyException.class, () -> slots.run(() -> "third"));
        assertEquals(HashingSlots.RETRY_AFTER_SECONDS, busy.retryAfterSeconds());

        release.countDown();
        for (Future<String> hash : running) {
            assertEquals("done", hash.get());
        }
        assertEquals("after", slots.run(() -> "after"), "the slots are free again");
    }

    @Test
    void aHashThatMayWaitGetsTheSlotWhenItFrees() throws Exception {
        HashingSlots slots = new HashingSlots(1, Duration.ofMinutes(1));
        List<Future<String>> running = occupy(slots, 1);
        Future<String> waiting = threads.submit(() -> slots.run(() -> "waited"));

        release.countDown();
        assertEquals("done", running.get(0).get());
        assertEquals("waited", waiting.get());
    }

    @Test
    void aHashThatFailsGivesItsSlotBack() {
        HashingSlots slots = new HashingSlots(1, Duration.ZERO);
        assertThrows(IllegalStateException.class, () -> slots.run(() -> {
            throw new IllegalStateException("broken");
        }));
        assertEquals("next", slots.run(() -> "next"));
    }

    @Test
    void bothHashingAndVerifyingTakeASlot() throws Exception {
        HashingSlots slots = new HashingSlots(1, Duration.ZERO);
        PasswordHasher hasher = new PasswordHasher(1024, 1, slots);
        String stored = hasher.hash("correct horse battery");
        occupy(slots, 1);

        assertThrows(ServerBusyException.class, () -> hasher.hash("correct horse battery"));
        assertThrows(ServerBusyException.class, () -> hasher.verify("correct horse battery", stored));
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
