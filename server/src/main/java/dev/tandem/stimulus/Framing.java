package dev.tandem.stimulus;

/**
 * How a source becomes the stimulus at its render size (issue 10): the {@link Fit} makes a square
 * of it (or, for {@code contain}, keeps its shape), which is then resized so that its longer side
 * is {@code renderSize} pixels. Enlarging uses the experiment's {@link Upscale}; shrinking always
 * averages over the covered area (a box filter with fractional edges), because sampling would
 * alias fine detail. Manipulations and masks are then made at this size; the browser only
 * enlarges the result, nearest-neighbour, to the display size.
 *
 * @param padGrey grey level in [0, 1] of the padding of {@link Fit#PAD}
 */
public record Framing(Fit fit, double padGrey, int renderSize, Upscale upscale) {

    Picture apply(Picture source) {
        return switch (fit) {
            case CROP -> source.map(channel -> crop(channel)).map(channel -> resize(channel, renderSize, renderSize));
            case PAD -> source.map(this::pad).map(channel -> resize(channel, renderSize, renderSize));
            case CONTAIN -> {
                int longer = Math.max(source.width(), source.height());
                int width = Math.max(1, (int) Math.round((double) source.width() * renderSize / longer));
                int height = Math.max(1, (int) Math.round((double) source.height() * renderSize / longer));
                yield source.map(channel -> resize(channel, width, height));
            }
        };
    }

    private static GrayImage crop(GrayImage source) {
        int side = Math.min(source.width(), source.height());
        int left = (source.width() - side) / 2;
        int top = (source.height() - side) / 2;
        double[] pixels = new double[side * side];
        for (int y = 0; y < side; y++) {
            System.arraycopy(source.pixels(), (top + y) * source.width() + left, pixels, y * side, side);
        }
        return new GrayImage(side, side, pixels);
    }

    private GrayImage pad(GrayImage source) {
        int side = Math.max(source.width(), source.height());
        int left = (side - source.width()) / 2;
        int top = (side - source.height()) / 2;
        double[] pixels = new double[side * side];
        java.util.Arrays.fill(pixels, padGrey);
        for (int y = 0; y < source.height(); y++) {
            System.arraycopy(source.pixels(), y * source.width(), pixels, (top + y) * side + left, source.width());
        }
        return new GrayImage(side, side, pixels);
    }

    /** To {@code width × height}: area averaging when shrinking, the stated upscaling when enlarging. */
    GrayImage resize(GrayImage source, int width, int height) {
        if (width == source.width() && height == source.height()) {
            return source;
        }
        if (width <= source.width() && height <= source.height()) {
            return shrink(source, width, height);
        }
        return resample(source, width, height, upscale);
    }

    /**
     * To {@code width × height} by {@code upscale} (nearest or bilinear), pixel centres aligned
     * (x_src = (x + ½)·w/width − ½); also the resize of the rendering before render sizes (condition/1).
     */
    static GrayImage resample(GrayImage source, int width, int height, Upscale upscale) {
        double[] pixels = new double[width * height];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                pixels[y * width + x] = upscale == Upscale.NEAREST
                        ? source.at(nearest(x, source.width(), width), nearest(y, source.height(), height))
                        : bilinear(source, (x + 0.5) * source.width() / width - 0.5,
                                (y + 0.5) * source.height() / height - 0.5);
            }
        }
        return new GrayImage(width, height, pixels);
    }

    /** floor((x + ½)·from/to) in integers, so no rounding question arises. */
    private static int nearest(int x, int from, int to) {
        return (int) (((2L * x + 1) * from) / (2L * to));
    }

    private static double bilinear(GrayImage source, double sx, double sy) {
        double cx = Math.max(0, Math.min(source.width() - 1, sx));
        double cy = Math.max(0, Math.min(source.height() - 1, sy));
        int x0 = (int) Math.floor(cx);
        int y0 = (int) Math.floor(cy);
        int x1 = Math.min(x0 + 1, source.width() - 1);
        int y1 = Math.min(y0 + 1, source.height() - 1);
        double fx = cx - x0;
        double fy = cy - y0;
        double top = source.at(x0, y0) * (1 - fx) + source.at(x1, y0) * fx;
        double bottom = source.at(x0, y1) * (1 - fx) + source.at(x1, y1) * fx;
        return top * (1 - fy) + bottom * fy;
    }

    /** Separable box filter: output pixel i averages source [i·n/m, (i+1)·n/m), partial pixels by their share. */
    private static GrayImage shrink(GrayImage source, int width, int height) {
        double[][] across = boxWeights(source.width(), width);
        double[][] down = boxWeights(source.height(), height);
        double[] rows = new double[width * source.height()];
        for (int y = 0; y < source.height(); y++) {
            for (int x = 0; x < width; x++) {
                rows[y * width + x] = weighted(source.pixels(), y * source.width(), 1, across[x]);
            }
        }
        double[] pixels = new double[width * height];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                pixels[y * width + x] = weighted(rows, x, width, down[y]);
            }
        }
        return new GrayImage(width, height, pixels);
    }

    /** weights[i] = {first source index, w0, w1, …} for output i. */
    private static double[][] boxWeights(int from, int to) {
        double[][] weights = new double[to][];
        double scale = (double) from / to;
        for (int i = 0; i < to; i++) {
            double start = i * scale;
            double end = (i + 1) * scale;
            int first = (int) Math.floor(start);
            int last = Math.min(from - 1, (int) Math.ceil(end) - 1);
            double[] w = new double[last - first + 2];
            w[0] = first;
            for (int j = first; j <= last; j++) {
                w[j - first + 1] = (Math.min(end, j + 1) - Math.max(start, j)) / scale;
            }
            weights[i] = w;
        }
        return weights;
    }

    private static double weighted(double[] values, int offset, int stride, double[] w) {
        int first = (int) w[0];
        double sum = 0;
        for (int k = 1; k < w.length; k++) {
            sum += w[k] * values[offset + (first + k - 1) * stride];
        }
        return sum;
    }
}
