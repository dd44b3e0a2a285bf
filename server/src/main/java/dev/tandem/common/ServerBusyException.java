package dev.tandem.common;

/** The server has no capacity for this request now; it may succeed after {@code retryAfterSeconds}: 503 with Retry-After. */
public class ServerBusyException extends RuntimeException {

    private final long retryAfterSeconds;

    public ServerBusyException(String message, long retryAfterSeconds) {
        super(message);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
