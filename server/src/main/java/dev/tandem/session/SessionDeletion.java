package dev.tandem.session;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.account.ExperimentAccess;
import dev.tandem.account.Principal;
import dev.tandem.common.Hashes;
import dev.tandem.common.InvalidInputException;
import dev.tandem.common.NotFoundException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jooq.DSLContext;

/**
 * Deleting participants' data (issue 14): a session on the lab's decision, every session of a
 * recruitment id (a GDPR request), the pilot sessions, and a participant's own withdrawal with
 * the one-time code from the completion page. Each deletion runs in one transaction, frees the
 * assignment slot of a real participant's session (the next participant fills its cells, so the
 * design stays balanced) and leaves an audit entry of who, when, what and how many rows, never
 * the deleted data. A withdrawn session keeps an empty row, so the overview can count it.
 */
public final class SessionDeletion {

    private static final int MAX_REASON = 1000;

    private final DSLContext dsl;
    private final ObjectMapper json;
    private final ExperimentAccess access;
    private final DeletionRepository repository = new DeletionRepository();

    public SessionDeletion(DSLContext dsl, ObjectMapper json, ExperimentAccess access) {
        this.dsl = dsl;
        this.json = json;
        this.access = access;
    }

    /** What one deletion removed: sessions and rows per table. */
    public record Deleted(int sessions, Map<String, Integer> rows) {}

    /** An audit entry: who deleted (null: the deployment's admin token or the participant), when, what, how many rows. */
    public record AuditEntry(long id, OffsetDateTime deletedAt, String deletedBy, String what, String reason,
                             Map<String, Integer> rows) {}

    /** Deletes one session and everything recorded in it; owner or admin only (else 404). */
    public Deleted deleteSession(Principal principal, UUID sessionId, String reason) {
        var target = repository.target(dsl, sessionId)
                .orElseThrow(() -> new NotFoundException("no session " + sessionId));
        access.requireOwner(principal, target.slug()); // before any validation: others learn nothing
        String why = reason(reason);
        return delete(principal.accountId(), "session", target.slug(), why, List.of(target), false);
    }

    /** Deletes every session of {@code slug} whose recruitment parameters hold {@code recruitmentId}. */
    public Deleted deleteRecruitmentId(Principal principal, String slug, String recruitmentId, String reason) {
        String why = reason(reason);
        access.requireOwner(principal, slug);
        if (recruitmentId == null || recruitmentId.isBlank() || recruitmentId.length() > 256) {
            throw new InvalidInputException("recruitmentId", "a recruitment id (e.g. a Prolific ID) of 1 to 256 characters is required");
        }
        var targets = repository.byRecruitmentId(dsl, slug, recruitmentId);
        if (targets.isEmpty()) {
            throw new NotFoundException("no session of \"" + slug + "\" was recorded with that recruitment id");
        }
        return delete(principal.accountId(), "recruitment-id", slug, why, targets, false);
    }

    /** Deletes every pilot session of {@code slug} in one action (none: nothing deleted, no audit entry). */
    public Deleted deletePilots(Principal principal, String slug) {
        access.requireOwner(principal, slug);
        var targets = repository.pilots(dsl, slug);
        if (targets.isEmpty()) {
            return new Deleted(0, Map.of());
        }
        return delete(principal.accountId(), "pilot-sessions", slug, "pilot sessions deleted from the console", targets,
                false);
    }

    /**
     * The participant withdraws with the one-time code shown on the completion page: the session's
     * data are deleted, its row stays as "withdrawn", and the code stops working.
     */
    public Deleted withdraw(String code) {
        if (code == null || code.isBlank() || code.length() > 200) {
            throw new InvalidInputException("code", "the withdrawal code from the completion page is required");
        }
        var target = repository.byWithdrawCode(dsl, Hashes.sha256Hex(code.strip()))
                .orElseThrow(() -> new NotFoundException("this withdrawal code is not valid (or was used already)"));
        return delete(null, "withdrawal", target.slug(), "the participant withdrew", List.of(target), true);
    }

    /**
     * Excludes a session from analysis (metrics, comparison exports) while keeping its data, with a
     * reason; {@code excluded} false includes it again. Owner or admin only.
     */
    public void setExcluded(Principal principal, UUID sessionId, Boolean excluded, String reason) {
        var target = repository.target(dsl, sessionId)
                .orElseThrow(() -> new NotFoundException("no session " + sessionId));
        access.requireOwner(principal, target.slug()); // before any validation: others learn nothing
        if (excluded == null) {
            throw new InvalidInputException("excluded", "excluded (true or false) is required");
        }
        repository.setExcluded(dsl, sessionId, excluded ? reason(reason) : null);
    }

    /** The deletions of an experiment, oldest first. */
    public List<AuditEntry> audit(Principal principal, String slug) {
        access.require(principal, slug);
        return repository.audits(dsl, slug, this::readCounts).stream()
                .map(r -> new AuditEntry(r.id(), r.deletedAt(), r.deletedBy(), r.what(), r.reason(), r.rowCounts()))
                .toList();
    }

    private Deleted delete(Long accountId, String what, String slug, String reason, List<DeletionRepository.Target> targets,
                           boolean keepTombstone) {
        Map<String, Integer> counts = DeletionRepository.emptyCounts();
        dsl.transaction(tx -> {
            for (var target : targets) {
                repository.lock(tx.dsl(), target.id());
                repository.deleteData(tx.dsl(), target.id(), counts);
                if (keepTombstone) {
                    repository.markWithdrawn(tx.dsl(), target.id());
                } else {
                    repository.deleteSession(tx.dsl(), target.id(), counts);
                }
                boolean heldSlot = !target.pilot() && !SessionStatus.WITHDRAWN.dbName().equals(target.status());
                if (heldSlot) {
                    repository.freeSlot(tx.dsl(), target.experimentId(), target.slot());
                }
            }
            repository.audit(tx.dsl(), accountId, what, slug, reason, write(counts));
        });
        return new Deleted(targets.size(), Map.copyOf(counts));
    }

    private static String reason(String reason) {
        if (reason == null || reason.isBlank()) {
            throw new InvalidInputException("reason", "say why the data are deleted (e.g. \"participant withdrew consent\")");
        }
        if (reason.length() > MAX_REASON) {
            throw new InvalidInputException("reason", "a reason has at most " + MAX_REASON + " characters");
        }
        return reason.strip();
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private Map<String, Integer> readCounts(String text) {
        try {
            return json.readValue(text, new TypeReference<>() {});
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
