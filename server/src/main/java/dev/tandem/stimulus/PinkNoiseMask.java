package dev.tandem.stimulus;

import java.util.SplittableRandom;

/**
 * The default backward mask: 1/f ("pink") noise with random phase, as in Geirhos et al. (2018),
 * "Generalisation in humans and deep neural networks". The amplitude spectrum is 1/f (f the
 * radial spatial frequency in cycles per image), each frequency gets a uniformly random phase
 * from {@link SplittableRandom} seeded with the trial's mask seed, the spectrum is made
 * Hermitian-symmetric so its inverse FFT is real, and the result is min–max scaled to [0, 1]
 * (so to 0…255 once quantized). The mean (DC) component is zero; scaling sets the mean anyway.
 *
 * <p>Same seed and size, same pixels, on every machine: SplittableRandom's sequence is
 * specified and {@link Fft} uses only IEEE arithmetic and StrictMath.
 */
public final class PinkNoiseMask {

    /** Bumped whenever the pixels for a (seed, size) could change; part of every mask recipe. */
    public static final String RENDERER_VERSION = "pink-noise/1";

    private PinkNoiseMask() {
    }

    /** The mask's grey values in [0, 1] for {@code seed} at {@code size × size}. */
    static GrayImage generate(long seed, int size) {
        if (size < 2) {
            throw new IllegalArgumentException("mask size must be at least 2: " + size);
        }
        double[] re = new double[size * size];
        double[] im = new double[size * size];
        spectrum(seed, size, re, im);
        return minMaxScaled(size, realInverse(re, im, size));
    }

    /** Fills {@code re + i·im} with the mask's Hermitian 1/f spectrum, DC and mirrors included. */
    static void spectrum(long seed, int size, double[] re, double[] im) {
        SplittableRandom random = new SplittableRandom(seed);
        for (int v = 0; v < size; v++) {
            for (int u = 0; u < size; u++) {
                int index = v * size + u;
                int mirror = ((size - v) % size) * size + (size - u) % size;
                if (index > mirror) {
                    continue; // set together with its mirror, which came first
                }
                double frequency = Math.sqrt(square(signedFrequency(u, size)) + square(signedFrequency(v, size)));
                if (frequency == 0) {
                    continue; // no DC component
                }
                double amplitude = 1.0 / frequency;
                double phase = 2.0 * StrictMath.PI * random.nextDouble();
                double cos = StrictMath.cos(phase);
                if (index == mirror) {
                    re[index] = amplitude * cos; // self-conjugate (Nyquist) bins must be real
                    continue;
                }
                double sin = StrictMath.sin(phase);
                re[index] = amplitude * cos;
                im[index] = amplitude * sin;
                re[mirror] = amplitude * cos;
                im[mirror] = -amplitude * sin;
            }
        }
    }

    /**
     * Inverse 2-D FFT of a Hermitian spectrum, whose result is real, in about half the work of
     * a general one: row v's transform is the conjugate of row (n − v)'s, and two real columns
     * go through one complex transform (as real and imaginary part).
     */
    static double[] realInverse(double[] re, double[] im, int size) {
        Fft fft = new Fft(size);
        double[] rowRe = new double[size];
        double[] rowIm = new double[size];
        for (int v = 0; v <= size / 2; v++) {
            System.arraycopy(re, v * size, rowRe, 0, size);
            System.arraycopy(im, v * size, rowIm, 0, size);
            fft.transform(rowRe, rowIm, true);
            System.arraycopy(rowRe, 0, re, v * size, size);
            System.arraycopy(rowIm, 0, im, v * size, size);
            if (v > 0 && size - v != v) {
                int mirror = (size - v) * size;
                for (int x = 0; x < size; x++) {
                    re[mirror + x] = rowRe[x];
                    im[mirror + x] = -rowIm[x];
                }
            }
        }
        double[] pixels = new double[size * size];
        for (int x = 0; x < size; x += 2) {
            boolean pair = x + 1 < size;
            for (int y = 0; y < size; y++) {
                int at = y * size + x;
                rowRe[y] = re[at] - (pair ? im[at + 1] : 0);
                rowIm[y] = im[at] + (pair ? re[at + 1] : 0);
            }
            fft.transform(rowRe, rowIm, true);
            for (int y = 0; y < size; y++) {
                pixels[y * size + x] = rowRe[y];
                if (pair) {
                    pixels[y * size + x + 1] = rowIm[y];
                }
            }
        }
        return pixels;
    }

    /** The mask as PNG bytes. */
    static byte[] png(long seed, int size) {
        return PngEncoder.encodeGray(generate(seed, size));
    }

    private static GrayImage minMaxScaled(int size, double[] values) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double value : values) {
            min = Math.min(min, value);
            max = Math.max(max, value);
        }
        double range = max - min;
        double[] pixels = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            pixels[i] = range == 0 ? 0.5 : (values[i] - min) / range;
        }
        return new GrayImage(size, size, pixels);
    }

    /** Frequency index k of an n-point DFT as cycles per image in (−n/2, n/2]. */
    static int signedFrequency(int k, int n) {
        return k <= n / 2 ? k : k - n;
    }

    private static double square(double value) {
        return value * value;
    }
}
