package dev.tandem.response;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.common.ClientRecords;
import dev.tandem.common.ClientTime;
import dev.tandem.common.ConflictException;
import dev.tandem.common.InvalidInputException;
import dev.tandem.experiment.ExperimentDefinition;
import dev.tandem.experiment.TrialType;
import dev.tandem.kind.TrialKind;
import dev.tandem.kind.TrialKinds;
import dev.tandem.session.AuthorizedSession;
import dev.tandem.session.SessionService;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.jooq.DSLContext;

/**
 * Stores participants' responses exactly once. Each carries a client-made id: a replay of a
 * stored id is confirmed and changes nothing; a batch with any bad record is refused whole.
 */
public final class ResponseService {

    public static final int MAX_BATCH = 200;
    private static final Set<String> SOURCES = Set.of("key", "button", "timeout");

    private final DSLContext dsl;
    private final SessionService sessions;
    private final ResponseRepository repository = new ResponseRepository();

    public ResponseService(DSLContext dsl, SessionService sessions) {
        this.dsl = dsl;
        this.sessions = sessions;
    }

    /** Stores a batch; returns the response ids now confirmed stored (new ones and replays). */
    public List<UUID> store(UUID sessionId, String token, ResponseBatch batch) {
        AuthorizedSession session = sessions.authorize(sessionId, token);
        List<ResponseRepository.NewResponse> responses = validate(batch, session.experiment().definition());
        List<UUID> ids = responses.stream().map(ResponseRepository.NewResponse::responseId).toList();
        ExperimentDefinition definition = session.experiment().definition();
        int main = firstMainTrial(responses, definition);
        dsl.transaction(tx -> {
            sessions.requireMayStore(tx.dsl(), sessionId, main >= 0, "responses[" + Math.max(main, 0) + "].trialIndex");
            Set<UUID> inserted = repository.insertNew(tx.dsl(), sessionId, responses);
            if (inserted.size() == responses.size()) {
                return;
            }
            var skipped = ids.stream().filter(id -> !inserted.contains(id)).toList();
            var replays = repository.stored(tx.dsl(), sessionId, skipped);
            for (int i = 0; i < responses.size(); i++) {
                var response = responses.get(i);
                if (inserted.contains(response.responseId())) {
                    continue;
                }
                var stored = replays.get(response.responseId());
                // Each refusal rolls back the whole batch: nothing of it is stored.
                if (stored == null) {
                    throw new ConflictException("responses[" + i + "].trialIndex", "trial " + response.trialIndex()
                            + " already has a stored response with another responseId");
                }
                if (stored.trialIndex() != response.trialIndex()) {
                    throw new ConflictException("responses[" + i + "].trialIndex", "responseId " + response.responseId()
                            + " is stored for trial " + stored.trialIndex() + ", not " + response.trialIndex());
                }
                if (!Objects.equals(stored.response(), response.response()) || !stored.source().equals(response.source())) {
                    throw new ConflictException("responses[" + i + "].response", "responseId " + response.responseId()
                            + " is stored with another answer; a replay must repeat it");
                }
            }
        });
        return ids;
    }

    /** The position in the batch of its first main (not practice) trial, or -1. */
    private static int firstMainTrial(List<ResponseRepository.NewResponse> responses, ExperimentDefinition definition) {
        for (int i = 0; i < responses.size(); i++) {
            if (!definition.isPracticeTrial(responses.get(i).trialIndex())) {
                return i;
            }
        }
        return -1;
    }

    private static List<ResponseRepository.NewResponse> validate(ResponseBatch batch, ExperimentDefinition definition) {
        if (batch == null || batch.responses() == null || batch.responses().isEmpty()) {
            throw new InvalidInputException("responses", "responses must hold 1 to " + MAX_BATCH + " records");
        }
        if (batch.responses().size() > MAX_BATCH) {
            throw new InvalidInputException("responses", "at most " + MAX_BATCH + " responses per batch");
        }
        Set<String> categories = new HashSet<>();
        definition.categories().forEach(c -> categories.add(c.name()));
        Set<UUID> ids = new HashSet<>();
        Set<Integer> trials = new HashSet<>();
        List<ResponseRepository.NewResponse> valid = new ArrayList<>();
        for (int i = 0; i < batch.responses().size(); i++) {
            String at = "responses[" + i + "].";
            var r = batch.responses().get(i);
            if (r == null) {
                throw new InvalidInputException("responses[" + i + "]", "a response must be an object");
            }
            UUID id = ClientRecords.id(r.responseId(), at + "responseId");
            if (!ids.add(id)) {
                throw new InvalidInputException(at + "responseId", "responseId appears twice in this batch");
            }
            if (r.trialIndex() == null || r.trialIndex() < 0 || r.trialIndex() >= definition.totalTrials()) {
                throw new InvalidInputException(at + "trialIndex", "trialIndex must be between 0 and "
                        + (definition.totalTrials() - 1));
            }
            TrialKind kind = TrialKinds.all().at(definition, r.trialIndex());
            if (kind.type() != TrialType.MASKED) {
                throw new InvalidInputException(at + "trialIndex", "trial " + r.trialIndex() + " is a " + kind.type()
                        + " trial; its result is posted to /api/sessions/{id}" + kind.outcomePath());
            }
            if (!trials.add(r.trialIndex())) {
                throw new InvalidInputException(at + "trialIndex", "trial " + r.trialIndex() + " appears twice in this batch");
            }
            if (r.source() == null || !SOURCES.contains(r.source())) {
                throw new InvalidInputException(at + "source", "source must be key, button or timeout");
            }
            boolean timeout = r.source().equals("timeout");
            if (timeout && r.response() != null) {
                throw new InvalidInputException(at + "response", "a timeout has no response");
            }
            if (!timeout && (r.response() == null || !categories.contains(r.response()))) {
                throw new InvalidInputException(at + "response", "response must be one of the experiment's categories");
            }
            if (r.key() != null && r.key().length() > 32) {
                throw new InvalidInputException(at + "key", "key is at most 32 characters");
            }
            if (r.rtMs() != null && !(r.rtMs() >= 0 && r.rtMs() <= 3_600_000)) {
                throw new InvalidInputException(at + "rtMs", "rtMs must be between 0 and 3600000");
            }
            if (!timeout && r.rtMs() == null) {
                throw new InvalidInputException(at + "rtMs", "rtMs is required for an answered trial");
            }
            JsonNode timing = r.timing();
            boolean timingOk = ClientRecords.timingOk(timing, at);
            valid.add(new ResponseRepository.NewResponse(id, r.trialIndex(), r.response(), r.source(), r.key(),
                    r.rtMs(), timingOk, ClientRecords.frames(timing, "stimulusFramesShown", at),
                    ClientRecords.frames(timing, "maskFramesShown", at), timing.toString(), ClientTime.parse(r.clientTime(), at + "clientTime")));
        }
        return valid;
    }
}
