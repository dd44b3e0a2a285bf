package dev.tandem.http;

import dev.tandem.common.InvalidInputException;
import dev.tandem.upload.UploadBody;
import io.javalin.http.Context;
import java.util.Locale;

/**
 * Zip request bodies, handed on as streams: Javalin's 2 MB {@code maxRequestSize} only guards
 * bodies it reads into memory, so the upload services count the bytes themselves.
 */
final class ZipBodies {

    private ZipBodies() {}

    /** {@code application/zip}, or {@code application/x-zip-compressed}, as browsers on Windows label zips. */
    static boolean isZip(Context ctx) {
        String type = ctx.contentType();
        if (type == null) {
            return false;
        }
        String mediaType = type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return mediaType.equals("application/zip") || mediaType.equals("application/x-zip-compressed");
    }

    /** The body, unread, with the length the client declared. */
    static UploadBody zip(Context ctx) {
        if (!isZip(ctx)) {
            throw new InvalidInputException("Content-Type", "send the zip itself with Content-Type: application/zip, "
                    + "not " + (ctx.contentType() == null ? "no Content-Type" : ctx.contentType()));
        }
        return new UploadBody(ctx.bodyInputStream(), ctx.req().getContentLengthLong());
    }
}
