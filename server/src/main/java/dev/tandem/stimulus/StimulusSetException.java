package dev.tandem.stimulus;

/**
 * A stimulus set, image or rendering request that Tandem refuses, naming the file (when a file is
 * at fault) and the field. {@link #kind()} tells the HTTP layer which status fits.
 */
public class StimulusSetException extends RuntimeException {

    /** Which kind of refusal this is. */
    public enum Kind {
        /** The input is malformed or breaks a rule (HTTP 422). */
        INVALID,
        /** It names something Tandem does not hold, e.g. an unknown source image (HTTP 404). */
        NOT_FOUND,
        /** It contradicts what is stored, e.g. another manifest under the same name and version (HTTP 409). */
        CONFLICT
    }

    private final Kind kind;
    private final String file;
    private final String field;

    public StimulusSetException(Kind kind, String file, String field, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.file = file;
        this.field = field;
    }

    static StimulusSetException invalid(String file, String field, String message) {
        return new StimulusSetException(Kind.INVALID, file, field, prefixed(file, message), null);
    }

    static StimulusSetException invalid(String file, String field, String message, Throwable cause) {
        return new StimulusSetException(Kind.INVALID, file, field, prefixed(file, message), cause);
    }

    public Kind kind() {
        return kind;
    }

    /** The file at fault, relative to the set folder (e.g. {@code manifest.json}), or null. */
    public String file() {
        return file;
    }

    /** The path of the field at fault (e.g. {@code images[12].category}), or null. */
    public String field() {
        return field;
    }

    private static String prefixed(String file, String message) {
        return file == null ? message : file + ": " + message;
    }
}
