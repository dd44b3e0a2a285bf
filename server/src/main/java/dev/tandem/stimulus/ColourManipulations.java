package dev.tandem.stimulus;

import java.util.List;
import java.util.SplittableRandom;

/**
 * The pixel-wise manipulations of {@link ManipulationKind}, on pictures of 1 or 3 channels,
 * following Geirhos et al. (2018), "Generalisation in humans and deep neural networks" (NeurIPS),
 * and their code's {@code image_manipulation.py} (github.com/rgeirhos/generalisation-humans-DNNs):
 * where their function converts to grey ({@code rgb2gray}), so does ours, and the result is a
 * 1-channel picture; contrast and false colour work on the colour channels as theirs do.
 */
final class ColourManipulations {

    /** Geirhos et al. (2018) reduce contrast to 30 % before adding uniform noise. */
    static final double NOISE_CONTRAST = 0.3;

    private ColourManipulations() {
    }

    static Picture grayscale(Picture picture) {
        return Picture.grey(picture.luminance());
    }

    /** x' = c·x + (1 − c)/2 on every channel: their {@code adjust_contrast}. */
    static Picture contrast(Picture picture, double contrast) {
        return picture.map(channel -> contrast(channel, contrast));
    }

    static GrayImage contrast(GrayImage image, double contrast) {
        double[] pixels = image.pixels().clone();
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = contrast * pixels[i] + (1.0 - contrast) / 2.0;
        }
        return new GrayImage(image.width(), image.height(), pixels);
    }

    /**
     * Their {@code uniform_noise}: grey, contrast 30 %, then i.i.d. noise uniform in [−w, w]
     * added to each pixel, clipped to [0, 1]. The noise comes from {@link SplittableRandom} with the
     * recipe's seed (their code used a NumPy RandomState; the distribution is the same).
     */
    static Picture uniformNoise(Picture picture, double width, long seed) {
        GrayImage reduced = contrast(picture.luminance(), NOISE_CONTRAST);
        double[] pixels = reduced.pixels();
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < pixels.length; i++) {
            double noise = (2.0 * random.nextDouble() - 1.0) * width;
            pixels[i] = clip(pixels[i] + noise);
        }
        return Picture.grey(reduced);
    }

    /**
     * Their {@code low_pass_filter}: grey, Gaussian blur of standard deviation σ (render pixels),
     * borders padded with a constant grey, clipped. They padded with 0.4423, "the mean pixel value
     * over all images" of their set; with any lab's set we pad with the image's own mean grey, the
     * same rule applied per image, so the border neither darkens nor brightens the image.
     */
    static Picture lowPass(Picture picture, double sigma) {
        GrayImage grey = picture.luminance();
        return Picture.grey(clipped(GaussianLowPass.blur(grey, sigma, mean(grey))));
    }

    /**
     * Their {@code high_pass_filter}: grey, image − low-pass(image) (constant padding as in
     * {@link #lowPass}), shifted so its mean is the background grey (their 0.4423; here the
     * image's own mean), clipped.
     */
    static Picture highPass(Picture picture, double sigma) {
        GrayImage grey = picture.luminance();
        double background = mean(grey);
        GrayImage low = GaussianLowPass.blur(grey, sigma, background);
        double[] pixels = new double[grey.pixels().length];
        double sum = 0;
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = grey.pixels()[i] - low.pixels()[i];
            sum += pixels[i];
        }
        double shift = background - sum / pixels.length;
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = clip(pixels[i] + shift);
        }
        return Picture.grey(new GrayImage(grey.width(), grey.height(), pixels));
    }

    /**
     * Their {@code rotate90/180/270}: grey, rotated counter-clockwise by the level in degrees
     * (90: transpose, then rows reversed, as {@code np.transpose(g)[::-1, :]}).
     */
    static Picture rotation(Picture picture, double degrees) {
        GrayImage grey = picture.luminance();
        int turns = (int) Math.round(degrees / 90.0) & 3;
        int w = grey.width();
        int h = grey.height();
        int outWidth = turns % 2 == 0 ? w : h;
        int outHeight = turns % 2 == 0 ? h : w;
        double[] out = new double[w * h];
        for (int y = 0; y < outHeight; y++) {
            for (int x = 0; x < outWidth; x++) {
                double value = switch (turns) {
                    case 0 -> grey.at(x, y);
                    case 1 -> grey.at(w - 1 - y, x);
                    case 2 -> grey.at(w - 1 - x, h - 1 - y);
                    default -> grey.at(y, h - 1 - x);
                };
                out[y * outWidth + x] = value;
            }
        }
        return Picture.grey(new GrayImage(outWidth, outHeight, out));
    }

    /** Cone activations of the monitor's red, green and blue primaries (their {@code get_opponent_colours}). */
    private static final double[][] RGB_TO_CONES = {
            {0.1619982647, 0.208049264, 0.0389347448},
            {0.0330275785, 0.2496504557, 0.0618343518},
            {0.0015524055, 0.0198861001, 0.1890224274}};
    /** Cone contrasts to opponent channels (luminance, L−M, S−(L+M)); Brainard (1996), as in their code. */
    private static final double[][] CONES_TO_OPPONENT = {
            {9.27590805, 9.27590805, 0},
            {7.86421647, -9.33587662, 0},
            {-3.39709047, -3.39709047, 12.16230246}};
    private static final double[][] CONES_TO_RGB = inverse(RGB_TO_CONES);
    private static final double[][] OPPONENT_TO_CONES = inverse(CONES_TO_OPPONENT);
    /** Their white point: the cone activations of mid-grey (0.5, 0.5, 0.5) in linear monitor units. */
    private static final double[] WHITE = multiply(RGB_TO_CONES, new double[] {0.5, 0.5, 0.5});

    /**
     * Their {@code false_colour}: in linear light, cone activations relative to the white point
     * are turned into opponent channels, L−M and S−(L+M) are inverted, luminance is kept, and the
     * result is turned back into RGB and clipped. Their monitor's measured gamma table is not
     * ours; we linearise with the sRGB transfer function, which is what the browser assumes.
     */
    static Picture falseColour(Picture picture) {
        Picture rgb = picture.asRgb();
        int n = rgb.width() * rgb.height();
        double[][] out = new double[3][n];
        double[] pixel = new double[3];
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < 3; c++) {
                pixel[c] = srgbToLinear(rgb.channels().get(c).pixels()[i]);
            }
            double[] cones = multiply(RGB_TO_CONES, pixel);
            for (int c = 0; c < 3; c++) {
                cones[c] -= WHITE[c];
            }
            double[] opponent = multiply(CONES_TO_OPPONENT, cones);
            opponent[1] = -opponent[1];
            opponent[2] = -opponent[2];
            double[] newCones = multiply(OPPONENT_TO_CONES, opponent);
            for (int c = 0; c < 3; c++) {
                newCones[c] += WHITE[c];
            }
            double[] linear = multiply(CONES_TO_RGB, newCones);
            for (int c = 0; c < 3; c++) {
                out[c][i] = linearToSrgb(clip(linear[c]));
            }
        }
        return new Picture(List.of(new GrayImage(rgb.width(), rgb.height(), out[0]),
                new GrayImage(rgb.width(), rgb.height(), out[1]), new GrayImage(rgb.width(), rgb.height(), out[2])));
    }

    static double srgbToLinear(double v) {
        return v <= 0.04045 ? v / 12.92 : StrictMath.pow((v + 0.055) / 1.055, 2.4);
    }

    static double linearToSrgb(double v) {
        return v <= 0.0031308 ? 12.92 * v : 1.055 * StrictMath.pow(v, 1 / 2.4) - 0.055;
    }

    static double mean(GrayImage image) {
        double sum = 0;
        for (double v : image.pixels()) {
            sum += v;
        }
        return sum / image.pixels().length;
    }

    static double clip(double v) {
        return Math.min(1.0, Math.max(0.0, v));
    }

    static GrayImage clipped(GrayImage image) {
        double[] pixels = image.pixels().clone();
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = clip(pixels[i]);
        }
        return new GrayImage(image.width(), image.height(), pixels);
    }

    private static double[] multiply(double[][] m, double[] v) {
        double[] out = new double[3];
        for (int r = 0; r < 3; r++) {
            out[r] = m[r][0] * v[0] + m[r][1] * v[1] + m[r][2] * v[2];
        }
        return out;
    }

    /** The inverse of a 3 × 3 matrix by cofactors. */
    private static double[][] inverse(double[][] m) {
        double[][] inv = new double[3][3];
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 3; c++) {
                int r1 = (c + 1) % 3;
                int r2 = (c + 2) % 3;
                int c1 = (r + 1) % 3;
                int c2 = (r + 2) % 3;
                inv[r][c] = m[r1][c1] * m[r2][c2] - m[r1][c2] * m[r2][c1];
            }
        }
        double det = m[0][0] * inv[0][0] + m[0][1] * inv[1][0] + m[0][2] * inv[2][0];
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 3; c++) {
                inv[r][c] /= det;
            }
        }
        return inv;
    }
}
