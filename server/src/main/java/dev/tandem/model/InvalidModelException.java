package dev.tandem.model;

/**
 * A model folder that Tandem refuses: the message names the problem, {@code field} the place
 * (a model.json path such as {@code input.height}, or a file such as {@code saved_model.pb}).
 */
public final class InvalidModelException extends RuntimeException {

    private final String field;

    public InvalidModelException(String field, String message) {
        super(message);
        this.field = field;
    }

    public InvalidModelException(String field, String message, Throwable cause) {
        super(message, cause);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
