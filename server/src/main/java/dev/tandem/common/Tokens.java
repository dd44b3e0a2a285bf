package dev.tandem.common;

import java.security.SecureRandom;
import java.util.Base64;

/** Unguessable bearer tokens: 256 random bits, URL-safe. Only their SHA-256 is stored. */
public final class Tokens {

    private static final SecureRandom random = new SecureRandom();

    private Tokens() {}

    public static String newToken() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
