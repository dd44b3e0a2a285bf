package dev.tandem.account;

import static dev.tandem.db.jooq.Tables.ACCOUNT;
import static dev.tandem.db.jooq.Tables.EXPERIMENT_ACCESS;

import dev.tandem.common.ConflictException;
import dev.tandem.common.NotFoundException;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.jooq.DSLContext;

/**
 * Which accounts may see an experiment (all its versions, by slug). Admins see every
 * experiment; an experimenter sees those they own or were given. An experiment a caller may not
 * see answers 404, exactly like one that does not exist.
 */
public final class ExperimentAccess {

    private final DSLContext dsl;

    public ExperimentAccess(DSLContext dsl) {
        this.dsl = dsl;
    }

    public boolean canSee(Principal principal, String slug) {
        return principal.isAdmin() || dsl.fetchExists(EXPERIMENT_ACCESS,
                EXPERIMENT_ACCESS.SLUG.eq(slug).and(EXPERIMENT_ACCESS.ACCOUNT_ID.eq(principal.accountId())));
    }

    /** Throws the same 404 a missing experiment gives when {@code principal} may not see it. */
    public void require(Principal principal, String slug) {
        if (!canSee(principal, slug)) {
            throw new NotFoundException("no experiment \"" + slug + "\"");
        }
    }

    /** The slugs an experimenter may see; null for an admin, who sees all. */
    public Set<String> visibleSlugs(Principal principal) {
        if (principal.isAdmin()) {
            return null;
        }
        return dsl.select(EXPERIMENT_ACCESS.SLUG).from(EXPERIMENT_ACCESS)
                .where(EXPERIMENT_ACCESS.ACCOUNT_ID.eq(principal.accountId()))
                .fetchSet(EXPERIMENT_ACCESS.SLUG);
    }

    /**
     * Records {@code principal} as the owner of a new slug. A slug someone else owns is refused
     * with 409; the deployment token (no account) owns nothing, so only admins see what it makes.
     */
    public void claim(DSLContext tx, Principal principal, String slug) {
        var owner = tx.select(EXPERIMENT_ACCESS.ACCOUNT_ID).from(EXPERIMENT_ACCESS)
                .where(EXPERIMENT_ACCESS.SLUG.eq(slug).and(EXPERIMENT_ACCESS.ACCESS.eq("owner")))
                .fetchOptional(EXPERIMENT_ACCESS.ACCOUNT_ID);
        if (owner.isPresent() && !owner.get().equals(principal.accountId()) && !principal.isAdmin()) {
            throw new ConflictException("slug", "the slug \"" + slug + "\" is taken by another account's experiment");
        }
        if (owner.isEmpty() && principal.accountId() != null) {
            tx.insertInto(EXPERIMENT_ACCESS)
                    .set(EXPERIMENT_ACCESS.SLUG, slug)
                    .set(EXPERIMENT_ACCESS.ACCOUNT_ID, principal.accountId())
                    .set(EXPERIMENT_ACCESS.ACCESS, "owner")
                    .onConflict(EXPERIMENT_ACCESS.SLUG, EXPERIMENT_ACCESS.ACCOUNT_ID).doUpdate()
                    .set(EXPERIMENT_ACCESS.ACCESS, "owner")
                    .execute();
        }
    }

    /** Gives {@code username} access to {@code slug}; only its owner or an admin may. */
    public void share(Principal principal, String slug, String username) {
        require(principal, slug);
        if (!principal.isAdmin() && !owner(slug).contains(principal.accountId())) {
            throw new NotFoundException("only the owner of \"" + slug + "\" can share it");
        }
        Long accountId = dsl.select(ACCOUNT.ID).from(ACCOUNT).where(ACCOUNT.USERNAME.eq(username))
                .fetchOptional(ACCOUNT.ID)
                .orElseThrow(() -> new NotFoundException("no account \"" + username + "\""));
        dsl.insertInto(EXPERIMENT_ACCESS)
                .set(EXPERIMENT_ACCESS.SLUG, slug)
                .set(EXPERIMENT_ACCESS.ACCOUNT_ID, accountId)
                .set(EXPERIMENT_ACCESS.ACCESS, "shared")
                .onConflictDoNothing()
                .execute();
    }

    public record Grant(String username, String access) {}

    /** Who may see {@code slug}, owner first. */
    public List<Grant> grants(String slug) {
        return dsl.select(ACCOUNT.USERNAME, EXPERIMENT_ACCESS.ACCESS)
                .from(EXPERIMENT_ACCESS).join(ACCOUNT).on(ACCOUNT.ID.eq(EXPERIMENT_ACCESS.ACCOUNT_ID))
                .where(EXPERIMENT_ACCESS.SLUG.eq(slug))
                .orderBy(EXPERIMENT_ACCESS.ACCESS, ACCOUNT.USERNAME)
                .fetch(r -> new Grant(r.value1(), r.value2()));
    }

    private Set<Long> owner(String slug) {
        return dsl.select(EXPERIMENT_ACCESS.ACCOUNT_ID).from(EXPERIMENT_ACCESS)
                .where(EXPERIMENT_ACCESS.SLUG.eq(slug).and(EXPERIMENT_ACCESS.ACCESS.eq("owner")))
                .fetch(EXPERIMENT_ACCESS.ACCOUNT_ID).stream().collect(Collectors.toSet());
    }
}
