package dev.tandem.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import dev.tandem.common.StorableText;
import io.javalin.http.Context;
import java.util.Iterator;
import java.util.Map;

/**
 * Reads request bodies strictly, once for every endpoint (issue 12): the body must be a JSON
 * object; no string holds NUL or a lone surrogate or exceeds {@link #MAX_STRING} characters, no
 * array exceeds {@link #MAX_ARRAY} elements, no number is non-finite; and no value is coerced
 * to another type (10.7 is not a whole number, 5 is not a string, "5" is not a number). Every
 * refusal is a 400 naming the field's path, in words that name no Java type.
 */
public final class JsonBodies {

    /** The longest string any body may hold; fields have their own, smaller limits where they matter. */
    public static final int MAX_STRING = 100_000;
    /** The longest array any body may hold (a ClickMe round's reveals are the longest legitimate one). */
    public static final int MAX_ARRAY = 10_000;

    private final ObjectMapper json;

    public JsonBodies(ObjectMapper json) {
        this.json = strict(json.copy());
    }

    private static ObjectMapper strict(ObjectMapper mapper) {
        mapper.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
        mapper.enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
        mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        for (LogicalType scalar : new LogicalType[] {LogicalType.Integer, LogicalType.Float, LogicalType.Boolean}) {
            mapper.coercionConfigFor(scalar)
                    .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
        }
        mapper.coercionConfigFor(LogicalType.Integer).setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Boolean).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        return mapper;
    }

    /** The body as {@code type}; a body of {@code null}, or any other non-object, is refused. */
    public <T> T read(Context ctx, Class<T> type) {
        return bind(tree(ctx), type);
    }

    /** An already checked tree as {@code type}. */
    <T> T bind(JsonNode tree, Class<T> type) {
        try {
            return json.treeToValue(tree, type);
        } catch (JsonProcessingException e) {
            throw ErrorMapping.BodyException.of(e);
        } catch (IllegalArgumentException e) {
            throw new ErrorMapping.BodyException("body", "the body does not have the expected form");
        }
    }

    /** The body as a checked JSON object. */
    public JsonNode tree(Context ctx) {
        String body = ctx.body();
        if (body.isBlank()) {
            throw new ErrorMapping.BodyException("body", "a JSON body is required");
        }
        JsonNode tree;
        try {
            tree = json.readTree(body);
        } catch (JsonProcessingException e) {
            throw ErrorMapping.BodyException.of(e);
        }
        if (tree == null || !tree.isObject()) {
            throw new ErrorMapping.BodyException("body", "the body must be a JSON object, not "
                    + (tree == null || tree.isNull() ? "null" : kind(tree)));
        }
        check(tree, "");
        return tree;
    }

    private static void check(JsonNode node, String path) {
        if (node.isTextual()) {
            checkText(node.textValue(), path);
        } else if (node.isNumber()) {
            if ((node.isDouble() || node.isFloat()) && !Double.isFinite(node.doubleValue())) {
                throw refuse(path, "must be a finite number");
            }
        } else if (node.isArray()) {
            if (node.size() > MAX_ARRAY) {
                throw refuse(path, "holds " + node.size() + " elements; at most " + MAX_ARRAY + " are accepted");
            }
            for (int i = 0; i < node.size(); i++) {
                check(node.get(i), path + "[" + i + "]");
            }
        } else if (node.isObject()) {
            if (node.size() > MAX_ARRAY) {
                throw refuse(path, "holds " + node.size() + " fields; at most " + MAX_ARRAY + " are accepted");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                var field = it.next();
                String at = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
                StorableText.problem(field.getKey()).ifPresent(why -> {
                    throw refuse(path.isEmpty() ? "body" : path, "has a field name that " + why);
                });
                check(field.getValue(), at);
            }
        }
    }

    private static void checkText(String text, String path) {
        if (text.length() > MAX_STRING) {
            throw refuse(path, "is " + text.length() + " characters long; at most " + MAX_STRING + " are accepted");
        }
        StorableText.problem(text).ifPresent(why -> {
            throw refuse(path, why);
        });
    }

    private static ErrorMapping.BodyException refuse(String path, String why) {
        String field = path.isEmpty() ? "body" : path;
        return new ErrorMapping.BodyException(field, field + " " + why);
    }

    static String kind(JsonNode node) {
        return switch (node.getNodeType()) {
            case ARRAY -> "an array";
            case BOOLEAN -> "true or false";
            case NUMBER -> "a number";
            case STRING -> "a string";
            case NULL, MISSING -> "null";
            default -> "an object";
        };
    }
}
