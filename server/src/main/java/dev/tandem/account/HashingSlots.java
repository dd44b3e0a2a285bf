package dev.tandem.account;

import dev.tandem.common.ServerBusyException;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Bounds how many password hashes are computed at once. Each Argon2id computation holds its
 * 19 MiB for as long as it runs, and a login with any username (random ones pass the
 * per-username limit) starts one, so ~80 parallel logins could exhaust the heap. Callers take
 * turns in order of arrival; one that waits longer than its limit is told the server is busy.
 */
final class HashingSlots {

    static final long RETRY_AFTER_SECONDS = 5;

    private final Semaphore slots;
    private final Duration wait;

    HashingSlots(int slots, Duration wait) {
        this.slots = new Semaphore(slots, true);
        this.wait = wait;
    }

    /** Two per processor (the hash itself is single-threaded), waiting at most 5 s for one. */
    static HashingSlots forThisMachine() {
        return new HashingSlots(2 * Runtime.getRuntime().availableProcessors(), Duration.ofSeconds(5));
    }

    /** Runs {@code hashing} in a free slot; 503 when none frees up in time. */
    <T> T run(Supplier<T> hashing) {
        try {
            // With a timeout, even a zero one, tryAcquire keeps the semaphore's first-come order.
            if (!slots.tryAcquire(wait.toNanos(), TimeUnit.NANOSECONDS)) {
                throw busy();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw busy();
        }
        try {
            return hashing.get();
        } finally {
            slots.release();
        }
    }

    private static ServerBusyException busy() {
        return new ServerBusyException("too many passwords are being checked at once; try again in "
                + RETRY_AFTER_SECONDS + " s", RETRY_AFTER_SECONDS);
    }
}
