package dev.tandem.stimulus;

/**
 * A stored stimulus set. {@code manifestSha256} identifies its contents: the canonical manifest
 * and the SHA-256 of every image (see {@link StimulusFolder#contentSha256}).
 */
public record StimulusSet(long id, String name, String version, String manifestSha256, StimulusManifest manifest) {
}
