package dev.tandem.triplet;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** Odd-one-out choices sent together by a participant's browser, as received (validated by {@link JudgementService}). */
public record JudgementBatch(List<Record> judgements) {

    /**
     * One answered triplet trial: the position chosen (0, 1, 2 = left to right), how (click or
     * key), RT from the rAF frame that first showed the three images, and the client's timing
     * record ({@code timingOk}, onset timestamp, frames shown).
     */
    public record Record(String judgementId, Integer trialIndex, Integer chosenPosition, String source, String key,
                         Double rtMs, JsonNode timing, String clientTime) {}
}
