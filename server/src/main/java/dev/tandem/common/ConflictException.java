package dev.tandem.common;

/** The request is well formed but conflicts with what is stored (e.g. a trial already answered). */
public class ConflictException extends InvalidInputException {

    public ConflictException(String field, String message) {
        super(field, message);
    }
}
