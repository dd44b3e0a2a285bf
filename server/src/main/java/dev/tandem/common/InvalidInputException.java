package dev.tandem.common;

/** Input that breaks a rule; {@code field} is the path of the offending field, e.g. {@code responses[3].rtMs}. */
public class InvalidInputException extends RuntimeException {

    private final String field;

    public InvalidInputException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
