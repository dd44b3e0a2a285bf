package dev.tandem.clickme;

import dev.tandem.model.Classifier;
import dev.tandem.stimulus.PngEncoder;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * Model importance maps from forward passes only, on the stimulus's own pixels, grey or colour (the bytes
 * participants saw), scored by the probability of the true category.
 *
 * <p>Occlusion (Zeiler and Fergus 2014): a patch of the baseline grey slides with a stride; a
 * pixel's importance is the mean drop of the probability over the patches covering it.
 *
 * <p>RISE (Petsiuk et al. 2018): N random binary grids of s × s cells, each kept with
 * probability p, upsampled bilinearly with a random shift to soft masks M; the image is blended
 * towards the baseline grey by (1 − M); importance = Σ P(class | masked) · M / (N · p).
 *
 * <p>The baseline (issue 11) defaults to the image's mean grey level ({@link MapMethod.Baseline}):
 * a fixed mid-grey is itself a cue on a black background.
 */
public final class ModelMaps {

    /** Runs PNGs through the model as batches; answers in order. */
    public interface Model extends Function<List<byte[]>, List<Classifier.Prediction>> {}

    private static final int BATCH = 64;

    private ModelMaps() {}

    /** Occlusion filled with the image's mean grey level. */
    public static ImportanceMap occlusion(StimulusPixels.Grey image, String category, Model model, int patch, int stride) {
        return occlusion(new StimulusPixels.Shown(image.width(), image.height(), 1, image.values()), category, model,
                patch, stride, MapMethod.Baseline.MEAN);
    }

    /**
     * Occlusion of a grey or colour stimulus (issue 10): the patch is filled with {@code baseline}'s
     * level in every channel (issue 11: by default the image's mean colour).
     */
    public static ImportanceMap occlusion(StimulusPixels.Shown image, String category, Model model, int patch, int stride,
                                          MapMethod.Baseline baseline) {
        byte[] fill = baseline.fill(image);
        int w = image.width();
        int h = image.height();
        int c = image.channels();
        double base = probabilities(model, List.of(encode(image, image.values())), category)[0];
        List<int[]> positions = new ArrayList<>();
        for (int y = 0; y + patch <= h + stride - 1 && y < h; y += stride) {
            for (int x = 0; x + patch <= w + stride - 1 && x < w; x += stride) {
                positions.add(new int[] {x, y});
            }
        }
        double[] drop = new double[w * h];
        double[] cover = new double[w * h];
        for (int first = 0; first < positions.size(); first += BATCH) {
            var chunk = positions.subList(first, Math.min(positions.size(), first + BATCH));
            List<byte[]> pngs = new ArrayList<>();
            for (int[] p : chunk) {
                byte[] occluded = image.values().clone();
                for (int y = p[1]; y < Math.min(h, p[1] + patch); y++) {
                    for (int x = p[0]; x < Math.min(w, p[0] + patch); x++) {
                        System.arraycopy(fill, 0, occluded, (y * w + x) * c, c);
                    }
                }
                pngs.add(encode(image, occluded));
            }
            double[] probabilities = probabilities(model, pngs, category);
            for (int k = 0; k < chunk.size(); k++) {
                int[] p = chunk.get(k);
                for (int y = p[1]; y < Math.min(h, p[1] + patch); y++) {
                    for (int x = p[0]; x < Math.min(w, p[0] + patch); x++) {
                        drop[y * w + x] += base - probabilities[k];
                        cover[y * w + x]++;
                    }
                }
            }
        }
        for (int i = 0; i < drop.length; i++) {
            drop[i] = cover[i] == 0 ? 0 : drop[i] / cover[i];
        }
        return new ImportanceMap(w, h, drop);
    }

