package dev.tandem.clickme;

import dev.tandem.common.InvalidInputException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How a model map is computed, with every parameter that changes the result (issue 5): a map
 * is stored under its method name and these parameters, so two parameter sets never mix.
 */
public sealed interface MapMethod {

    /** {@code occlusion} or {@code rise}, as stored. */
    String name();

    /** The parameters as stored in jsonb (key order irrelevant there). */
    Map<String, Object> parameters();

    ImportanceMap compute(StimulusPixels.Shown image, String category, ModelMaps.Model model);

    /**
     * Bounds on every parameter, so one job's work per image is bounded (issue 12: patch = stride
     * = 1 took about 200 s per image): occlusion runs the model once per position, at most
     * (224 / {@value #MIN_STRIDE})² = 3,136 times on a 224 px image; RISE runs it {@code masks} times.
     */
    int MIN_PATCH = 2;
    int MAX_PATCH = 1024;
    int MIN_STRIDE = 4;
    int MAX_STRIDE = 1024;
    int MAX_MASKS = 10_000;
    int MIN_GRID = 2;
    int MAX_GRID = 64;

    /**
     * What occluded (occlusion) or masked-out (RISE) pixels are filled with: the image's own mean
     * grey level, the default, or a fixed grey level. A fixed mid-grey (128, Tandem's fill before
     * issue 11) is itself a cue on a black background; the mean carries no colour the image lacks.
     */
    sealed interface Baseline {
        /** The level of each channel to fill with on this image (1 value for grey, 3 for RGB). */
        byte[] fill(StimulusPixels.Shown image);

        /** As stored in a map's parameters: {@code mean} or the grey level. */
        Object stored();

        /** The image's mean colour (each channel's mean, rounded): a grey image's mean grey level. */
        record Mean() implements Baseline {
            @Override
            public byte[] fill(StimulusPixels.Shown image) {
                int c = image.channels();
                long[] sums = new long[c];
                byte[] values = image.values();
                for (int i = 0; i < values.length; i++) {
                    sums[i % c] += values[i] & 255;
                }
                byte[] fill = new byte[c];
                for (int k = 0; k < c; k++) {
                    fill[k] = (byte) Math.round((double) sums[k] * c / values.length);
                }
                return fill;
            }

            @Override
            public Object stored() {
                return "mean";
            }
        }

        /** One grey level, 0–255, for every image. */
        record Grey(int level) implements Baseline {
            public Grey {
                if (level < 0 || level > 255) {
                    throw new InvalidInputException("baseline", "baseline must be mean or a grey level 0-255, was " + level);
                }
            }

            @Override
            public byte[] fill(StimulusPixels.Shown image) {
                byte[] fill = new byte[image.channels()];
                java.util.Arrays.fill(fill, (byte) level);
                return fill;
            }

            @Override
            public Object stored() {
                return level;
            }
        }

        Baseline MEAN = new Mean();

        static Baseline parse(String text) {
            if (text == null || text.equals("mean")) {
                return MEAN;
            }
            try {
                return new Grey(Integer.parseInt(text));
            } catch (NumberFormatException e) {
                throw new InvalidInputException("baseline", "baseline must be mean or a grey level 0-255, was " + text);
            }
        }
    }

    /** Occlusion with a square of side {@code patch}, filled with {@code baseline}, moved by {@code stride} pixels. */
    record Occlusion(int patch, int stride, Baseline baseline) implements MapMethod {
        public Occlusion {
            within(patch, "patch", MIN_PATCH, MAX_PATCH);
            within(stride, "stride", MIN_STRIDE, MAX_STRIDE);
            java.util.Objects.requireNonNull(baseline, "baseline");
        }

        public Occlusion(int patch, int stride) {
            this(patch, stride, Baseline.MEAN);
        }

        @Override
        public String name() {
            return "occlusion";
        }

        @Override
        public Map<String, Object> parameters() {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("patch", patch);
            p.put("stride", stride);
            p.put("baseline", baseline.stored());
            return p;
        }

        @Override
        public ImportanceMap compute(StimulusPixels.Shown image, String category, ModelMaps.Model model) {
            return ModelMaps.occlusion(image, category, model, patch, stride, baseline);
        }
    }

    /**
     * RISE with {@code masks} random s × s grids ({@code grid}), cells kept with probability
     * {@code keep}, masked-out pixels blended towards {@code baseline}.
     */
    record Rise(int masks, int grid, double keep, long seed, Baseline baseline) implements MapMethod {
        public Rise(int masks, int grid, double keep, long seed) {
            this(masks, grid, keep, seed, Baseline.MEAN);
        }

        public Rise {
            java.util.Objects.requireNonNull(baseline, "baseline");
            within(masks, "masks", 1, MAX_MASKS);
            within(grid, "grid", MIN_GRID, MAX_GRID);
            if (!(keep > 0 && keep < 1)) {
                throw new InvalidInputException("keep", "keep must be between 0 and 1 (exclusive), was " + keep);
            }
        }

        @Override
        public String name() {
            return "rise";
        }

        @Override
        public Map<String, Object> parameters() {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("masks", masks);
            p.put("grid", grid);
            p.put("keep", keep);
            p.put("seed", seed);
            p.put("baseline", baseline.stored());
            return p;
        }

        @Override
        public ImportanceMap compute(StimulusPixels.Shown image, String category, ModelMaps.Model model) {
            return ModelMaps.rise(image, category, model, masks, grid, keep, seed, baseline);
        }
    }

    /**
     * A method from its name and named parameters (strings, as from a command line or query);
     * missing ones take the defaults: occlusion patch 28, stride 14 (an eighth and a sixteenth
     * of 224 px); RISE N = 2000, s = 8, p = 0.5, seed 0 (Petsiuk et al. 2018); both fill with
     * the image's mean grey level ({@code baseline=mean}) unless {@code baseline} names a grey level.
     */
    static MapMethod parse(String name, Map<String, String> given) {
        String method = name == null ? "rise" : name;
        return switch (method) {
            case "occlusion" -> new Occlusion(integer(given, "patch", 28), integer(given, "stride", 14),
                    Baseline.parse(given.get("baseline")));
            case "rise" -> new Rise(integer(given, "masks", 2000), integer(given, "grid", 8),
                    number(given, "keep", 0.5), seed(given), Baseline.parse(given.get("baseline")));
            default -> throw new InvalidInputException("method", "method must be occlusion or rise, was " + method);
        };
    }

    private static int integer(Map<String, String> given, String key, int fallback) {
        String value = given.get(key);
        try {
            return value == null ? fallback : Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new InvalidInputException(key, key + " must be a whole number, was " + value);
        }
    }

    private static double number(Map<String, String> given, String key, double fallback) {
        String value = given.get(key);
        try {
            return value == null ? fallback : Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new InvalidInputException(key, key + " must be a number, was " + value);
        }
    }

    private static long seed(Map<String, String> given) {
        String value = given.get("seed");
        try {
            return value == null ? 0 : Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new InvalidInputException("seed", "seed must be a whole number, was " + value);
        }
    }

    private static void within(int value, String field, int min, int max) {
        if (value < min || value > max) {
            throw new InvalidInputException(field, field + " must be a whole number from " + min + " to " + max
                    + ", was " + value);
        }
    }
}
