package dev.tandem.stimulus;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Golden tests of every manipulation (issue 10) on a 4 × 3 colour image. The references were
 * computed with NumPy from the definitions in Geirhos et al. (2018), image_manipulation.py of
 * github.com/rgeirhos/generalisation-humans-DNNs (rgb2gray's Rec. 709 weights, adjust_contrast,
 * gaussian_filter with constant padding, high = image − low + mean shift, np.rot90 by transpose
 * and flip, the opponent-colour matrices of get_opponent_colours), then rounded to 8 bits.
 */
class ManipulationGoldenTest {

    private static final int[][] RED = {{10, 200, 30, 40}, {50, 60, 250, 80}, {90, 100, 110, 0}};
    private static final int[][] GREEN = {{0, 20, 240, 60}, {80, 100, 120, 140}, {160, 180, 200, 220}};
    private static final int[][] BLUE = {{255, 128, 64, 32}, {16, 8, 4, 2}, {1, 0, 77, 99}};
    private static final Picture PHOTO = new Picture(List.of(channel(RED), channel(GREEN), channel(BLUE)));

    private static GrayImage channel(int[][] rows) {
        int h = rows.length;
        int w = rows[0].length;
        double[] pixels = new double[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                pixels[y * w + x] = rows[y][x] / 255.0;
            }
        }
        return new GrayImage(w, h, pixels);
    }

    private static int[][] bytes(GrayImage image) {
        byte[] raw = image.toBytes();
        int[][] rows = new int[image.height()][image.width()];
        for (int i = 0; i < raw.length; i++) {
            rows[i / image.width()][i % image.width()] = raw[i] & 0xff;
        }
        return rows;
    }

    private static Picture apply(ManipulationKind kind, Double level) {
        assertNull(kind.checkLevel(level));
        return kind.apply(PHOTO, level, 42L);
    }

    private static void assertGrey(int[][] expected, Picture actual) {
        assertEquals(1, actual.channels().size(), "a 1-channel result");
        assertArrayEquals(expected, bytes(actual.channels().get(0)));
    }

    @Test
    void grayscaleIsRec709LuminanceInOneChannel() {
        assertGrey(new int[][] {{21, 66, 183, 54}, {69, 85, 139, 117}, {134, 150, 172, 165}},
                apply(ManipulationKind.GRAYSCALE, null));
    }

    @Test
    void contrastScalesEveryColourChannelAroundMidGrey() {
        Picture reduced = apply(ManipulationKind.CONTRAST, 0.3);
        assertArrayEquals(new int[][] {{92, 149, 98, 101}, {104, 107, 164, 113}, {116, 119, 122, 89}},
                bytes(reduced.channels().get(0)));
        assertArrayEquals(new int[][] {{89, 95, 161, 107}, {113, 119, 125, 131}, {137, 143, 149, 155}},
                bytes(reduced.channels().get(1)));
        assertArrayEquals(new int[][] {{166, 128, 108, 99}, {94, 92, 90, 90}, {90, 89, 112, 119}},
                bytes(reduced.channels().get(2)));
    }

    @Test
    void uniformNoiseOfWidthZeroIsTheGreyImageAtThirtyPercentContrast() {
        Picture noiseless = apply(ManipulationKind.UNIFORM_NOISE, 0.0);
        Picture expected = ColourManipulations.contrast(apply(ManipulationKind.GRAYSCALE, null), 0.3);
        assertArrayEquals(bytes(expected.channels().get(0)), bytes(noiseless.channels().get(0)));
    }

    @Test
    void uniformNoiseStaysWithinItsWidthAndIsClipped() {
        GrayImage base = ColourManipulations.contrast(PHOTO.luminance(), 0.3);
        GrayImage noisy = apply(ManipulationKind.UNIFORM_NOISE, 0.2).channels().get(0);
        for (int i = 0; i < base.pixels().length; i++) {
            double difference = noisy.pixels()[i] - base.pixels()[i];
            assertEquals(0, difference, 0.2 + 1e-12);
        }
        GrayImage loud = apply(ManipulationKind.UNIFORM_NOISE, 1.0).channels().get(0);
        for (double value : loud.pixels()) {
            assertEquals(0.5, value, 0.5, "clipped to [0, 1]");
        }
    }

    @Test
    void lowPassBlursTheGreyImageWithConstantMeanPadding() {
        assertGrey(new int[][] {{91, 100, 115, 113}, {98, 109, 124, 122}, {113, 122, 132, 129}},
                apply(ManipulationKind.LOW_PASS, 1.0));
    }

    @Test
    void highPassIsTheImageLessItsLowPassWithTheMeanKept() {
        assertGrey(new int[][] {{44, 80, 182, 55}, {85, 90, 129, 109}, {134, 142, 154, 150}},
                apply(ManipulationKind.HIGH_PASS, 1.0));
    }

    @Test
    void rotationTurnsTheGreyImageCounterClockwise() {
        assertGrey(new int[][] {{54, 117, 165}, {183, 139, 172}, {66, 85, 150}, {21, 69, 134}},
                apply(ManipulationKind.ROTATION, 90.0));
        assertGrey(new int[][] {{134, 69, 21}, {150, 85, 66}, {172, 139, 183}, {165, 117, 54}},
                apply(ManipulationKind.ROTATION, 270.0));
        assertGrey(new int[][] {{165, 172, 150, 134}, {117, 139, 85, 69}, {54, 183, 66, 21}},
                apply(ManipulationKind.ROTATION, 180.0));
    }

    @Test
    void falseColourInvertsTheOpponentChannelsInLinearLight() {
        Picture inverted = apply(ManipulationKind.FALSE_COLOUR, null);
        assertArrayEquals(new int[][] {{141, 0, 255, 62}, {82, 102, 0, 144}, {165, 186, 210, 244}},
                bytes(inverted.channels().get(0)));
        assertArrayEquals(new int[][] {{142, 161, 126, 43}, {53, 64, 193, 88}, {100, 113, 130, 120}},
                bytes(inverted.channels().get(1)));
        assertArrayEquals(new int[][] {{0, 108, 255, 66}, {93, 117, 221, 162}, {184, 206, 222, 228}},
                bytes(inverted.channels().get(2)));
    }

    @Test
    void phaseNoiseOfWidthZeroKeepsTheGreyImageAndNoiseKeepsTheMean() {
        assertArrayEquals(bytes(PHOTO.luminance()),
                bytes(apply(ManipulationKind.PHASE_NOISE, 0.0).channels().get(0)));
        GrayImage unclipped = PHOTO.luminance();
        double[] re = unclipped.pixels().clone();
        double[] im = new double[re.length];
        SpectralManipulations.transform(re, im, 4, 3, false);
        GrayImage scrambled = apply(ManipulationKind.PHASE_NOISE, 90.0).channels().get(0);
        assertEquals(ColourManipulations.mean(unclipped), ColourManipulations.mean(scrambled), 0.05,
                "DC is kept (clipping may move the mean a little)");
    }

    /** Reference: NumPy's fft2, amplitudes set to 1/|f| scaled to the image's non-DC energy, phases kept, ifft2. */
    @Test
    void powerEqualisationSetsTheAmplitudeSpectrumToOneOverF() {
        assertGrey(new int[][] {{24, 68, 212, 50}, {82, 90, 137, 111}, {134, 130, 155, 160}},
                apply(ManipulationKind.POWER_EQUALISATION, null));
    }

    @Test
    void phaseNoiseChangesPhasesOnlyNotAmplitudes() {
        Picture faint = ColourManipulations.contrast(PHOTO, 0.1); // stays inside [0, 1]: nothing is clipped
        GrayImage before = faint.luminance();
        GrayImage after = ManipulationKind.PHASE_NOISE.apply(faint, 180.0, 7L).channels().get(0);
        double[] a = amplitudes(before);
        double[] b = amplitudes(after);
        for (int i = 0; i < a.length; i++) {
            assertEquals(a[i], b[i], 1e-9, "amplitude of frequency " + i);
        }
        assertFalse(java.util.Arrays.equals(before.pixels(), after.pixels()), "the phases did change");
    }

    private static double[] amplitudes(GrayImage image) {
        double[] re = image.pixels().clone();
        double[] im = new double[re.length];
        SpectralManipulations.transform(re, im, image.width(), image.height(), false);
        double[] amplitude = new double[re.length];
        for (int i = 0; i < re.length; i++) {
            amplitude[i] = Math.hypot(re[i], im[i]);
        }
        return amplitude;
    }

    @Test
    void powerEqualisationKeepsTheMeanGrey() {
        GrayImage equalised = apply(ManipulationKind.POWER_EQUALISATION, null).channels().get(0);
        assertEquals(ColourManipulations.mean(PHOTO.luminance()), ColourManipulations.mean(equalised), 0.05);
    }

    @Test
    void levelsOutsideTheRegistrysBoundsAreNamed() {
        assertNotNull(ManipulationKind.ROTATION.checkLevel(45.0));
        assertNotNull(ManipulationKind.CONTRAST.checkLevel(0.0));
        assertNotNull(ManipulationKind.PHASE_NOISE.checkLevel(181.0));
        assertNotNull(ManipulationKind.GRAYSCALE.checkLevel(1.0));
        assertNotNull(ManipulationKind.LOW_PASS.checkLevel(null));
        assertNull(ManipulationKind.UNIFORM_NOISE.checkLevel(0.0));
    }

    @Test
    void cropPadAndContainMakeTheStatedShapes() {
        Framing crop = new Framing(Fit.CROP, 0.5, 3, Upscale.NEAREST);
        Picture cropped = crop.apply(PHOTO);
        assertEquals(3, cropped.width());
        assertEquals(3, cropped.height());
        assertArrayEquals(new int[][] {{10, 200, 30}, {50, 60, 250}, {90, 100, 110}},
                bytes(cropped.channels().get(0)), "the centre square: (4 − 3) / 2 = 0 columns cut on the left");
        Picture padded = new Framing(Fit.PAD, 1.0, 4, Upscale.NEAREST).apply(PHOTO);
        assertArrayEquals(new int[][] {{10, 200, 30, 40}, {50, 60, 250, 80}, {90, 100, 110, 0}, {255, 255, 255, 255}},
                bytes(padded.channels().get(0)), "one white row below ((4 − 3) / 2 = 0 above)");
        Picture contained = new Framing(Fit.CONTAIN, 0.5, 8, Upscale.NEAREST).apply(PHOTO);
        assertEquals(8, contained.width());
        assertEquals(6, contained.height());
        Picture shrunk = new Framing(Fit.CONTAIN, 0.5, 2, Upscale.NEAREST).apply(PHOTO);
        assertEquals(2, shrunk.width());
        assertEquals(2, shrunk.height());
        assertEquals(areaMean(RED, 0, 0, 2, 1.5), shrunk.channels().get(0).at(0, 0), 1e-12,
                "shrinking averages the covered area, half of the middle row included");
    }

    /** Mean of the source over [x0, x0 + side) × [y0, y0 + sideY), fractional pixels weighted by their share. */
    private static double areaMean(int[][] rows, double x0, double y0, double side, double sideY) {
        double sum = 0;
        for (int y = 0; y < rows.length; y++) {
            for (int x = 0; x < rows[0].length; x++) {
                double wx = Math.max(0, Math.min(x + 1, x0 + side) - Math.max(x, x0));
                double wy = Math.max(0, Math.min(y + 1, y0 + sideY) - Math.max(y, y0));
                sum += wx * wy * rows[y][x] / 255.0;
            }
        }
        return sum / (side * sideY);
    }
}
