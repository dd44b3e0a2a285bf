package dev.tandem.stimulus;

/**
 * One image of a stored set: its position in the manifest, its file, true category, index in the
 * original data set (null when the manifest gives none) and the SHA-256 of its bytes.
 */
public record SetImage(int imageIndex, String file, String category, Integer sourceIndex, String sourceSha256) {
}
