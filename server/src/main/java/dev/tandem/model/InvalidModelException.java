package dev.tandem.model;

import dev.tandem.common.InvalidInputException;

/**
 * A model folder that Tandem refuses: the message names the problem, {@code field} the place
 * (a model.json path such as {@code input.height}, or a file such as {@code saved_model.pb}).
 */
public final class InvalidModelException extends InvalidInputException {

    public InvalidModelException(String field, String message) {
        super(field, message);
    }

    public InvalidModelException(String field, String message, Throwable cause) {
        super(field, message);
        initCause(cause);
    }
}
