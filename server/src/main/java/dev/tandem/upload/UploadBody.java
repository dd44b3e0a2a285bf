package dev.tandem.upload;

import java.io.InputStream;

/**
 * A request body as it arrives: the stream, not yet read, and the length the client declared
 * ({@code Content-Length}; -1 when it sent none, e.g. chunked).
 */
public record UploadBody(InputStream stream, long declaredLength) {
}
