package dev.tandem.common;

/** The caller is known but the request is refused (for example a missing CSRF token): 403, naming the field at fault. */
public class ForbiddenException extends RuntimeException {

    private final String field;

    public ForbiddenException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
