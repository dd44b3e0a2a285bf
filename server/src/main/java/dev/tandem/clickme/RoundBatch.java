package dev.tandem.clickme;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** Round results delivered by the browser's persistent queue (same contract as responses). */
public record RoundBatch(List<RoundRecord> rounds) {

    /**
     * How one round ended.
     *
     * @param responseId the client's id of this result; storing is idempotent on it
     * @param outcome partner-correct, timeout or skip
     * @param elapsedMs client time from the round's first frame to its end
     * @param reveals every reveal of the round, in order
     */
    public record RoundRecord(String responseId, Integer trialIndex, String outcome, Double elapsedMs,
                              List<PartnerQuery.RevealDto> reveals, String clientTime, JsonNode details) {}
}
