package dev.tandem.common;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.UUID;

/**
 * Checks shared by the records a participant's browser sends (responses, triplet judgements):
 * the client-made id, the timing record and its frame counts; each refusal names the field.
 */
public final class ClientRecords {

    private ClientRecords() {}

    /** A client-made id: a UUID in its 36-character form. */
    public static UUID id(String text, String field) {
        try {
            if (text == null || text.length() != 36) {
                throw new IllegalArgumentException();
            }
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(field, field.substring(field.lastIndexOf('.') + 1) + " must be a UUID");
        }
    }

    /** The timing record: an object with a boolean {@code timingOk}; answers that flag. */
    public static boolean timingOk(JsonNode timing, String at) {
        if (timing == null || !timing.isObject()) {
            throw new InvalidInputException(at + "timing", "timing must be an object");
        }
        if (!timing.path("timingOk").isBoolean()) {
            throw new InvalidInputException(at + "timing.timingOk", "timing.timingOk must be true or false");
        }
        return timing.get("timingOk").asBoolean();
    }

    /** A frame count of the timing record, or null when absent. */
    public static Integer frames(JsonNode timing, String name, String at) {
        JsonNode value = timing.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt() || value.asInt() < 0) {
            throw new InvalidInputException(at + "timing." + name, name + " must be a whole number of frames");
        }
        return value.asInt();
    }
}
