package dev.tandem.upload;

import dev.tandem.common.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * An uploaded zip copied to disk as it streams in, never held whole in memory, with the SHA-256
 * of its bytes. The declared length is checked before the first byte is read, and the bytes are
 * counted while they arrive, since a client may declare nothing or lie.
 */
record SpooledZip(Path file, String sha256, long bytes) {

    private static final int BUFFER_BYTES = 64 * 1024;

    /**
     * Writes {@code body} to {@code file} (which must not exist yet).
     *
     * @throws UploadTooLargeException over {@code maxBytes}; the partial file is deleted
     * @throws InvalidInputException   when the body is empty
     */
    static SpooledZip write(UploadBody body, long maxBytes, Path file) {
        if (body.declaredLength() > maxBytes) {
            throw tooLarge(body.declaredLength() + " bytes", maxBytes);
        }
        MessageDigest sha256 = newSha256();
        long total = 0;
        try (InputStream in = body.stream();
             OutputStream out = new DigestOutputStream(Files.newOutputStream(file, StandardOpenOption.CREATE_NEW,
                     StandardOpenOption.WRITE), sha256)) {
            byte[] buffer = new byte[BUFFER_BYTES];
            for (int n; (n = read(in, buffer, total)) >= 0; ) {
                total += n;
                if (total > maxBytes) {
                    throw tooLarge("more than " + maxBytes + " bytes", maxBytes);
                }
                out.write(buffer, 0, n);
            }
        } catch (IOException e) {
            deleteQuietly(file);
            throw new UncheckedIOException("receiving the upload failed: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            deleteQuietly(file);
            throw e;
        }
        if (total == 0) {
            deleteQuietly(file);
            throw new InvalidInputException("body", "the body is empty; send the zip itself (Content-Type: application/zip)");
        }
        return new SpooledZip(file, HexFormat.of().formatHex(sha256.digest()), total);
    }

    /** A body that breaks off is the client's problem (400); a disk that fails to write is ours (500). */
    private static int read(InputStream in, byte[] buffer, long received) {
        try {
            return in.read(buffer);
        } catch (IOException e) {
            throw new InvalidInputException("body", "the upload broke off after " + received + " bytes: " + e.getMessage());
        }
    }

    private static UploadTooLargeException tooLarge(String size, long maxBytes) {
        return new UploadTooLargeException("body", "the upload is " + size + "; the limit is " + maxBytes
                + " bytes (" + maxBytes / (1024 * 1024) + " MiB, set by TANDEM_MAX_UPLOAD_MB)");
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // the caller's work folder is removed as a whole anyway
        }
    }
}
