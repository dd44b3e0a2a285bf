package dev.tandem.http;

import dev.tandem.common.InvalidInputException;
import dev.tandem.export.ExportFilter;
import io.javalin.http.Context;

/**
 * The export filters every export endpoint takes: {@code kind}, {@code timingOk}, {@code version},
 * and for an experiment {@code pilot=true} to keep pilot sessions (issue 14).
 */
final class ExportParams {

    private ExportParams() {}

    static ExportFilter experiment(Context ctx) {
        return new ExportFilter(ctx.pathParam("slug"), null, ExportFilter.kinds(ctx.queryParam("kind")),
                timingOkOnly(ctx), version(ctx), flag(ctx, "pilot"));
    }

    static ExportFilter study(Context ctx) {
        return new ExportFilter(null, ctx.pathParam("name"), ExportFilter.kinds(ctx.queryParam("kind")),
                timingOkOnly(ctx), version(ctx));
    }

    static boolean timingOkOnly(Context ctx) {
        return flag(ctx, "timingOk");
    }

    private static boolean flag(Context ctx, String name) {
        String value = ctx.queryParam(name);
        if (value == null || value.equals("false")) {
            return false;
        }
        if (value.equals("true")) {
            return true;
        }
        throw new InvalidInputException(name, name + " must be true or false, got " + value);
    }

    static Integer version(Context ctx) {
        String value = ctx.queryParam("version");
        return value == null ? null : (int) Params.wholeNumber(value, "version", 1, Integer.MAX_VALUE);
    }
}
