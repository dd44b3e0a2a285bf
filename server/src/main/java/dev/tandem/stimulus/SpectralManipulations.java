package dev.tandem.stimulus;

import java.util.SplittableRandom;

/**
 * The Fourier-domain manipulations of {@link ManipulationKind}, after Geirhos et al. (2018),
 * "Generalisation in humans and deep neural networks" (NeurIPS), {@code scramble_phases} and
 * {@code equalise_power_spectrum} of their {@code image_manipulation.py}: grey, 2-D DFT, change
 * phases or amplitudes, inverse DFT, real part, clipped to [0, 1]. Any width and height (the DFT
 * is {@link Fft}, mixed radix); every change keeps the spectrum Hermitian, so the inverse is real.
 */
final class SpectralManipulations {

    private SpectralManipulations() {
    }

    /**
     * Phase noise of width w degrees: every frequency's phase is shifted by an i.i.d. uniform
     * amount in [−w, w]° (its mirror by the opposite amount); amplitudes and the mean are kept.
     */
    static Picture phaseNoise(Picture picture, double widthDegrees, long seed) {
        GrayImage grey = picture.luminance();
        int w = grey.width();
        int h = grey.height();
        double[] re = grey.pixels().clone();
        double[] im = new double[re.length];
        transform(re, im, w, h, false);
        SplittableRandom random = new SplittableRandom(seed);
        double maxShift = widthDegrees / 180.0 * StrictMath.PI;
        for (int v = 0; v < h; v++) {
            for (int u = 0; u < w; u++) {
                int index = v * w + u;
                int mirror = mirror(u, v, w, h);
                if (index >= mirror) {
                    continue; // shifted with its mirror; self-conjugate bins (DC, Nyquist) stay real
                }
                double shift = (2.0 * random.nextDouble() - 1.0) * maxShift;
                double cos = StrictMath.cos(shift);
                double sin = StrictMath.sin(shift);
                double a = re[index];
                double b = im[index];
                re[index] = a * cos - b * sin;
                im[index] = a * sin + b * cos;
                re[mirror] = re[index];
                im[mirror] = -im[index];
            }
        }
        transform(re, im, w, h, true);
        return Picture.grey(ColourManipulations.clipped(new GrayImage(w, h, re)));
    }

    /**
     * Power equalisation: every frequency's amplitude is set to a common spectrum, phases and
     * the mean (DC) kept. Geirhos et al. used the mean amplitude spectrum of all their images;
     * a rendering here sees one image, so the common spectrum is 1/f (the average shape of natural
     * images' spectra), scaled to keep the image's own energy outside DC.
     */
    static Picture powerEqualisation(Picture picture) {
        GrayImage grey = picture.luminance();
        int w = grey.width();
        int h = grey.height();
        double[] re = grey.pixels().clone();
        double[] im = new double[re.length];
        transform(re, im, w, h, false);
        double energy = 0;
        double target = 0;
        double[] amplitude = new double[re.length];
        for (int v = 0; v < h; v++) {
            for (int u = 0; u < w; u++) {
                int index = v * w + u;
                if (index == 0) {
                    continue;
                }
                double fu = signed(u, w) / (double) w;
                double fv = signed(v, h) / (double) h;
                amplitude[index] = 1.0 / Math.sqrt(fu * fu + fv * fv);
                energy += re[index] * re[index] + im[index] * im[index];
                target += amplitude[index] * amplitude[index];
            }
        }
        double scale = target == 0 ? 0 : Math.sqrt(energy / target);
        for (int index = 1; index < re.length; index++) {
            double modulus = Math.hypot(re[index], im[index]);
            double a = scale * amplitude[index];
            if (modulus == 0) {
                re[index] = a; // no phase to keep: phase 0 (mirror bins get the same, so Hermitian)
                im[index] = 0;
            } else {
                re[index] = a * re[index] / modulus;
                im[index] = a * im[index] / modulus;
            }
        }
        transform(re, im, w, h, true);
        return Picture.grey(ColourManipulations.clipped(new GrayImage(w, h, re)));
    }

    private static int signed(int k, int n) {
        return k <= n / 2 ? k : k - n;
    }

    private static int mirror(int u, int v, int w, int h) {
        return ((h - v) % h) * w + (w - u) % w;
    }

    /** 2-D DFT of a row-major {@code w × h} array in place: rows, then columns. */
    static void transform(double[] re, double[] im, int w, int h, boolean inverse) {
        Fft rows = new Fft(w);
        double[] rowRe = new double[w];
        double[] rowIm = new double[w];
        for (int y = 0; y < h; y++) {
            System.arraycopy(re, y * w, rowRe, 0, w);
            System.arraycopy(im, y * w, rowIm, 0, w);
            rows.transform(rowRe, rowIm, inverse);
            System.arraycopy(rowRe, 0, re, y * w, w);
            System.arraycopy(rowIm, 0, im, y * w, w);
        }
        Fft columns = new Fft(h);
        double[] colRe = new double[h];
        double[] colIm = new double[h];
        for (int x = 0; x < w; x++) {
            for (int y = 0; y < h; y++) {
                colRe[y] = re[y * w + x];
                colIm[y] = im[y * w + x];
            }
            columns.transform(colRe, colIm, inverse);
            for (int y = 0; y < h; y++) {
                re[y * w + x] = colRe[y];
                im[y * w + x] = colIm[y];
            }
        }
    }
}
