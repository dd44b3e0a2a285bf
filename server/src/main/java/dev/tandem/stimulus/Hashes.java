package dev.tandem.stimulus;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** SHA-256 as Tandem writes it: 64 lower-case hex digits. */
final class Hashes {

    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    private Hashes() {
    }

    static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(digest(bytes));
    }

    static byte[] digest(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    static byte[] digest(String text) {
        return digest(text.getBytes(StandardCharsets.UTF_8));
    }

    static boolean isSha256(String text) {
        return text != null && SHA256.matcher(text).matches();
    }
}
