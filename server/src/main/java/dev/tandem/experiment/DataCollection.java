package dev.tandem.experiment;

import dev.tandem.account.Principal;
import dev.tandem.common.ConflictException;
import org.jooq.DSLContext;

/**
 * Whether an experiment takes new participants. Closing refuses new sessions only: sessions
 * already started keep sending responses and complete as usual, so no response is lost.
 */
public final class DataCollection {

    /** What a participant arriving while collection is closed is told (the participant page shows it too). */
    public static final String CLOSED = "This study is not accepting participants right now.";

    private final DSLContext dsl;
    private final ExperimentCatalog catalog;
    private final CatalogRepository repository = new CatalogRepository();

    public DataCollection(DSLContext dsl, ExperimentCatalog catalog) {
        this.dsl = dsl;
        this.catalog = catalog;
    }

    public boolean isOpen(String slug) {
        return repository.collecting(dsl, slug);
    }

    /** Throws 409 (field {@code collection}) while the experiment is closed to new participants. */
    public void requireOpen(String slug) {
        requireOpen(dsl, slug);
    }

    /**
     * As {@link #requireOpen(String)}, inside the transaction that stores a new session: a close
     * that comes while the session is being stored waits for it, and one that came before refuses it.
     */
    public void requireOpen(DSLContext tx, String slug) {
        repository.lockCollection(tx, slug, false);
        if (!repository.collecting(tx, slug)) {
            throw new ConflictException("collection", CLOSED);
        }
    }

    /** Closes collection because the experiment's targetParticipants completed (no one closed it: changed_by null). */
    public void closeOnTarget(String slug) {
        dsl.transaction(tx -> {
            repository.lockCollection(tx.dsl(), slug, true);
            repository.setCollecting(tx.dsl(), slug, false, null);
        });
    }

    /** Opens or closes collection, recording who and when; answers the new state. */
    public boolean setOpen(Principal principal, String slug, boolean open) {
        catalog.require(principal, slug);
        dsl.transaction(tx -> {
            repository.lockCollection(tx.dsl(), slug, true);
            repository.setCollecting(tx.dsl(), slug, open, principal.accountId());
        });
        return open;
    }
}
