package dev.tandem.common;

/** The caller is known but the request is refused (for example a missing CSRF token): 403. */
public class ForbiddenException extends RuntimeException {

    public ForbiddenException(String message) {
        super(message);
    }
}
