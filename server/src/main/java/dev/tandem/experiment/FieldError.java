package dev.tandem.experiment;

import dev.tandem.common.InvalidInputException;

/**
 * One thing wrong with an experiment definition: the path of the field (e.g.
 * {@code conditions.durationsMs[2]}; empty for the document itself) and what is wrong with it.
 */
public record FieldError(String field, String message) {

    public InvalidInputException toException() {
        return new InvalidInputException(field, message);
    }
}
