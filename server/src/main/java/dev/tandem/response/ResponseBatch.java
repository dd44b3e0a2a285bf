package dev.tandem.response;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** Responses sent together by a participant's browser, as received (validated by ResponseService). */
public record ResponseBatch(List<Record> responses) {

    /**
     * One answered trial. {@code timing} carries the client's record: requested ms, planned
     * frames, refresh rate, rAF timestamps of each onset, frames shown, the timing-ok flag and
     * visibility/fullscreen changes.
     */
    public record Record(String responseId, Integer trialIndex, String response, String source, String key,
                         Double rtMs, JsonNode timing, String clientTime) {}
}
