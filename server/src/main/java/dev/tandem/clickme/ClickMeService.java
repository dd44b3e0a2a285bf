package dev.tandem.clickme;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.common.ConflictException;
import dev.tandem.common.Hashes;
import dev.tandem.common.InvalidInputException;
import dev.tandem.common.TooManyRequestsException;
import dev.tandem.experiment.ExperimentDefinition;
import dev.tandem.model.Classifier;
import dev.tandem.session.AuthorizedSession;
import dev.tandem.session.SessionService;
import dev.tandem.stimulus.PngEncoder;
import dev.tandem.stimulus.StimulusService;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jooq.DSLContext;

/**
 * The ClickMe game on the server (issue 5): partner queries on the image composed exactly as
 * displayed, and round results stored exactly once, with every reveal.
 */
public final class ClickMeService {

    public static final int MAX_ROUNDS_PER_BATCH = 50;
    /** Partner queries one session may make in {@link #QUERY_WINDOW_S} seconds (issue 12: bounded work per session). */
    public static final int MAX_QUERIES_PER_WINDOW = 100;
    public static final int QUERY_WINDOW_S = 10;
    private static final long PARTNER_TIMEOUT_S = 30;

    private final DSLContext dsl;
    private final ObjectMapper json;
    private final SessionService sessions;
    private final StimulusPixels pixels;
    private final Partners partners;
    private final ClickMeRepository repository = new ClickMeRepository();

    public ClickMeService(DSLContext dsl, ObjectMapper json, SessionService sessions, StimulusService stimuli,
                          Partners partners) {
        this.dsl = dsl;
        this.json = json;
        this.sessions = sessions;
        this.pixels = new StimulusPixels(stimuli);
        this.partners = partners;
    }

    /** Points of a round won at {@code elapsedMs}: (1 − elapsed/limit) × 100, never below 0. */
    public static double points(double elapsedMs, int timeLimitMs) {
        return Math.max(0, 1 - elapsedMs / timeLimitMs) * 100;
    }

