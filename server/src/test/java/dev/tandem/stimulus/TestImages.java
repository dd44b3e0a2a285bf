package dev.tandem.stimulus;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Fixtures shared by the stimulus tests: the built-in set and pixel statistics. */
final class TestImages {

    private TestImages() {
    }

    static Path fashionMnistFolder() {
        return Path.of(System.getProperty("tandem.repo.root", "..")).resolve("stimuli/fashion-mnist");
    }

    /** The first T-shirt of the built-in set (Fashion-MNIST test index 19), as grey values. */
    static GrayImage tShirt() {
        try {
            byte[] png = Files.readAllBytes(fashionMnistFolder().resolve("images/t-shirt-top-00.png"));
            return ImageDecoder.gray(ImageDecoder.decode(png).image());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static GrayImage decodePng(byte[] png) {
        try {
            return ImageDecoder.gray(ImageDecoder.decode(png).image());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static double mean(double[] values) {
        double sum = 0;
        for (double value : values) {
            sum += value;
        }
        return sum / values.length;
    }

    static double std(double[] values) {
        double mean = mean(values);
        double sum = 0;
        for (double value : values) {
            sum += (value - mean) * (value - mean);
        }
        return Math.sqrt(sum / values.length);
    }

    /** Share of spectral energy (mean removed) above {@code cutoff} cycles per image. */
    static double highFrequencyShare(GrayImage image, int cutoff) {
        int n = image.width();
        double mean = mean(image.pixels());
        double[] re = new double[n * n];
        double[] im = new double[n * n];
        for (int i = 0; i < re.length; i++) {
            re[i] = image.pixels()[i] - mean;
        }
        new Fft(n).transform2d(re, im, false);
        double high = 0;
        double total = 0;
        for (int v = 0; v < n; v++) {
            for (int u = 0; u < n; u++) {
                double energy = re[v * n + u] * re[v * n + u] + im[v * n + u] * im[v * n + u];
                double f = Math.hypot(PinkNoiseMask.signedFrequency(u, n), PinkNoiseMask.signedFrequency(v, n));
                total += energy;
                if (f > cutoff) {
                    high += energy;
                }
            }
        }
        return high / total;
    }
}
