package dev.tandem.account;

import dev.tandem.common.InvalidInputException;

/** What an account may do: an admin sees and manages everything; an experimenter sees the experiments they own or were given. */
public enum Role {
    ADMIN,
    EXPERIMENTER;

    public String dbName() {
        return name().toLowerCase();
    }

    public static Role parse(String value, String field) {
        for (Role role : values()) {
            if (role.dbName().equals(value)) {
                return role;
            }
        }
        throw new InvalidInputException(field, field + " must be admin or experimenter, was \"" + value + "\"");
    }
}
