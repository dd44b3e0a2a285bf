package dev.tandem.clickme;

import java.util.List;

/**
 * An importance map over an image (row-major doubles) and the operations ClickMe analysis needs:
 * human click maps (issue 5; Linsley et al. 2019: count maps per participant, mean over
 * participants, Gaussian blur, normalized), and the comparisons of harmonization (Fel et al.
 * 2022): Spearman rank correlation and Dice/IoU of the top pixels.
 */
public record ImportanceMap(int width, int height, double[] values) {

    /** One participant's count map: each pixel counts the reveals that uncovered it. */
    public static ImportanceMap counts(int width, int height, List<Reveal> reveals) {
        double[] values = new double[width * height];
        for (Reveal r : reveals) {
            int x0 = Math.max(0, r.x() - (r.size() >> 1));
            int y0 = Math.max(0, r.y() - (r.size() >> 1));
            int x1 = Math.min(width, r.x() - (r.size() >> 1) + r.size());
            int y1 = Math.min(height, r.y() - (r.size() >> 1) + r.size());
            for (int y = y0; y < y1; y++) {
                for (int x = x0; x < x1; x++) {
                    values[y * width + x]++;
                }
            }
        }
        return new ImportanceMap(width, height, values);
    }

    /** The human map: mean of the participants' count maps, blurred (σ in pixels), scaled to max 1. */
    public static ImportanceMap human(List<ImportanceMap> participants, double sigma) {
        ImportanceMap first = participants.get(0);
        double[] mean = new double[first.values.length];
        for (ImportanceMap m : participants) {
            for (int i = 0; i < mean.length; i++) {
                mean[i] += m.values[i] / participants.size();
            }
        }
        return new ImportanceMap(first.width, first.height, mean).blurred(sigma).normalized();
    }

    /** Separable Gaussian blur, kernel radius 3σ, edges reflected. */
    public ImportanceMap blurred(double sigma) {
        if (sigma <= 0) {
            return this;
        }
        int radius = (int) Math.ceil(3 * sigma);
        double[] kernel = new double[2 * radius + 1];
        double sum = 0;
        for (int i = -radius; i <= radius; i++) {
            kernel[i + radius] = Math.exp(-i * i / (2 * sigma * sigma));
            sum += kernel[i + radius];
        }
        for (int i = 0; i < kernel.length; i++) {
            kernel[i] /= sum;
        }
        double[] rows = new double[values.length];
        double[] out = new double[values.length];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                double v = 0;
                for (int k = -radius; k <= radius; k++) {
                    v += kernel[k + radius] * values[y * width + reflect(x + k, width)];
                }
                rows[y * width + x] = v;
            }
        }
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                double v = 0;
                for (int k = -radius; k <= radius; k++) {
                    v += kernel[k + radius] * rows[reflect(y + k, height) * width + x];
                }
                out[y * width + x] = v;
            }
        }
        return new ImportanceMap(width, height, out);
    }

    /** Scaled so the largest value is 1 (an all-zero map stays zero). */
    public ImportanceMap normalized() {
        double max = 0;
        for (double v : values) {
            max = Math.max(max, v);
        }
        double[] out = values.clone();
        if (max > 0) {
            for (int i = 0; i < out.length; i++) {
                out[i] /= max;
            }
        }
        return new ImportanceMap(width, height, out);
    }

    /** The index of the largest value (the first on ties). */
    public int peak() {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return best;
    }

    private static int reflect(int i, int n) {
        if (n == 1) {
            return 0;
        }
        while (i < 0 || i >= n) {
            i = i < 0 ? -i - 1 : 2 * n - i - 1;
        }
        return i;
    }
}
