package dev.tandem.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;

/** Reads request bodies strictly; malformed JSON is a 400 naming the field where reading stopped. */
public final class JsonBodies {

    private final ObjectMapper json;

    public JsonBodies(ObjectMapper json) {
        this.json = json;
    }

    public <T> T read(Context ctx, Class<T> type) {
        String body = ctx.body();
        if (body.isBlank()) {
            throw new ErrorMapping.BodyException("body", "a JSON body is required");
        }
        try {
            return json.readValue(body, type);
        } catch (JsonProcessingException e) {
            throw ErrorMapping.BodyException.of(e);
        }
    }

    public JsonNode tree(Context ctx) {
        return read(ctx, JsonNode.class);
    }
}
