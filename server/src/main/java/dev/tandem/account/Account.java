package dev.tandem.account;

import java.time.OffsetDateTime;

/** A console account as shown to admins; the password hash never leaves {@link AccountService}. */
public record Account(long id, String username, Role role, boolean disabled, OffsetDateTime createdAt) {

    public Principal principal() {
        return new Principal(id, username, role);
    }
}
