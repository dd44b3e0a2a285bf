package dev.tandem.model;

import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import javax.imageio.ImageIO;

/**
 * Turns the exact bytes of a stimulus PNG into the model's input values, as its model.json
 * declares: decode, convert to the model's channels, resize, normalise, lay out.
 *
 * <p>Stimuli are 1-channel (grayscale) or 3-channel (RGB) PNGs. A grayscale stimulus given to an
 * RGB model is replicated into the three channels; an RGB stimulus given to a grayscale model
 * becomes its Rec. 709 luminance, Y = 0.2126 R + 0.7152 G + 0.0722 B on the 8-bit values (ITU-R
 * BT.709; the conversion of model-vs-human's colour experiment, Geirhos et al. 2018), the same
 * weights as the {@code grayscale} manipulation.
 *
 * <p>Samples are read from the raster, not through {@code getRGB}, because Java converts 8-bit
 * grayscale through a linear-gray colour space there and would change the values. Alpha is
 * ignored: stimuli are opaque.
 */
public final class Preprocessor {

    private static final double[] LUMA = {0.2126, 0.7152, 0.0722}; // ITU-R BT.709 luminance

    /** Resizing by more than this factor (either way) is reported by {@link #resizeWarning}. */
    static final double LARGEST_QUIET_RESIZE = 2.0;

    /** A decoded stimulus's size in pixels. */
    public record SourceSize(int width, int height) {}

    private final ModelManifest.Input input;

    public Preprocessor(ModelManifest.Input input) {
        this.input = input;
    }

    /** How many floats one image becomes. */
    public int valuesPerImage() {
        return input.height() * input.width() * input.channels();
    }

    /** The input tensor's shape for a batch of {@code images}. */
    public long[] shape(int images) {
        return input.layout() == ModelManifest.Layout.NHWC
                ? new long[] {images, input.height(), input.width(), input.channels()}
                : new long[] {images, input.channels(), input.height(), input.width()};
    }

