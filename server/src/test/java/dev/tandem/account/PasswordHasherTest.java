package dev.tandem.account;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PasswordHasherTest {

    private final PasswordHasher hasher = new PasswordHasher();

    @Test
    void hashesAreSaltedArgon2idPhcStringsThatVerifyOnlyTheirPassword() {
        String first = hasher.hash("correct horse battery");
        String second = hasher.hash("correct horse battery");
        assertTrue(first.startsWith("$argon2id$v=19$m=19456,t=2,p=1$"), first);
        assertNotEquals(first, second, "a fresh salt per hash");
        assertFalse(first.contains("correct horse"));
        assertTrue(hasher.verify("correct horse battery", first));
        assertTrue(hasher.verify("correct horse battery", second));
        assertFalse(hasher.verify("correct horse batterz", first));
        assertFalse(hasher.verify("correct horse battery", "not a hash"));
    }

    @Test
    void verificationReadsTheParametersFromTheStoredHash() {
        String cheap = new PasswordHasher(1024, 1).hash("old parameters");
        assertTrue(hasher.verify("old parameters", cheap));
    }

    /** A known answer from the reference implementation: {@code echo -n "correct horse battery" | argon2 saltsaltsaltsalt -id -t 2 -k 1024 -p 1 -l 32 -e}. */
    @Test
    void agreesWithTheReferenceImplementation() {
        String reference = "$argon2id$v=19$m=1024,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA$JxBBsCIczbj0w06ojA6U8tpSY1ZOv8uKRtXhMg2EIFc";
        assertTrue(hasher.verify("correct horse battery", reference));
        assertFalse(hasher.verify("correct horse batterz", reference));
    }
}
