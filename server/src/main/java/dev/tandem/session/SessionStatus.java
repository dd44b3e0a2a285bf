package dev.tandem.session;

/** Where a participant's session stands; {@link #wire()} is the value stored and sent. */
public enum SessionStatus {
    /** The trial list is fixed and stored. */
    STARTED("started"),
    /** The refresh rate is measured and every trial's frames are planned from it. */
    SCREEN_CHECKED("screen-checked"),
    /** The screen check failed too often; the participant left with the screen-out ending (issue 14). */
    SCREENED_OUT("screened-out"),
    /** Every response is stored and the completion code released. */
    COMPLETED("completed"),
    /** The participant withdrew: the session's data are deleted, only the session row remains (issue 14). */
    WITHDRAWN("withdrawn");

    private final String wire;

    SessionStatus(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }
}
