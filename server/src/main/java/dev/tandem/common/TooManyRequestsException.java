package dev.tandem.common;

/** Refused until {@code retryAfterSeconds} have passed: 429 with Retry-After, naming what is limited (e.g. the username). */
public class TooManyRequestsException extends RuntimeException {

    private final String field;
    private final long retryAfterSeconds;

    public TooManyRequestsException(String field, String message, long retryAfterSeconds) {
        super(message);
        this.field = field;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public String field() {
        return field;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