    /**
     * Writes the values of one image into {@code target} starting at {@code offset}.
     *
     * @return the stimulus's own size
     */
    public SourceSize toInput(byte[] png, float[] target, int offset) {
        Pixels source = decode(png, input.channels());
        int height = input.height();
        int width = input.width();
        Resampling rows = Resampling.of(input.resize(), source.height(), height);
        Resampling columns = Resampling.of(input.resize(), source.width(), width);
        int channels = input.channels();
        double[] horizontal = new double[source.height() * width];
        for (int c = 0; c < channels; c++) {
            double[] plane = source.planes()[c];
            for (int y = 0; y < source.height(); y++) {
                for (int x = 0; x < width; x++) {
                    horizontal[y * width + x] = columns.apply(plane, y * source.width(), 1, x);
                }
            }
            double scale = input.divideBy();
            double mean = input.mean().get(c);
            double std = input.std().get(c);
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    double value = rows.apply(horizontal, x, width, y);
                    int index = input.layout() == ModelManifest.Layout.NHWC
                            ? (y * width + x) * channels + c
                            : (c * height + y) * width + x;
                    target[offset + index] = (float) ((value / scale - mean) / std);
                }
            }
        }
        return new SourceSize(source.width(), source.height());
    }

    /**
     * Says when the model's input size is more than 2× away from the stimulus's on either axis
     * (issue 10): a model that downsamples by 7× averages away the fine detail and pixel noise
     * people see, and one that upsamples sees blur people do not. Null when within 2×.
     * For example "model input 32 px, stimulus 224 px: 7× downsampling averages fine detail and noise".
     */
    public static String resizeWarning(SourceSize source, ModelManifest.Input input) {
        double horizontal = source.width() / (double) input.width();
        double vertical = source.height() / (double) input.height();
        double down = Math.max(horizontal, vertical);
        double up = Math.max(1 / horizontal, 1 / vertical);
        if (Math.max(down, up) <= LARGEST_QUIET_RESIZE) {
            return null;
        }
        String sizes = "model input " + size(input.width(), input.height()) + ", stimulus "
                + size(source.width(), source.height());
        return down >= up
                ? sizes + ": " + factor(down) + " downsampling averages fine detail and noise"
                : sizes + ": " + factor(up) + " upsampling shows the model blur, not detail people see";
    }

    private static String size(int width, int height) {
        return width == height ? width + " px" : width + "×" + height + " px";
    }

    private static String factor(double factor) {
        return Math.abs(factor - Math.rint(factor)) < 1e-9
                ? (long) Math.rint(factor) + "×" : String.format(java.util.Locale.ROOT, "%.1f×", factor);
    }

    /** One image's values. */
    public float[] toInput(byte[] png) {
        float[] values = new float[valuesPerImage()];
        toInput(png, values, 0);
        return values;
    }

    /** Decoded samples in 0..255, one plane per wanted channel (1: gray, 3: R, G, B). */
    record Pixels(int width, int height, double[][] planes) {}

    static Pixels decode(byte[] png, int channels) {
        BufferedImage image;
        try {
            image = ImageIO.read(new ByteArrayInputStream(png));
        } catch (IOException e) {
            throw new IllegalArgumentException("stimulus is not a readable image: " + e.getMessage(), e);
        }
        if (image == null) {
            throw new IllegalArgumentException("stimulus is not a PNG image");
        }
        int width = image.getWidth();
        int height = image.getHeight();
        Raster raster = image.getRaster();
        double[][] rgb = new double[3][width * height];
        boolean gray = image.getColorModel() instanceof ComponentColorModel
                && image.getColorModel().getNumColorComponents() == 1;
        if (gray) {
            double max = (1 << image.getColorModel().getComponentSize(0)) - 1;
            int[] samples = raster.getSamples(0, 0, width, height, 0, (int[]) null);
            double[] plane = rgb[0];
            for (int i = 0; i < samples.length; i++) {
                plane[i] = samples[i] * 255.0 / max;
            }
            if (channels == 1) {
                return new Pixels(width, height, new double[][] {plane});
            }
            System.arraycopy(plane, 0, rgb[1], 0, plane.length);
            System.arraycopy(plane, 0, rgb[2], 0, plane.length);
        } else if (image.getColorModel() instanceof IndexColorModel palette) {
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    int entry = raster.getSample(x, y, 0);
                    rgb[0][y * width + x] = palette.getRed(entry);
                    rgb[1][y * width + x] = palette.getGreen(entry);
                    rgb[2][y * width + x] = palette.getBlue(entry);
                }
            }
        } else {
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    int argb = image.getRGB(x, y);
                    rgb[0][y * width + x] = (argb >> 16) & 0xff;
                    rgb[1][y * width + x] = (argb >> 8) & 0xff;
                    rgb[2][y * width + x] = argb & 0xff;
                }
            }
        }
        if (channels == 3) {
            return new Pixels(width, height, rgb);
        }
        double[] luma = gray ? rgb[0] : new double[width * height];
        if (!gray) {
            for (int i = 0; i < luma.length; i++) {
                luma[i] = LUMA[0] * rgb[0][i] + LUMA[1] * rgb[1][i] + LUMA[2] * rgb[2][i];
            }
        }
        return new Pixels(width, height, new double[][] {luma});
    }

    /**
     * One axis of a separable resize: for every target position, the source positions it reads
     * and their weights (which sum to 1).
     */
    record Resampling(int[][] sources, double[][] weights) {

        static Resampling of(ModelManifest.Resize method, int sourceSize, int targetSize) {
            int[][] sources = new int[targetSize][];
            double[][] weights = new double[targetSize][];
            double scale = sourceSize / (double) targetSize;
            for (int t = 0; t < targetSize; t++) {
                switch (method) {
                    case AREA -> {
                        double start = t * scale;
                        double end = (t + 1) * scale;
                        int first = (int) Math.floor(start);
                        int last = Math.min(sourceSize - 1, (int) Math.ceil(end) - 1);
                        sources[t] = new int[last - first + 1];
                        weights[t] = new double[last - first + 1];
                        for (int s = first; s <= last; s++) {
                            double overlap = Math.min(end, s + 1) - Math.max(start, s);
                            sources[t][s - first] = s;
                            weights[t][s - first] = overlap / scale;
                        }
                    }
                    case BILINEAR -> {
                        double position = Math.max(0, (t + 0.5) * scale - 0.5);
                        int low = Math.min(sourceSize - 1, (int) Math.floor(position));
                        int high = Math.min(sourceSize - 1, low + 1);
                        double fraction = position - low;
                        sources[t] = new int[] {low, high};
                        weights[t] = new double[] {1 - fraction, fraction};
                    }
                    case NEAREST -> {
                        sources[t] = new int[] {Math.min(sourceSize - 1, (int) Math.floor((t + 0.5) * scale))};
                        weights[t] = new double[] {1};
                    }
                }
            }
            return new Resampling(sources, weights);
        }

        /** The value at target position {@code t} of a line starting at {@code base} with {@code stride}. */
        double apply(double[] values, int base, int stride, int t) {
            double sum = 0;
            int[] from = sources[t];
            double[] weight = weights[t];
            for (int i = 0; i < from.length; i++) {
                sum += values[base + from[i] * stride] * weight[i];
            }
            return sum;
        }
    }
}
