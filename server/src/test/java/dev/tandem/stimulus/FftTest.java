package dev.tandem.stimulus;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FftTest {

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 7, 12, 28, 224, 227})
    void theTransformEqualsTheDefinitionOfTheDft(int n) {
        SplittableRandom random = new SplittableRandom(n);
        double[] re = random.doubles(n).toArray();
        double[] im = random.doubles(n).toArray();
        double[] fftRe = re.clone();
        double[] fftIm = im.clone();
        new Fft(n).transform(fftRe, fftIm, false);
        for (int k = 0; k < n; k++) {
            double expectedRe = 0;
            double expectedIm = 0;
            for (int j = 0; j < n; j++) {
                double angle = -2 * Math.PI * j * k / n;
                expectedRe += re[j] * Math.cos(angle) - im[j] * Math.sin(angle);
                expectedIm += re[j] * Math.sin(angle) + im[j] * Math.cos(angle);
            }
            assertEquals(expectedRe, fftRe[k], 1e-9 * n);
            assertEquals(expectedIm, fftIm[k], 1e-9 * n);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {6, 224})
    void theInverseTransformUndoesTheForwardOneIn2d(int n) {
        SplittableRandom random = new SplittableRandom(1);
        double[] re = random.doubles((long) n * n).toArray();
        double[] im = new double[n * n];
        double[] original = re.clone();
        Fft fft = new Fft(n);
        fft.transform2d(re, im, false);
        fft.transform2d(re, im, true);
        for (int i = 0; i < re.length; i++) {
            assertEquals(original[i], re[i], 1e-12);
            assertEquals(0, im[i], 1e-12);
        }
    }
}
