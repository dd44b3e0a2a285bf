package dev.tandem.stimulus;

/** Image bytes held by Tandem under their SHA-256, as served at {@code /stimuli/{sha256}.png}. */
public record StoredImage(String sha256, String mediaType, int width, int height, byte[] bytes) {
}
