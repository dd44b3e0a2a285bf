package dev.tandem.session;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;

/** Where a participant's session stands; the wire and database value is {@link #dbName()}. */
public enum SessionStatus {
    /** The trial list is fixed and stored; the screen has not passed a check yet. */
    STARTED("started"),
    /** The screen check passed: frames are planned from the measured refresh rate, and main trials may be stored. */
    SCREEN_CHECKED("screen-checked"),
    /**
     * The screen failed the experiment's requirements (e.g. minRefreshHz) too often and the
     * participant left with the screen-out ending (issue 14): no main trial may be stored.
     */
    SCREENED_OUT("screened-out"),
    /** Every trial has a stored outcome and the completion code has been released. */
    COMPLETED("completed"),
    /** The participant withdrew: the session's data are deleted, only the session row remains (issue 14). */
    WITHDRAWN("withdrawn");

    private final String dbName;

    SessionStatus(String dbName) {
        this.dbName = dbName;
    }

    @JsonValue
    public String dbName() {
        return dbName;
    }

    public static SessionStatus fromDb(String value) {
        return Arrays.stream(values()).filter(s -> s.dbName.equals(value)).findFirst()
                .orElseThrow(() -> new IllegalStateException("unknown session status " + value));
    }

    @Override
    public String toString() {
        return dbName;
    }
}
