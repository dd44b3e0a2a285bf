package dev.tandem.http;

import dev.tandem.common.InvalidInputException;
import dev.tandem.triplet.OddOneOut;
import dev.tandem.triplet.SimilarityMatrices.ModelDistance;
import dev.tandem.triplet.TripletMetricsService.Options;
import io.javalin.http.Context;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The triplet analysis's query parameters (issue 13): {@code catchThreshold} (0–1),
 * {@code similarity=cosine|dot} (which of the models' choices), {@code distance=cosine|correlation}
 * (a model's RDM), {@code resamples} (0–100000), {@code splits} (0–10000), {@code seed}; each
 * optional, a bad one a 400 naming it.
 */
final class TripletParams {

    static final int MAX_RESAMPLES = 100_000;
    static final int MAX_SPLITS = 10_000;

    private TripletParams() {}

    static Options options(Context ctx) {
        Options defaults = Options.defaults();
        String threshold = ctx.queryParam("catchThreshold");
        String resamples = ctx.queryParam("resamples");
        String splits = ctx.queryParam("splits");
        String seed = ctx.queryParam("seed");
        return new Options(
                threshold == null ? defaults.catchThreshold() : Params.number(threshold, "catchThreshold", 0, 1),
                choice(ctx, "similarity", OddOneOut.Similarity.class, defaults.similarity()),
                choice(ctx, "distance", ModelDistance.class, defaults.distance()),
                resamples == null ? defaults.resamples() : (int) Params.wholeNumber(resamples, "resamples", 0, MAX_RESAMPLES),
                splits == null ? defaults.splits() : (int) Params.wholeNumber(splits, "splits", 0, MAX_SPLITS),
                seed == null ? defaults.seed() : Params.wholeNumber(seed, "seed", Long.MIN_VALUE, Long.MAX_VALUE));
    }

    /** One of the enum's values by its lower-case name. */
    private static <E extends Enum<E>> E choice(Context ctx, String name, Class<E> type, E fallback) {
        String value = ctx.queryParam(name);
        if (value == null) {
            return fallback;
        }
        for (E option : type.getEnumConstants()) {
            if (option.name().toLowerCase(Locale.ROOT).equals(value)) {
                return option;
            }
        }
        throw new InvalidInputException(name, name + " must be " + Arrays.stream(type.getEnumConstants())
                .map(e -> e.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(" or ")) + ", got "
                + Params.text(value, name));
    }
}
