package dev.tandem.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.tandem.common.AccessDeniedException;
import dev.tandem.common.ConflictException;
import dev.tandem.common.ForbiddenException;
import dev.tandem.common.InvalidInputException;
import dev.tandem.common.LogText;
import dev.tandem.common.NotFoundException;
import dev.tandem.common.RefusedException;
import dev.tandem.common.ServerBusyException;
import dev.tandem.common.TooManyRequestsException;
import dev.tandem.db.DatabaseFailures;
import dev.tandem.stimulus.StimulusSetException;
import dev.tandem.upload.UploadTooLargeException;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.math.BigInteger;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one place where domain exceptions become HTTP statuses with {@code {"error", "field"}} bodies. */
final class ErrorMapping {

    private static final Logger log = LoggerFactory.getLogger(ErrorMapping.class);
    private static final String UPLOAD_LIMIT = "tandem.uploadLimit";

    private ErrorMapping() {}

    static void install(Javalin app) {
        app.exception(ConflictException.class, (e, ctx) -> error(ctx, 409, e.getMessage(), e.field()));
        app.exception(RefusedException.class, (e, ctx) -> error(ctx, 422, e.getMessage(), e.field()));
        app.exception(InvalidInputException.class, (e, ctx) -> error(ctx, 400, e.getMessage(), e.field()));
        app.exception(NotFoundException.class, (e, ctx) -> error(ctx, 404, e.getMessage(), null));
        app.exception(AccessDeniedException.class, (e, ctx) -> error(ctx, 401, e.getMessage(), "Authorization"));
        app.exception(ForbiddenException.class, (e, ctx) -> error(ctx, 403, e.getMessage(), e.field()));
        app.exception(TooManyRequestsException.class, (e, ctx) -> {
            ctx.header("Retry-After", Long.toString(e.retryAfterSeconds()));
            error(ctx, 429, e.getMessage(), e.field());
        });
        app.exception(ServerBusyException.class, (e, ctx) -> {
            ctx.header("Retry-After", Long.toString(e.retryAfterSeconds()));
            error(ctx, 503, e.getMessage(), null);
        });
        app.exception(StimulusSetException.class, (e, ctx) -> error(ctx, switch (e.kind()) {
            case NOT_FOUND -> 404;
            case CONFLICT -> 409;
            case INVALID -> 422;
        }, e.getMessage(), e.field()));
        app.exception(UploadTooLargeException.class, (e, ctx) -> {
            error(ctx, 413, e.getMessage(), e.field());
            ctx.attribute(UPLOAD_LIMIT, e.field());
        });
        app.exception(BodyException.class, (e, ctx) -> error(ctx, 400, e.getMessage(), e.field()));
        app.exception(HttpResponseException.class, (e, ctx) -> error(ctx, e.getStatus(), e.getMessage(), null));
        app.exception(Exception.class, (e, ctx) -> {
            if (DatabaseFailures.isTransient(e)) { // the database is away (restarting): ask again soon
                log.warn("Database unavailable on {} {}: {}", ctx.method(), LogText.quoted(ctx.path()),
                        LogText.quoted(e.getMessage()));
                ctx.header("Retry-After", "2");
                error(ctx, 503, "the database is unavailable; try again in a few seconds", null);
                return;
            }
            // Path and messages may carry request text: escaped, so no one can forge a log line.
            log.error("Unexpected error on {} {}", ctx.method(), LogText.quoted(ctx.path()), LogText.escaped(e));
            error(ctx, 500, "internal error", null);
        });
        app.error(404, ctx -> {
            if (ctx.result() == null) {
                error(ctx, 404, "no such resource: " + ctx.path(), null);
            }
        });
        app.error(413, ctx -> {
            if (ctx.attribute(UPLOAD_LIMIT) == null) { // an upload's own 413 already says which limit
                error(ctx, 413, "request body too large", "body");
            }
        });
    }

    static void error(Context ctx, int status, String message, String field) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", message);
        body.put("field", field);
        ctx.status(status).json(body);
    }

    /** A body that is not the JSON an endpoint expects. */
    static final class BodyException extends RuntimeException {
        private final String field;

        BodyException(String field, String message) {
            super(message);
            this.field = field;
        }

        String field() {
            return field;
        }

        /**
         * A body Jackson could not read or bind, in words a client can act on: the field's path and
         * the kind of value it takes, never a Java class or Jackson's own message (issue 12).
         */
        static BodyException of(JsonProcessingException e) {
            if (e instanceof JsonMappingException mapping
                    && !(e instanceof StreamReadException)) {
                String path = mapping.getPath().stream()
                        .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                        .reduce("", (a, b) -> a.isEmpty() || b.startsWith("[") ? a + b : a + "." + b);
                String field = path.isEmpty() ? "body" : path;
                Class<?> target = e instanceof MismatchedInputException m
                        ? m.getTargetType() : null;
                return new BodyException(field, field + (target == null
                        ? " does not have the expected form" : " must be " + expected(target)));
            }
            var where = e.getLocation();
            return new BodyException("body", "the body is not valid JSON" + (where == null ? ""
                    : " (line " + where.getLineNr() + ", column " + where.getColumnNr() + ")"));
        }

        private static String expected(Class<?> type) {
            if (type == String.class || type == UUID.class || type == Character.class) {
                return "a string";
            }
            if (type == Integer.class || type == int.class || type == Long.class || type == long.class
                    || type == Short.class || type == short.class || type == BigInteger.class) {
                return "a whole number";
            }
            if (type == Double.class || type == double.class || type == Float.class || type == float.class
                    || Number.class.isAssignableFrom(type)) {
                return "a number";
            }
            if (type == Boolean.class || type == boolean.class) {
                return "true or false";
            }
            if (type.isArray() || Collection.class.isAssignableFrom(type)) {
                return "an array";
            }
            if (type.isEnum()) {
                return "one of the allowed values";
            }
            if (JsonNode.class.isAssignableFrom(type)) {
                return "JSON";
            }
            return "an object";
        }
    }
}
