package dev.tandem.common;

/** Understood and valid in form, but refused by the experiment's rules (e.g. a too slow screen). */
public class RefusedException extends InvalidInputException {

    public RefusedException(String field, String message) {
        super(field, message);
    }
}
