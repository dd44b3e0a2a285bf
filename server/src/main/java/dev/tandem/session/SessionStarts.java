package dev.tandem.session;

import dev.tandem.common.Hashes;
import dev.tandem.common.InvalidInputException;
import dev.tandem.common.ServerBusyException;
import dev.tandem.common.Tokens;
import dev.tandem.experiment.Assignment;
import dev.tandem.experiment.DataCollection;
import dev.tandem.experiment.ExperimentDefinition;
import dev.tandem.experiment.ExperimentService;
import dev.tandem.experiment.StoredExperiment;
import dev.tandem.stimulus.SetImage;
import dev.tandem.stimulus.StimulusService;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
            List<SessionRepository.NewTrial> trials = trials(experiment, images, slot);
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
    private List<SessionRepository.NewTrial> trials(StoredExperiment experiment, List<SetImage> images, int slot) {
        ExperimentDefinition definition = experiment.definition();
        long sessionSeed = random.nextLong();
        var plan = Assignment.plan(definition, images.size(), slot, sessionSeed);
        var maskedTrials = plan.stream().filter(t -> !t.isClickme()).toList();
        List<String> masks = stimuli.renderMasks(maskedTrials.stream().map(Assignment.PlannedTrial::maskSeed).toList(),
                experiments.maskSize(experiment));
        Map<Integer, String> maskByIndex = new LinkedHashMap<>();
        for (int i = 0; i < maskedTrials.size(); i++) {
            maskByIndex.put(maskedTrials.get(i).index(), masks.get(i));
        }
        List<String> shown = experiments.stimulusHashes(experiment, plan.stream()
                .map(p -> new ExperimentService.Shown(images.get(p.imageIndex()), manipulation(p))).toList());
        List<SessionRepository.NewTrial> trials = new ArrayList<>();
        for (var planned : plan) {
            SetImage image = images.get(planned.imageIndex());
            var manipulation = manipulation(planned);
            // A ClickMe round has no duration and no mask; its mask seed is the noise seed.
            trials.add(new SessionRepository.NewTrial(planned.trialType(), planned.index(), planned.block(),
                    planned.practice(), image.imageIndex(), image.file(), image.category(), manipulation.name(),
                    manipulation.level(), planned.isClickme() ? null : planned.cell().durationMs(),
                    shown.get(planned.index()), planned.maskSeed(), maskByIndex.get(planned.index())));
        }
        return trials;
    }

    static ExperimentDefinition.Manipulation manipulation(Assignment.PlannedTrial planned) {
        return planned.isClickme() ? ExperimentService.CLICKME_MANIPULATION : planned.cell().manipulation();
    }
}
