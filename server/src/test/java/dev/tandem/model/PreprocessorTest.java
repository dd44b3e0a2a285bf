package dev.tandem.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PreprocessorTest {

    private static ModelManifest.Input input(int side, int channels, ModelManifest.Layout layout,
                                             ModelManifest.Resize resize, List<Double> mean, List<Double> std) {
        return new ModelManifest.Input("image", side, side, channels, layout, resize, 255.0, mean, std);
    }

    @Test
    void areaResizeRecoversA28PixelImageShownAt224PixelsExactly() {
        int[] values = new int[28 * 28];
        Random random = new Random(7);
        for (int i = 0; i < values.length; i++) {
            values[i] = random.nextInt(256);
        }
        Preprocessor preprocessor = new Preprocessor(input(28, 1, ModelManifest.Layout.NHWC,
                ModelManifest.Resize.AREA, List.of(0.0), List.of(1.0)));

        float[] tensor = preprocessor.toInput(Pngs.grayUpscaled(values, 28, 8));

        for (int i = 0; i < values.length; i++) {
            assertEquals(values[i] / 255f, tensor[i], 1e-6f, "pixel " + i);
        }
    }

    @Test
    void areaResizeAveragesEveryCoveredSourcePixel() {
        // 4×4 → 2×2: each target pixel is the mean of a 2×2 block.
        int[] values = {0, 100, 10, 10, 200, 100, 10, 10, 50, 50, 0, 0, 50, 50, 0, 255};
        Preprocessor preprocessor = new Preprocessor(input(2, 1, ModelManifest.Layout.NHWC,
                ModelManifest.Resize.AREA, List.of(0.0), List.of(1.0)));

        float[] tensor = preprocessor.toInput(Pngs.grayUpscaled(values, 4, 1));

        assertArrayEquals(new float[] {100 / 255f, 10 / 255f, 50 / 255f, 63.75f / 255f}, tensor, 1e-6f);
    }

    @Test
    void nearestAndBilinearResizeFollowHalfPixelCentres() {
        int[] values = {0, 40, 80, 120};
        float[] nearest = new Preprocessor(new ModelManifest.Input("image", 1, 2, 1, ModelManifest.Layout.NHWC,
                ModelManifest.Resize.NEAREST, 1.0, List.of(0.0), List.of(1.0)))
                .toInput(Pngs.grayUpscaled(new int[] {0}, 1, 1));
        assertArrayEquals(new float[] {0, 0}, nearest);

        Preprocessor bilinear = new Preprocessor(input(2, 1, ModelManifest.Layout.NHWC,
                ModelManifest.Resize.BILINEAR, List.of(0.0), List.of(1.0)));
        float[] same = bilinear.toInput(Pngs.grayUpscaled(values, 2, 1));
        assertArrayEquals(new float[] {0, 40 / 255f, 80 / 255f, 120 / 255f}, same, 1e-6f);
    }

    @Test
    void grayscaleModelsSeeTheRec709LuminanceOfColourStimuli() {
        Preprocessor preprocessor = new Preprocessor(input(2, 1, ModelManifest.Layout.NHWC,
                ModelManifest.Resize.AREA, List.of(0.0), List.of(1.0)));

        float[] tensor = preprocessor.toInput(Pngs.rgb(4, 4, 0xC86432)); // R 200, G 100, B 50

        double luma = 0.2126 * 200 + 0.7152 * 100 + 0.0722 * 50; // ITU-R BT.709, 120.3
        for (float value : tensor) {
            assertEquals(luma / 255, value, 1e-5);
        }
    }

    @Test
    void colourModelsGetNormalisedChannelsInTheDeclaredLayout() {
        List<Double> mean = List.of(0.5, 0.25, 0.0);
        List<Double> std = List.of(0.5, 0.25, 1.0);
        byte[] png = Pngs.rgb(2, 2, 0xFF0000); // R 255, G 0, B 0
        float[] red = {1f, -1f, 0f}; // (1 - .5)/.5, (0 - .25)/.25, (0 - 0)/1

        float[] nhwc = new Preprocessor(input(2, 3, ModelManifest.Layout.NHWC, ModelManifest.Resize.AREA, mean, std))
                .toInput(png);
        float[] nchw = new Preprocessor(input(2, 3, ModelManifest.Layout.NCHW, ModelManifest.Resize.AREA, mean, std))
                .toInput(png);

        for (int pixel = 0; pixel < 4; pixel++) {
            for (int c = 0; c < 3; c++) {
                assertEquals(red[c], nhwc[pixel * 3 + c], 1e-6f);
                assertEquals(red[c], nchw[c * 4 + pixel], 1e-6f);
            }
        }
    }

    @Test
    void colourModelsSeeAGrayscaleStimulusReplicatedIntoEveryChannel() {
        Preprocessor preprocessor = new Preprocessor(input(2, 3, ModelManifest.Layout.NCHW,
                ModelManifest.Resize.AREA, List.of(0.0, 0.0, 0.0), List.of(1.0, 1.0, 1.0)));

        float[] tensor = preprocessor.toInput(Pngs.grayUpscaled(new int[] {0, 51, 204, 255}, 2, 1));

        float[] plane = {0f, 51 / 255f, 204 / 255f, 1f};
        for (int c = 0; c < 3; c++) {
            for (int pixel = 0; pixel < 4; pixel++) {
                assertEquals(plane[pixel], tensor[c * 4 + pixel], 1e-6f);
            }
        }
    }

    @Test
    void bytesThatAreNotAnImageAreRefused() {
        Preprocessor preprocessor = new Preprocessor(input(2, 1, ModelManifest.Layout.NHWC,
                ModelManifest.Resize.AREA, List.of(0.0), List.of(1.0)));

        assertThrows(IllegalArgumentException.class, () -> preprocessor.toInput(new byte[] {1, 2, 3}));
    }
}
