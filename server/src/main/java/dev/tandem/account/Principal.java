package dev.tandem.account;

/**
 * Who makes a console or API call. {@code accountId} is null only for the deployment's own
 * admin token (TANDEM_ADMIN_TOKEN or the one printed on first start), which belongs to no account.
 */
public record Principal(Long accountId, String username, Role role) {

    public static final Principal DEPLOYMENT = new Principal(null, "admin-token", Role.ADMIN);

    public boolean isAdmin() {
        return role == Role.ADMIN;
    }
}
