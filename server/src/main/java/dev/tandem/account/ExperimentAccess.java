package dev.tandem.account;

import dev.tandem.common.ConflictException;
import dev.tandem.common.NotFoundException;
import java.util.List;
import java.util.Set;
import org.jooq.DSLContext;

/**
 * Which accounts may see an experiment (all its versions, by slug). Admins see every
 * experiment; an experimenter sees those they own or were given. An experiment a caller may not
 * see answers 404, exactly like one that does not exist.
 */
public final class ExperimentAccess {

    private final DSLContext dsl;
    private final AccessRepository repository = new AccessRepository();

    public ExperimentAccess(DSLContext dsl) {
        this.dsl = dsl;
    }

    public boolean canSee(Principal principal, String slug) {
        return principal.isAdmin() || repository.hasAccess(dsl, slug, principal.accountId());
    }

    /** Throws the same 404 a missing experiment gives when {@code principal} may not see it. */
    public void require(Principal principal, String slug) {
        if (!canSee(principal, slug)) {
            throw new NotFoundException("no experiment \"" + slug + "\"");
        }
    }

    /** The slugs an experimenter may see; null for an admin, who sees all. */
    public Set<String> visibleSlugs(Principal principal) {
        return principal.isAdmin() ? null : repository.slugsOf(dsl, principal.accountId());
    }

    /**
     * Records {@code principal} as the owner of a new slug, in the caller's transaction {@code tx}.
     * A slug someone else owns is refused with 409; the deployment token (no account) owns
     * nothing, so only admins see what it makes.
     */
    public void claim(DSLContext tx, Principal principal, String slug) {
        Set<Long> owners = repository.owners(tx, slug);
        if (!owners.isEmpty() && !owners.contains(principal.accountId()) && !principal.isAdmin()) {
            throw new ConflictException("slug", "the slug \"" + slug + "\" is taken by another account's experiment");
        }
        if (owners.isEmpty() && principal.accountId() != null) {
            repository.insertOwner(tx, slug, principal.accountId());
        }
    }

    /** Gives {@code username} access to {@code slug}; only its owner or an admin may. */
    public void share(Principal principal, String slug, String username) {
        require(principal, slug);
        if (!principal.isAdmin() && !repository.owners(dsl, slug).contains(principal.accountId())) {
            throw new NotFoundException("only the owner of \"" + slug + "\" can share it");
        }
        long accountId = repository.accountId(dsl, username)
                .orElseThrow(() -> new NotFoundException("no account \"" + username + "\""));
        repository.insertShared(dsl, slug, accountId);
    }

    /**
     * Throws 404 unless {@code principal} owns {@code slug} or is an admin: deleting data (issue 14)
     * is the owner's decision, not that of an account it was shared with.
     */
    public void requireOwner(Principal principal, String slug) {
        require(principal, slug);
        if (!principal.isAdmin() && !repository.owners(dsl, slug).contains(principal.accountId())) {
            throw new NotFoundException("only the owner of \"" + slug + "\" or an admin can delete its data");
        }
    }

    /** Takes back what {@link #share} gave (issue 14); only the owner or an admin may, and the owner stays. */
    public void revoke(Principal principal, String slug, String username) {
        requireOwner(principal, slug);
        long accountId = repository.accountId(dsl, username)
                .orElseThrow(() -> new NotFoundException("no account \"" + username + "\""));
        if (repository.owners(dsl, slug).contains(accountId)) {
            throw new ConflictException("username", username + " owns \"" + slug + "\"; an owner's access cannot be revoked");
        }
        if (!repository.deleteShared(dsl, slug, accountId)) {
            throw new NotFoundException("\"" + slug + "\" is not shared with " + username);
        }
    }

    public record Grant(String username, String access) {}

    /** Who may see {@code slug}, owner first. */
    public List<Grant> grants(String slug) {
        return repository.grants(dsl, slug);
    }
}
