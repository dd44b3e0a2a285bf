package dev.tandem.upload;

/**
 * How much an upload may weigh: the zip as sent, everything in it once unpacked, and how many
 * entries it may hold. The last two stop a zip bomb, a small archive that unpacks to far more
 * than anyone meant to send.
 *
 * @param maxUploadBytes    the request body (the zip itself)
 * @param maxExtractedBytes the sum of all entries' unpacked sizes
 * @param maxEntries        entries in the zip's central directory, folders and ignored files included
 */
public record UploadLimits(long maxUploadBytes, long maxExtractedBytes, int maxEntries) {

    public static final int DEFAULT_MAX_UPLOAD_MB = 256;
    /** Stimulus images and SavedModel weights compress little; four times the zip is generous. */
    static final int EXTRACTED_PER_UPLOADED = 4;
    static final int MAX_ENTRIES = 100_000;

    public UploadLimits {
        if (maxUploadBytes < 1 || maxExtractedBytes < 1 || maxEntries < 1) {
            throw new IllegalArgumentException("upload limits must be positive");
        }
    }

    /** The limits for a body of at most {@code mebibytes} MiB (TANDEM_MAX_UPLOAD_MB). */
    public static UploadLimits ofMebibytes(int mebibytes) {
        long upload = mebibytes * 1024L * 1024L;
        return new UploadLimits(upload, upload * EXTRACTED_PER_UPLOADED, MAX_ENTRIES);
    }
}
