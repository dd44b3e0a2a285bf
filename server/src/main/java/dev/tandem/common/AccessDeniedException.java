package dev.tandem.common;

/** The caller's token does not grant access to this resource. */
public class AccessDeniedException extends RuntimeException {

    public AccessDeniedException(String message) {
        super(message);
    }
}
