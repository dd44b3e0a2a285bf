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

    /** Occlusion with a mid-grey square of side {@code patch} moved by {@code stride} pixels. */
    record Occlusion(int patch, int stride) implements MapMethod {
        public Occlusion {
            positive(patch, "patch");
            positive(stride, "stride");
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
            return p;
        }

        @Override
        public ImportanceMap compute(StimulusPixels.Shown image, String category, ModelMaps.Model model) {
            return ModelMaps.occlusion(image, category, model, patch, stride);
        }
    }

    /** RISE with {@code masks} random s × s grids ({@code grid}), cells kept with probability {@code keep}. */
    record Rise(int masks, int grid, double keep, long seed) implements MapMethod {
        public Rise {
            positive(masks, "masks");
            positive(grid, "grid");
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
            return p;
        }

        @Override
        public ImportanceMap compute(StimulusPixels.Shown image, String category, ModelMaps.Model model) {
            return ModelMaps.rise(image, category, model, masks, grid, keep, seed);
        }
    }

    /**
     * A method from its name and named parameters (strings, as from a command line or query);
     * missing ones take the defaults: occlusion patch 28, stride 14 (an eighth and a sixteenth
     * of 224 px); RISE N = 2000, s = 8, p = 0.5, seed 0 (Petsiuk et al. 2018).
     */
    static MapMethod parse(String name, Map<String, String> given) {
        String method = name == null ? "rise" : name;
        return switch (method) {
            case "occlusion" -> new Occlusion(integer(given, "patch", 28), integer(given, "stride", 14));
            case "rise" -> new Rise(integer(given, "masks", 2000), integer(given, "grid", 8),
                    number(given, "keep", 0.5), seed(given));
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

    private static void positive(int value, String field) {
        if (value < 1) {
            throw new InvalidInputException(field, field + " must be positive, was " + value);
        }
    }
}
