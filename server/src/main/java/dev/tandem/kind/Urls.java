package dev.tandem.kind;

/** Where the browser fetches stored images. */
final class Urls {

    private Urls() {}

    /** The URL of a stored image by its SHA-256; null for null. */
    static String stimulus(String sha256) {
        return sha256 == null ? null : "/stimuli/" + sha256 + ".png";
    }
}
