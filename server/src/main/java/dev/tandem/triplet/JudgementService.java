package dev.tandem.triplet;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.common.ClientRecords;
import dev.tandem.common.ClientTime;
import dev.tandem.common.ConflictException;
import dev.tandem.common.InvalidInputException;
import dev.tandem.experiment.ExperimentDefinition;
import dev.tandem.kind.TrialKind;
import dev.tandem.kind.TrialKinds;
import dev.tandem.session.AuthorizedSession;
import dev.tandem.session.SessionService;
import dev.tandem.triplet.JudgementRepository.NewJudgement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.jooq.DSLContext;

/**
 * Stores participants' odd-one-out choices (issue 13) as responses are stored: idempotently by
 * the client's judgement id (a replay with the same choice is confirmed and changes nothing), a
 * batch whole or not at all, only for a screen-checked session's triplet trials.
 */
public final class JudgementService {

    public static final int MAX_BATCH = 200;
    private static final Set<String> SOURCES = Set.of("click", "key");

    private final DSLContext dsl;
    private final SessionService sessions;
    private final JudgementRepository repository = new JudgementRepository();

    public JudgementService(DSLContext dsl, SessionService sessions) {
        this.dsl = dsl;
        this.sessions = sessions;
    }

    /** Stores a batch; returns the judgement ids now confirmed stored (new ones and replays). */
    public List<UUID> store(UUID sessionId, String token, JudgementBatch batch) {
        AuthorizedSession session = sessions.authorize(sessionId, token);
        List<NewJudgement> judgements = validate(batch, session.experiment().definition());
        dsl.transaction(tx -> {
            sessions.requireMayStore(tx.dsl(), sessionId, true, "judgements[0].trialIndex");
            Set<UUID> inserted = repository.insertNew(tx.dsl(), sessionId, judgements);
            if (inserted.size() == judgements.size()) {
                return;
            }
            var stored = repository.stored(tx.dsl(), sessionId, judgements.stream().map(NewJudgement::id).toList());
            for (int i = 0; i < judgements.size(); i++) {
                NewJudgement j = judgements.get(i);
                if (inserted.contains(j.id())) {
                    continue;
                }
                var replay = stored.get(j.id());
                // Each refusal rolls back the whole batch: nothing of it is stored.
                if (replay == null) {
                    throw new ConflictException("judgements[" + i + "].trialIndex", "trial " + j.trialIndex()
                            + " already has a stored judgement with another judgementId");
                }
                if (replay.trialIndex() != j.trialIndex()) {
                    throw new ConflictException("judgements[" + i + "].trialIndex", "judgementId " + j.id()
                            + " is stored for trial " + replay.trialIndex() + ", not " + j.trialIndex());
                }
                if (replay.chosenPosition() != j.chosenPosition()) {
                    throw new ConflictException("judgements[" + i + "].chosenPosition", "judgementId " + j.id()
                            + " is stored with another choice; a replay must repeat it");
                }
            }
        });
        return judgements.stream().map(NewJudgement::id).toList();
    }

    private static List<NewJudgement> validate(JudgementBatch batch, ExperimentDefinition definition) {
        if (batch == null || batch.judgements() == null || batch.judgements().isEmpty()) {
            throw new InvalidInputException("judgements", "judgements must hold 1 to " + MAX_BATCH + " records");
        }
        if (batch.judgements().size() > MAX_BATCH) {
            throw new InvalidInputException("judgements", "at most " + MAX_BATCH + " judgements per batch");
        }
        TrialKind triplets = TrialKinds.all().of(dev.tandem.experiment.TrialType.TRIPLET);
        Set<UUID> ids = new HashSet<>();
        Set<Integer> trials = new HashSet<>();
        List<NewJudgement> valid = new ArrayList<>();
        for (int i = 0; i < batch.judgements().size(); i++) {
            String at = "judgements[" + i + "].";
            var r = batch.judgements().get(i);
            if (r == null) {
                throw new InvalidInputException("judgements[" + i + "]", "a judgement must be an object");
            }
            UUID id = ClientRecords.id(r.judgementId(), at + "judgementId");
            if (!ids.add(id)) {
                throw new InvalidInputException(at + "judgementId", "judgementId appears twice in this batch");
            }
            TrialKind kind = r.trialIndex() == null ? null : TrialKinds.all().at(definition, r.trialIndex());
            if (kind == null) {
                throw new InvalidInputException(at + "trialIndex", "trialIndex must be between 0 and "
                        + (definition.totalTrials() - 1));
            }
            if (kind != triplets) {
                throw new InvalidInputException(at + "trialIndex", "trial " + r.trialIndex() + " is a " + kind.type()
                        + " trial; its result is posted to /api/sessions/{id}" + kind.outcomePath());
            }
            if (!trials.add(r.trialIndex())) {
                throw new InvalidInputException(at + "trialIndex", "trial " + r.trialIndex() + " appears twice in this batch");
            }
            if (r.chosenPosition() == null || r.chosenPosition() < 0 || r.chosenPosition() > 2) {
                throw new InvalidInputException(at + "chosenPosition", "chosenPosition must be 0, 1 or 2 (left to right)");
            }
            if (r.source() == null || !SOURCES.contains(r.source())) {
                throw new InvalidInputException(at + "source", "source must be click or key");
            }
            if (r.key() != null && r.key().length() > 32) {
                throw new InvalidInputException(at + "key", "key is at most 32 characters");
            }
            if (r.rtMs() == null || !(r.rtMs() >= 0 && r.rtMs() <= 3_600_000)) {
                throw new InvalidInputException(at + "rtMs", "rtMs must be between 0 and 3600000");
            }
            JsonNode timing = r.timing();
            boolean timingOk = ClientRecords.timingOk(timing, at);
            valid.add(new NewJudgement(id, r.trialIndex(), r.chosenPosition(), r.source(), r.key(), r.rtMs(),
                    timingOk, ClientRecords.frames(timing, "framesShown", at),
                    ClientRecords.frames(timing, "maskFramesShown", at), timing.toString(),
                    ClientTime.parse(r.clientTime(), at + "clientTime")));
        }
        return valid;
    }
}
