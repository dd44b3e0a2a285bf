package dev.tandem.upload;

/**
 * An upload over one of its {@link UploadLimits}: the body itself ({@code field} "body") or what
 * it unpacks to ({@code field} "file", the message naming the entry where the limit was crossed).
 */
public final class UploadTooLargeException extends RuntimeException {

    private final String field;

    UploadTooLargeException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
