package dev.tandem.stimulus;

import java.util.ArrayList;
import java.util.List;

/**
 * A mixed-radix complex FFT for any length (display sizes such as 224 = 2⁵·7 are not powers of
 * two). Decimation in time, recursive over the prime factors of the length; each factor p costs
 * p² multiplications per output group, which is cheap for the small primes of image sizes.
 *
 * <p>Twiddle factors come from {@link StrictMath} and Java's floating point is IEEE-exact, so the
 * result is the same on every JVM and machine: masks built from it are reproducible bytes.
 */
final class Fft {

    private final int n;
    private final int[] factors;
    private final double[] cos;
    private final double[] sin;
    private final double[] scratchRe;
    private final double[] scratchIm;
    private final double[] twistedRe;
    private final double[] twistedIm;
    private final double[] sumRe;
    private final double[] sumIm;

    Fft(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("FFT length must be positive: " + n);
        }
        this.n = n;
        this.factors = factorize(n);
        this.cos = new double[n];
        this.sin = new double[n];
        for (int k = 0; k < n; k++) {
            double angle = -2.0 * StrictMath.PI * k / n;
            cos[k] = StrictMath.cos(angle);
            sin[k] = StrictMath.sin(angle);
        }
        this.scratchRe = new double[n];
        this.scratchIm = new double[n];
        int largestFactor = factors.length == 0 ? 1 : factors[factors.length - 1];
        this.twistedRe = new double[largestFactor];
        this.twistedIm = new double[largestFactor];
        this.sumRe = new double[largestFactor];
        this.sumIm = new double[largestFactor];
    }

    int length() {
        return n;
    }

    /**
     * Transforms {@code re + i·im} in place: forward is X[k] = Σ x[j]·e^(−2πijk/n); inverse uses
     * e^(+2πijk/n) and divides by n.
     */
    void transform(double[] re, double[] im, boolean inverse) {
        System.arraycopy(re, 0, scratchRe, 0, n);
        System.arraycopy(im, 0, scratchIm, 0, n);
        double sign = inverse ? -1.0 : 1.0;
        recurse(scratchRe, scratchIm, 0, 1, n, 0, re, im, 0, sign);
        if (inverse) {
            for (int k = 0; k < n; k++) {
                re[k] /= n;
                im[k] /= n;
            }
        }
    }

    /** Transforms x[offset + j·stride], j < length, into out[outOffset … outOffset + length). */
    private void recurse(double[] inRe, double[] inIm, int offset, int stride, int length, int factorIndex,
                         double[] outRe, double[] outIm, int outOffset, double sign) {
        if (length == 1) {
            outRe[outOffset] = inRe[offset];
            outIm[outOffset] = inIm[offset];
            return;
        }
        int p = factors[factorIndex];
        int m = length / p;
        for (int q = 0; q < p; q++) {
            recurse(inRe, inIm, offset + q * stride, stride * p, m, factorIndex + 1, outRe, outIm,
                    outOffset + q * m, sign);
        }
        int twiddleStep = n / length; // W_length^e = W_n^(e·twiddleStep)
        if (p == 2) {
            for (int k = 0; k < m; k++) {
                int top = outOffset + k;
                int bottom = top + m;
                double wRe = cos[k * twiddleStep];
                double wIm = sign * sin[k * twiddleStep];
                double tRe = outRe[bottom] * wRe - outIm[bottom] * wIm;
                double tIm = outRe[bottom] * wIm + outIm[bottom] * wRe;
                outRe[bottom] = outRe[top] - tRe;
                outIm[bottom] = outIm[top] - tIm;
                outRe[top] += tRe;
                outIm[top] += tIm;
            }
            return;
        }
        // Radix p: twist Y_q[k] by W_length^(q·k), then a p-point DFT over q:
        // X[k + r·m] = Σ_q W_p^(q·r) · W_length^(q·k) · Y_q[k].
        int rootStep = n / p;
        for (int k = 0; k < m; k++) {
            for (int q = 0; q < p; q++) {
                int at = outOffset + q * m + k;
                int t = q * k * twiddleStep;
                double wRe = cos[t];
                double wIm = sign * sin[t];
                twistedRe[q] = outRe[at] * wRe - outIm[at] * wIm;
                twistedIm[q] = outRe[at] * wIm + outIm[at] * wRe;
            }
            for (int r = 0; r < p; r++) {
                double accRe = 0;
                double accIm = 0;
                int exponent = 0; // q·r mod p, kept without division
                for (int q = 0; q < p; q++) {
                    double wRe = cos[exponent * rootStep];
                    double wIm = sign * sin[exponent * rootStep];
                    accRe += twistedRe[q] * wRe - twistedIm[q] * wIm;
                    accIm += twistedRe[q] * wIm + twistedIm[q] * wRe;
                    exponent += r;
                    if (exponent >= p) {
                        exponent -= p;
                    }
                }
                sumRe[r] = accRe;
                sumIm[r] = accIm;
            }
            for (int r = 0; r < p; r++) {
                outRe[outOffset + k + r * m] = sumRe[r];
                outIm[outOffset + k + r * m] = sumIm[r];
            }
        }
    }

    /** Transforms a row-major {@code n × n} complex array in place: rows, then columns. */
    void transform2d(double[] re, double[] im, boolean inverse) {
        double[] rowRe = new double[n];
        double[] rowIm = new double[n];
        for (int y = 0; y < n; y++) {
            System.arraycopy(re, y * n, rowRe, 0, n);
            System.arraycopy(im, y * n, rowIm, 0, n);
            transform(rowRe, rowIm, inverse);
            System.arraycopy(rowRe, 0, re, y * n, n);
            System.arraycopy(rowIm, 0, im, y * n, n);
        }
        for (int x = 0; x < n; x++) {
            for (int y = 0; y < n; y++) {
                rowRe[y] = re[y * n + x];
                rowIm[y] = im[y * n + x];
            }
            transform(rowRe, rowIm, inverse);
            for (int y = 0; y < n; y++) {
                re[y * n + x] = rowRe[y];
                im[y * n + x] = rowIm[y];
            }
        }
    }

    private static int[] factorize(int n) {
        List<Integer> found = new ArrayList<>();
        int rest = n;
        for (int p = 2; (long) p * p <= rest; p++) {
            while (rest % p == 0) {
                found.add(p);
                rest /= p;
            }
        }
        if (rest > 1) {
            found.add(rest);
        }
        return found.stream().mapToInt(Integer::intValue).toArray();
    }
}
