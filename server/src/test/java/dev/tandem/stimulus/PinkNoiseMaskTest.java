package dev.tandem.stimulus;

import dev.tandem.common.Hashes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PinkNoiseMaskTest {

    @Test
    void aSeedAlwaysGivesTheSameMaskBytes() {
        assertArrayEquals(PinkNoiseMask.png(42, 224), PinkNoiseMask.png(42, 224));
        // Pinned: masks of stored trials must keep their hashes.
        assertEquals("9b7a50ce783759a11e4440b60a0cb77aeedc58ec8dd62ff46c6a1b8f6d4f926b", Hashes.sha256Hex(PinkNoiseMask.png(42, 224)));
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 15, 16, 224})
    void theShortcutForRealResultsAgreesWithTheFullInverseTransform(int size) {
        double[] re = new double[size * size];
        double[] im = new double[size * size];
        PinkNoiseMask.spectrum(9, size, re, im);
        double[] shortcut = PinkNoiseMask.realInverse(re.clone(), im.clone(), size);
        new Fft(size).transform2d(re, im, true);
        for (int i = 0; i < re.length; i++) {
            assertEquals(re[i], shortcut[i], 1e-12);
            assertEquals(0, im[i], 1e-12); // the spectrum is Hermitian, so the image is real
        }
    }

    @Test
    void differentSeedsGiveDifferentMasks() {
        assertFalse(Arrays.equals(PinkNoiseMask.png(1, 224), PinkNoiseMask.png(2, 224)));
    }

    @Test
    void theMaskUsesTheFullGreyRange() {
        byte[] grey = PinkNoiseMask.generate(7, 224).toBytes();
        int min = 255;
        int max = 0;
        for (byte value : grey) {
            min = Math.min(min, value & 0xff);
            max = Math.max(max, value & 0xff);
        }
        assertEquals(0, min);
        assertEquals(255, max);
    }

    @Test
    void theAmplitudeSpectrumFallsAsOneOverFrequency() {
        int n = 224;
        GrayImage mask = TestImages.decodePng(PinkNoiseMask.png(3, n));
        double[] re = mask.pixels().clone();
        double[] im = new double[n * n];
        new Fft(n).transform2d(re, im, false);
        // mean amplitude in rings of one cycle per image, from 2 to 56 cycles
        int rings = 56;
        double[] amplitude = new double[rings + 1];
        int[] count = new int[rings + 1];
        for (int v = 0; v < n; v++) {
            for (int u = 0; u < n; u++) {
                int ring = (int) Math.round(Math.hypot(PinkNoiseMask.signedFrequency(u, n),
                        PinkNoiseMask.signedFrequency(v, n)));
                if (ring >= 2 && ring <= rings) {
                    amplitude[ring] += Math.hypot(re[v * n + u], im[v * n + u]);
                    count[ring]++;
                }
            }
        }
        double sx = 0, sy = 0, sxx = 0, sxy = 0;
        int points = 0;
        for (int ring = 2; ring <= rings; ring++) {
            double x = Math.log(ring);
            double y = Math.log(amplitude[ring] / count[ring]);
            sx += x;
            sy += y;
            sxx += x * x;
            sxy += x * y;
            points++;
        }
        double slope = (points * sxy - sx * sy) / (points * sxx - sx * sx);
        assertTrue(slope > -1.1 && slope < -0.9, "log-log slope of the amplitude spectrum is " + slope);
    }
}
