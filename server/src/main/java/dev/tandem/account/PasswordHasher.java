package dev.tandem.account;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Argon2id password hashes (Bouncy Castle) written as PHC strings, with OWASP's minimum
 * parameters: 19 MiB of memory, 2 passes, 1 lane, a 16-byte salt and a 32-byte hash.
 * Verification reads the parameters from the stored string, so they can be raised later.
 * Hashes run in {@link HashingSlots}, so their memory is bounded however many logins arrive.
 */
public final class PasswordHasher {

    private static final Pattern PHC = Pattern.compile(
            "\\$argon2id\\$v=19\\$m=(\\d+),t=(\\d+),p=(\\d+)\\$([A-Za-z0-9+/]+)\\$([A-Za-z0-9+/]+)");
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder B64_DECODER = Base64.getDecoder();

    private final int memoryKiB;
    private final int iterations;
    private final HashingSlots slots;
    private final SecureRandom random = new SecureRandom();

    public PasswordHasher() {
        this(19 * 1024, 2);
    }

    PasswordHasher(int memoryKiB, int iterations) {
        this(memoryKiB, iterations, HashingSlots.forThisMachine());
    }

    PasswordHasher(int memoryKiB, int iterations, HashingSlots slots) {
        this.memoryKiB = memoryKiB;
        this.iterations = iterations;
        this.slots = slots;
    }

    public String hash(String password) {
        byte[] salt = new byte[16];
        random.nextBytes(salt);
        byte[] hash = slots.run(() -> argon2(password, salt, memoryKiB, iterations, 1, 32));
        return "$argon2id$v=19$m=" + memoryKiB + ",t=" + iterations + ",p=1$" + B64.encodeToString(salt) + "$"
                + B64.encodeToString(hash);
    }

    public boolean verify(String password, String phc) {
        Matcher m = PHC.matcher(phc);
        if (!m.matches()) {
            return false;
        }
        byte[] expected = B64_DECODER.decode(m.group(5));
        byte[] salt = B64_DECODER.decode(m.group(4));
        byte[] actual = slots.run(() -> argon2(password, salt, Integer.parseInt(m.group(1)),
                Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)), expected.length));
        return MessageDigest.isEqual(expected, actual);
    }

    private static byte[] argon2(String password, byte[] salt, int memoryKiB, int iterations, int lanes, int length) {
        var generator = new Argon2BytesGenerator();
        generator.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(memoryKiB)
                .withIterations(iterations)
                .withParallelism(lanes)
                .withSalt(salt)
                .build());
        byte[] out = new byte[length];
        generator.generateBytes(password.getBytes(StandardCharsets.UTF_8), out);
        return out;
    }
}
