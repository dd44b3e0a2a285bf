package dev.tandem.stimulus;

/**
 * Gaussian low-pass filter, separable, with σ in display pixels. Follows
 * {@code scipy.ndimage.gaussian_filter} (as used by Geirhos et al. 2018): the kernel is truncated
 * at radius round(4σ) and normalized, and borders use "reflect" padding — the image mirrored
 * about its edge, the edge pixel repeated (d c b a | a b c d | d c b a).
 */
final class GaussianLowPass implements Manipulation {

    private static final double TRUNCATE = 4.0;

    @Override
    public String checkLevel(Double level) {
        return level != null && level > 0 && level <= 100 ? null : "low-pass σ must be in (0, 100] display pixels";
    }

    @Override
    public boolean usesSeed() {
        return false;
    }

    @Override
    public GrayImage apply(GrayImage image, Double sigma, long seed) {
        return blur(image, sigma, null);
    }

    /**
     * The blurred image; borders are padded with the grey level {@code constant}, or reflected
     * when it is null (renderer condition/1).
     */
    static GrayImage blur(GrayImage image, double sigma, Double constant) {
        double[] kernel = kernel(sigma);
        int width = image.width();
        int height = image.height();
        double[] rows = new double[width * height];
        for (int y = 0; y < height; y++) {
            convolve(image.pixels(), y * width, 1, width, kernel, rows, y * width, 1, constant);
        }
        double[] columns = new double[width * height];
        for (int x = 0; x < width; x++) {
            convolve(rows, x, width, height, kernel, columns, x, width, constant);
        }
        return new GrayImage(width, height, columns);
    }

    static double[] kernel(double sigma) {
        int radius = (int) (TRUNCATE * sigma + 0.5);
        double[] weights = new double[2 * radius + 1];
        double sum = 0;
        for (int i = -radius; i <= radius; i++) {
            double weight = StrictMath.exp(-0.5 * i * i / (sigma * sigma));
            weights[i + radius] = weight;
            sum += weight;
        }
        for (int i = 0; i < weights.length; i++) {
            weights[i] /= sum;
        }
        return weights;
    }

    private static void convolve(double[] source, int start, int step, int length, double[] kernel,
                                 double[] target, int targetStart, int targetStep, Double constant) {
        int radius = kernel.length / 2;
        double[] padded = new double[length + 2 * radius];
        for (int i = 0; i < padded.length; i++) {
            int index = i - radius;
            padded[i] = constant != null && (index < 0 || index >= length) ? constant
                    : source[start + step * reflect(index, length)];
        }
        for (int i = 0; i < length; i++) {
            double sum = 0;
            for (int k = 0; k < kernel.length; k++) {
                sum += kernel[k] * padded[i + k];
            }
            target[targetStart + targetStep * i] = sum;
        }
    }

    /** Index into [0, length) with half-sample symmetric reflection, for any offset. */
    static int reflect(int index, int length) {
        int period = 2 * length;
        int folded = Math.floorMod(index, period);
        return folded < length ? folded : period - 1 - folded;
    }
}