    /**
     * Composes the reveals so far, asks the partner and stores the query. A replayed query id is
     * answered from storage; a query for a round that has ended is refused with 409.
     */
    public PartnerAnswer query(UUID sessionId, String token, PartnerQuery query) {
        long started = System.nanoTime();
        AuthorizedSession session = sessions.authorize(sessionId, token);
        ExperimentDefinition definition = session.experiment().definition();
        UUID queryId = RoundInput.uuid(query == null ? null : query.queryId(), "queryId");
        var stored = repository.query(dsl, sessionId, queryId);
        if (stored.isPresent()) {
            return answer(stored.get(), definition);
        }
        if (repository.queryIdTaken(dsl, queryId)) {
            throw new ConflictException("queryId", "this queryId belongs to another session; each query needs its own");
        }
        int trialIndex = RoundInput.clickmeTrial(definition, query.trialIndex(), "trialIndex");
        List<Reveal> reveals = RoundInput.reveals(definition, query.reveals(), "reveals", 1);
        if (repository.recentQueries(dsl, sessionId, QUERY_WINDOW_S) >= MAX_QUERIES_PER_WINDOW) {
            throw new TooManyRequestsException("queryId", "at most " + MAX_QUERIES_PER_WINDOW
                    + " partner queries per session in " + QUERY_WINDOW_S + " s", QUERY_WINDOW_S);
        }
        if (repository.roundEnded(dsl, sessionId, trialIndex)) {
            throw new ConflictException("trialIndex", "round " + trialIndex + " has ended");
        }
        var trial = repository.trial(dsl, sessionId, trialIndex).orElseThrow();
        var clickme = definition.clickme();
        var shown = pixels.shown(trial.stimulusSha256());
        byte[] composed = RevealComposition.compose(shown.values(), shown.width(), shown.height(), shown.channels(),
                reveals, trial.noiseSeed(), new RevealComposition.Noise(clickme.noiseMean(), clickme.noiseSd()));
        Classifier.Prediction prediction = ask(definition, shown.channels() == 3
                ? PngEncoder.encodeRgb(shown.width(), shown.height(), composed)
                : PngEncoder.encodeGray(shown.width(), shown.height(), composed));
        Map<String, Double> probabilities = new LinkedHashMap<>();
        definition.categories().forEach(c ->
                probabilities.put(c.name(), prediction.categoryProbabilities().getOrDefault(c.name(), 0.0)));
        List<String> topK = probabilities.entrySet().stream()
                .sorted(Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder()))
                .limit(clickme.partner().topK()).map(Map.Entry::getKey).toList();
        Boolean matches = query.displayChecksum() == null ? null
                : query.displayChecksum() == RevealComposition.checksum(composed);
        double latencyMs = (System.nanoTime() - started) / 1e6;
        var row = new ClickMeRepository.NewQuery(queryId, trialIndex, reveals.size(),
                reveals.get(reveals.size() - 1).tMs(), clickme.partner().model(), write(topK), write(probabilities),
                topK.contains(trial.category()), latencyMs, Hashes.sha256Hex(composed), query.displayChecksum(), matches);
        dsl.transaction(tx -> {
            // The query and its reveals are stored together or not at all (issue 12).
            if (!repository.insertQuery(tx.dsl(), sessionId, row)) {
                if (repository.query(tx.dsl(), sessionId, queryId).isPresent()) {
                    return; // a concurrent replay of this query stored it first
                }
                throw new ConflictException("queryId", "this queryId belongs to another session; each query needs its own");
            }
            repository.insertReveals(tx.dsl(), sessionId, trialIndex, reveals);
        });
        // A concurrent replay may have won the insert: answer with what is stored.
        return answer(repository.query(dsl, sessionId, queryId).orElseThrow(), definition);
    }

    private Classifier.Prediction ask(ExperimentDefinition definition, byte[] png) {
        var queue = partners.queue(definition.stimulusSet(), definition.clickme().partner().model());
        try {
            return queue.classify(png).get(PARTNER_TIMEOUT_S, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the partner answered", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the partner model did not answer: " + e.getMessage(), e);
        }
    }

    /**
     * Stores round results; returns the ids now confirmed stored (new ones and replays). The
     * server, not the client, decides the points: a round counts as won only if a stored query
     * of it was correct, and scores from that query's time.
     */
    public List<UUID> storeRounds(UUID sessionId, String token, RoundBatch batch) {
        AuthorizedSession session = sessions.authorize(sessionId, token);
        ExperimentDefinition definition = session.experiment().definition();
        if (batch == null || batch.rounds() == null || batch.rounds().isEmpty()
                || batch.rounds().size() > MAX_ROUNDS_PER_BATCH) {
            throw new InvalidInputException("rounds", "rounds must hold 1 to " + MAX_ROUNDS_PER_BATCH + " records");
        }
        List<ClickMeRepository.NewRound> rounds = new ArrayList<>();
        List<List<Reveal>> reveals = new ArrayList<>();
        Set<UUID> ids = new HashSet<>();
        Set<Integer> trials = new HashSet<>();
        for (int i = 0; i < batch.rounds().size(); i++) {
            String at = "rounds[" + i + "]";
            var r = batch.rounds().get(i);
            if (r == null) {
                throw new InvalidInputException(at, "a round must be an object");
            }
            UUID id = RoundInput.uuid(r.responseId(), at + ".responseId");
            int trialIndex = RoundInput.clickmeTrial(definition, r.trialIndex(), at + ".trialIndex");
            if (!ids.add(id) || !trials.add(trialIndex)) {
                throw new InvalidInputException(at, "a round appears twice in this batch");
            }
            List<Reveal> roundReveals = RoundInput.reveals(definition, r.reveals(), at + ".reveals", 0);
            double elapsed = RoundInput.elapsed(r.elapsedMs(), at + ".elapsedMs");
            double points = 0;
            switch (RoundInput.outcome(r.outcome(), at + ".outcome")) {
                case "partner-correct" -> {
                    double won = repository.firstCorrectElapsed(dsl, sessionId, trialIndex).orElseThrow(() ->
                            new InvalidInputException(at + ".outcome", "round " + trialIndex
                                    + " has no stored partner query that named the true category"));
                    points = points(won, definition.clickme().timeLimitMs());
                    elapsed = won;
                }
                case "timeout", "skip" -> points = 0;
                default -> throw new IllegalStateException();
            }
            rounds.add(new ClickMeRepository.NewRound(id, trialIndex, r.outcome(), elapsed, points,
                    roundReveals.size(), write(r), RoundInput.clientTime(r.clientTime(), at + ".clientTime")));
            reveals.add(roundReveals);
        }
        dsl.transaction(tx -> {
            // Every ClickMe round is a main trial: it needs a passed screen check (issue 12).
            sessions.requireMayStore(tx.dsl(), sessionId, true, "rounds[0].trialIndex");
            Set<UUID> inserted = repository.insertRounds(tx.dsl(), sessionId, rounds);
            for (int i = 0; i < rounds.size(); i++) {
                if (inserted.contains(rounds.get(i).roundId())) {
                    repository.insertReveals(tx.dsl(), sessionId, rounds.get(i).trialIndex(), reveals.get(i));
                }
            }
            if (inserted.size() == rounds.size()) {
                return;
            }
            var replays = repository.storedRounds(tx.dsl(), sessionId,
                    rounds.stream().map(ClickMeRepository.NewRound::roundId).filter(id -> !inserted.contains(id)).toList());
            for (int i = 0; i < rounds.size(); i++) {
                var round = rounds.get(i);
                if (inserted.contains(round.roundId())) {
                    continue;
                }
                var stored = replays.get(round.roundId());
                if (stored == null) {
                    throw new ConflictException("rounds[" + i + "].trialIndex", "round " + round.trialIndex()
                            + " already has a stored result with another responseId");
                }
                if (stored.trialIndex() != round.trialIndex()) {
                    throw new ConflictException("rounds[" + i + "].trialIndex", "responseId " + round.roundId()
                            + " is stored for round " + stored.trialIndex() + ", not " + round.trialIndex());
                }
                if (!stored.outcome().equals(round.outcome()) || stored.revealCount() != round.revealCount()) {
                    throw new ConflictException("rounds[" + i + "].outcome", "responseId " + round.roundId()
                            + " is stored with another result; a replay must repeat it");
                }
            }
        });
        return rounds.stream().map(ClickMeRepository.NewRound::roundId).toList();
    }

    private PartnerAnswer answer(ClickMeRepository.StoredQuery q, ExperimentDefinition definition) {
        return new PartnerAnswer(q.queryId().toString(), q.trialIndex(), q.revealCount(),
                read(q.topKJson(), new TypeReference<List<String>>() {}),
                read(q.probabilitiesJson(), new TypeReference<LinkedHashMap<String, Double>>() {}), q.correct(),
                q.elapsedMs(), q.correct() ? points(q.elapsedMs(), definition.clickme().timeLimitMs()) : 0,
                q.latencyMs(), q.matchesDisplay());
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private <T> T read(String text, TypeReference<T> type) {
        try {
            return json.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
