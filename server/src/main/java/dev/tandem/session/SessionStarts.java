package dev.tandem.session;

import dev.tandem.common.Hashes;
import dev.tandem.common.InvalidInputException;
import dev.tandem.common.ServerBusyException;
import dev.tandem.common.Tokens;
import dev.tandem.experiment.DataCollection;
import dev.tandem.experiment.ExperimentService;
import dev.tandem.experiment.StoredExperiment;
import dev.tandem.kind.Planning;
import dev.tandem.kind.SessionTrial;
import dev.tandem.kind.TrialKinds;
import dev.tandem.stimulus.SetImage;
import dev.tandem.stimulus.StimulusService;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;

/**
 * Session starts (issue 12): the trial list planned for the next assignment slot, and the slot
 * taken in the transaction that stores the session and its trials, so a start that fails leaves
 * the design's order untouched; a retry with the same client-made start id gets the same session.
 */
final class SessionStarts {

    private final DSLContext dsl;
    private final ExperimentService experiments;
    private final StimulusService stimuli;
    private final DataCollection collection;
    private final SessionRepository repository;
    private final SecureRandom random = new SecureRandom();

    SessionStarts(DSLContext dsl, ExperimentService experiments, StimulusService stimuli, DataCollection collection,
                  SessionRepository repository) {
        this.dsl = dsl;
        this.experiments = experiments;
        this.stimuli = stimuli;
        this.collection = collection;
        this.repository = repository;
    }

    /** How often a start re-plans when concurrent starts took its assignment slot first. */
    private static final int SLOT_ATTEMPTS = 20;

    /**
     * Starts a session of the experiment's current version with the recruiter's query parameters
     * (as JSON); refused (409) while the experiment's data collection is closed. Atomic and idempotent
     * (issue 12): the assignment slot is taken in the transaction that stores the session, so a
     * failed start leaves the design untouched, and a retry with the same client-made
     * {@code startId} returns the same session (with a fresh token, as only token hashes are kept).
     * A {@code pilot} session (issue 14) starts while collection is closed too, and plans the next
     * participant's slot without taking it, so the design's balance is untouched.
     */
    SessionService.Started start(String slug, String startId, String recruitmentJson, boolean pilot) {
        String startSha256 = startId == null ? null : Hashes.sha256Hex(startUuid(startId).toString());
        StoredExperiment experiment = experiments.current(slug);
        if (startSha256 != null) {
            var retried = retried(startSha256);
            if (retried.isPresent()) {
                return retried.get();
            }
        }
        if (!pilot) {
            collection.requireOpen(slug);
        }
        List<SetImage> images = experiments.images(experiment);
        for (int attempt = 0; attempt < SLOT_ATTEMPTS; attempt++) {
            int slot = experiments.nextAssignmentSlot(experiment.id());
            List<SessionTrial.New> trials = trials(experiment, images, slot);
            UUID id = UUID.randomUUID();
            String token = Tokens.newToken();
            boolean inserted;
            try {
                inserted = dsl.transactionResult(tx -> {
                    if (!pilot) {
                        collection.requireOpen(tx.dsl(), slug); // again: it may have closed while the trials were planned
                        if (!experiments.takeAssignmentSlot(tx.dsl(), experiment.id(), slot)) {
                            return false; // another start took this slot: plan again for the next
                        }
                    }
                    if (!repository.insertSession(tx.dsl(), id, Hashes.sha256Hex(token), startSha256, experiment.id(),
                            slot, recruitmentJson)) {
                        throw new StartedConcurrently(); // the same start id, stored meanwhile: undo the slot
                    }
                    repository.insertTrials(tx.dsl(), id, trials);
                    if (pilot) {
                        repository.markPilot(tx.dsl(), id);
                    }
                    return true;
                });
            } catch (StartedConcurrently e) {
                if (startSha256 == null) {
                    throw new IllegalStateException("a new session id or token collided with a stored one", e);
                }
                return retried(startSha256).orElseThrow();
            }
            if (inserted) {
                return new SessionService.Started(id, token);
            }
        }
        throw new ServerBusyException("too many sessions are starting at once; retry", 1);
    }

    /** Thrown inside a start's transaction to roll it back when a concurrent retry stored the session. */
    private static final class StartedConcurrently extends RuntimeException {
        StartedConcurrently() {
            super(null, null, false, false);
        }
    }

    private Optional<SessionService.Started> retried(String startSha256) {
        return repository.byStart(dsl, startSha256).map(id -> {
            String token = Tokens.newToken();
            dsl.transaction(tx -> repository.replaceToken(tx.dsl(), id, Hashes.sha256Hex(token)));
            return new SessionService.Started(id, token);
        });
    }

    private static UUID startUuid(String startId) {
        try {
            if (startId.length() == 36) {
                return UUID.fromString(startId);
            }
        } catch (IllegalArgumentException e) {
            // refused below
        }
        throw new InvalidInputException("startId", "startId must be a UUID made by the client");
    }

    /** The session's trials for one assignment slot, with the addresses of the bytes they show. */
    private List<SessionTrial.New> trials(StoredExperiment experiment, List<SetImage> images, int slot) {
        return TrialKinds.all().plan(planning(experiments, stimuli, experiment, images), slot, random.nextLong());
    }

    /** Planning a version's sessions with its images, renderer and masks. */
    static Planning planning(ExperimentService experiments, StimulusService stimuli, StoredExperiment experiment,
                             List<SetImage> images) {
        return new Planning() {
            @Override
            public StoredExperiment experiment() {
                return experiment;
            }

            @Override
            public List<SetImage> images() {
                return images;
            }

            @Override
            public List<String> stimulusHashes(List<ExperimentService.Shown> shown) {
                return experiments.stimulusHashes(experiment, shown);
            }

            @Override
            public List<String> masks(List<Long> seeds) {
                return seeds.isEmpty() ? List.of() : stimuli.renderMasks(seeds, experiments.maskSize(experiment));
            }
        };
    }
}