    /** RISE blended towards the image's mean grey level. */
    public static ImportanceMap rise(StimulusPixels.Grey image, String category, Model model, int masks, int grid,
                                     double keep, long seed) {
        return rise(new StimulusPixels.Shown(image.width(), image.height(), 1, image.values()), category, model, masks,
                grid, keep, seed, MapMethod.Baseline.MEAN);
    }

    /**
     * RISE on a grey or colour stimulus (issue 10): every channel is blended by the mask towards
     * {@code baseline}'s level (issue 11: by default the image's mean colour).
     */
    public static ImportanceMap rise(StimulusPixels.Shown image, String category, Model model, int masks, int grid,
                                     double keep, long seed, MapMethod.Baseline baseline) {
        byte[] fill = baseline.fill(image);
        int w = image.width();
        int h = image.height();
        int c = image.channels();
        SplittableRandom random = new SplittableRandom(seed);
        double[] saliency = new double[w * h];
        double cellW = Math.ceil((double) w / grid);
        double cellH = Math.ceil((double) h / grid);
        for (int first = 0; first < masks; first += BATCH) {
            int n = Math.min(BATCH, masks - first);
            List<double[]> soft = new ArrayList<>(n);
            List<byte[]> pngs = new ArrayList<>(n);
            for (int k = 0; k < n; k++) {
                double[] mask = softMask(random, grid, keep, w, h, cellW, cellH);
                byte[] blended = new byte[w * h * c];
                for (int i = 0; i < blended.length; i++) {
                    int level = fill[i % c] & 255;
                    blended[i] = (byte) Math.round(level + mask[i / c] * ((image.values()[i] & 255) - level));
                }
                soft.add(mask);
                pngs.add(encode(image, blended));
            }
            double[] probabilities = probabilities(model, pngs, category);
            for (int k = 0; k < n; k++) {
                double[] mask = soft.get(k);
                for (int i = 0; i < saliency.length; i++) {
                    saliency[i] += probabilities[k] * mask[i];
                }
            }
        }
        for (int i = 0; i < saliency.length; i++) {
            saliency[i] /= masks * keep;
        }
        return new ImportanceMap(w, h, saliency);
    }

    /** A (grid + 1)² binary grid, bilinearly upsampled to cells of cellW × cellH, cropped at a random shift. */
    private static double[] softMask(SplittableRandom random, int grid, double keep, int w, int h, double cellW,
                                     double cellH) {
        int n = grid + 1;
        double[] cells = new double[n * n];
        for (int i = 0; i < cells.length; i++) {
            cells[i] = random.nextDouble() < keep ? 1 : 0;
        }
        double shiftX = random.nextDouble() * cellW;
        double shiftY = random.nextDouble() * cellH;
        double[] mask = new double[w * h];
        for (int y = 0; y < h; y++) {
            double gy = (y + shiftY) / cellH;
            int y0 = Math.min(n - 2, (int) gy);
            double fy = Math.min(1, gy - y0);
            for (int x = 0; x < w; x++) {
                double gx = (x + shiftX) / cellW;
                int x0 = Math.min(n - 2, (int) gx);
                double fx = Math.min(1, gx - x0);
                mask[y * w + x] = (1 - fy) * ((1 - fx) * cells[y0 * n + x0] + fx * cells[y0 * n + x0 + 1])
                        + fy * ((1 - fx) * cells[(y0 + 1) * n + x0] + fx * cells[(y0 + 1) * n + x0 + 1]);
            }
        }
        return mask;
    }

    private static double[] probabilities(Model model, List<byte[]> pngs, String category) {
        List<Classifier.Prediction> predictions = model.apply(pngs);
        double[] out = new double[pngs.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = predictions.get(i).categoryProbabilities().getOrDefault(category, 0.0);
        }
        return out;
    }

    private static byte[] encode(StimulusPixels.Shown image, byte[] values) {
        return image.channels() == 3 ? PngEncoder.encodeRgb(image.width(), image.height(), values)
                : PngEncoder.encodeGray(image.width(), image.height(), values);
    }
}
