package dev.tandem.stimulus;

import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * The manipulations a condition can name, on grey values in [0, 1]:
 * <ul>
 *   <li>{@code none} — no level.</li>
 *   <li>{@code contrast} — level c in (0, 1]: x' = c·x + (1 − c)·0.5, so the standard deviation
 *       shrinks by c around mid-grey.</li>
 *   <li>{@code uniform-noise} — level w in [0, 1]: as in Geirhos et al. (2018), contrast is first
 *       reduced to 30 %, then i.i.d. uniform noise in [−w, w] is added to each pixel and the result
 *       clipped to [0, 1].</li>
 *   <li>{@code low-pass} — level σ > 0: Gaussian blur with standard deviation σ display pixels
 *       (see {@link GaussianLowPass}).</li>
 * </ul>
 */
final class Manipulations {

    /** Geirhos et al. (2018) reduce contrast to 30 % before adding uniform noise. */
    static final double NOISE_CONTRAST = 0.3;

    private static final Map<String, Manipulation> BY_NAME = new TreeMap<>(Map.of(
            "none", new None(),
            "contrast", new Contrast(),
            "uniform-noise", new UniformNoise(),
            "low-pass", new GaussianLowPass()));

    private Manipulations() {
    }

    static Optional<Manipulation> named(String name) {
        return Optional.ofNullable(name).map(BY_NAME::get);
    }

    static String names() {
        return String.join(", ", BY_NAME.keySet());
    }

    static GrayImage reduceContrast(GrayImage image, double contrast) {
        double[] pixels = image.pixels().clone();
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = contrast * pixels[i] + (1.0 - contrast) * 0.5;
        }
        return new GrayImage(image.width(), image.height(), pixels);
    }

    private static final class None implements Manipulation {
        @Override
        public String checkLevel(Double level) {
            return level == null ? null : "must be absent for manipulation none";
        }

        @Override
        public boolean usesSeed() {
            return false;
        }

        @Override
        public GrayImage apply(GrayImage image, Double level, long seed) {
            return image;
        }
    }

    private static final class Contrast implements Manipulation {
        @Override
        public String checkLevel(Double level) {
            return level != null && level > 0 && level <= 1 ? null : "contrast must be in (0, 1]";
        }

        @Override
        public boolean usesSeed() {
            return false;
        }

        @Override
        public GrayImage apply(GrayImage image, Double level, long seed) {
            return reduceContrast(image, level);
        }
    }

    private static final class UniformNoise implements Manipulation {
        @Override
        public String checkLevel(Double level) {
            return level != null && level >= 0 && level <= 1 ? null : "noise width must be in [0, 1]";
        }

        @Override
        public boolean usesSeed() {
            return true;
        }

        @Override
        public GrayImage apply(GrayImage image, Double level, long seed) {
            GrayImage reduced = reduceContrast(image, NOISE_CONTRAST);
            double[] pixels = reduced.pixels();
            SplittableRandom random = new SplittableRandom(seed);
            for (int i = 0; i < pixels.length; i++) {
                double noise = (2.0 * random.nextDouble() - 1.0) * level;
                pixels[i] = Math.min(1.0, Math.max(0.0, pixels[i] + noise));
            }
            return reduced;
        }
    }
}
