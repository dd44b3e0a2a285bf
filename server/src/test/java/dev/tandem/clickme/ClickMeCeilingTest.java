package dev.tandem.clickme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The ClickMe ceiling, ρ ÷ ceiling and top-k masks on simulated participants (issue 11): each
 * participant reveals squares at points drawn from one true importance density.
 */
class ClickMeCeilingTest {

    private static final int SIDE = 32;
    private static final int REVEAL = 5;
    private static final double SIGMA = 2;

    /** The true importance: two Gaussian blobs of unequal weight on a faint uniform floor. */
    private static double[] density() {
        double[] d = new double[SIDE * SIDE];
        double total = 0;
        for (int y = 0; y < SIDE; y++) {
            for (int x = 0; x < SIDE; x++) {
                double v = 0.02 + Math.exp(-((x - 9) * (x - 9) + (y - 10) * (y - 10)) / 18.0)
                        + 0.6 * Math.exp(-((x - 22) * (x - 22) + (y - 21) * (y - 21)) / 32.0);
                d[y * SIDE + x] = v;
                total += v;
            }
        }
        for (int i = 0; i < d.length; i++) {
            d[i] /= total;
        }
        return d;
    }

    private static List<ImportanceMap> participants(double[] density, int people, int reveals, SplittableRandom random) {
        double[] cumulative = new double[density.length];
        double sum = 0;
        for (int i = 0; i < density.length; i++) {
            sum += density[i];
            cumulative[i] = sum;
        }
        List<ImportanceMap> maps = new ArrayList<>();
        for (int p = 0; p < people; p++) {
            List<Reveal> chosen = new ArrayList<>();
            for (int r = 0; r < reveals; r++) {
                double u = random.nextDouble() * sum;
                int i = 0;
                while (cumulative[i] < u) {
                    i++;
                }
                chosen.add(new Reveal(i % SIDE, i / SIDE, REVEAL, r));
            }
            maps.add(ImportanceMap.counts(SIDE, SIDE, chosen));
        }
        return maps;
    }

    /** The map of infinitely many participants: the expected count map, blurred as the human map is. */
    private static ImportanceMap perfectModel(double[] density) {
        double[] expected = new double[density.length];
        for (int i = 0; i < density.length; i++) {
            var square = ImportanceMap.counts(SIDE, SIDE, List.of(new Reveal(i % SIDE, i / SIDE, REVEAL, 0)));
            for (int j = 0; j < expected.length; j++) {
                expected[j] += density[i] * square.values()[j];
            }
        }
        return ImportanceMap.human(List.of(new ImportanceMap(SIDE, SIDE, expected)), SIGMA);
    }

    /** Per-image alignment of the perfect model with {@code images} simulated images of {@code people} each. */
    private static List<AlignmentService.ImageAlignment> simulate(int people, int images, long seed) {
        double[] density = density();
        ImportanceMap perfect = perfectModel(density);
        SplittableRandom random = new SplittableRandom(seed);
        List<AlignmentService.ImageAlignment> out = new ArrayList<>();
        for (int i = 0; i < images; i++) {
            var group = participants(density, people, 6, random);
            var human = ImportanceMap.human(group, SIGMA);
            var ceiling = Alignment.splitHalfCeiling(group, SIGMA, 20, seed * 1000 + i);
            double rho = Alignment.spearman(perfect.values(), human.values());
            var overlap = Alignment.topOverlap(perfect.values(), human.values(), 0.1);
            out.add(new AlignmentService.ImageAlignment("sha" + i, i, "image" + i, "c", people, ceiling.splitHalf(),
                    ceiling.corrected(), ceiling.model(), rho,
                    AlignmentService.normalized(rho, ceiling.corrected(), ceiling.model(), AlignmentService.Options.CEILING_FLOOR),
                    overlap.dice(), overlap.iou()));
        }
        return out;
    }

    private static double mean(double[] values) {
        return java.util.Arrays.stream(values).average().orElseThrow();
    }

    private static double standardError(double[] values) {
        double m = mean(values);
        double ss = java.util.Arrays.stream(values).map(v -> (v - m) * (v - m)).sum();
        return Math.sqrt(ss / (values.length - 1) / values.length);
    }

    @Test
    void spearmanBrownDoublesTheParticipantsAsTwoROverOnePlusR() {
        assertEquals(2.0 / 3, Alignment.spearmanBrown(0.5), 1e-12);
        assertEquals(0, Alignment.spearmanBrown(0), 1e-12);
        assertEquals(1, Alignment.spearmanBrown(1), 1e-12);
        assertTrue(Double.isNaN(Alignment.spearmanBrown(-1)));
    }

    @Test
    void aPerfectModelMapScoresRhoOverCeilingOfAtMostOneWithinSamplingError() {
        for (int people : new int[] {2, 4, 8, 20}) {
            var images = simulate(people, 30, people);
            // ρ ÷ ceiling where it is defined (corrected ceiling above the floor)
            double[] ratios = images.stream().map(AlignmentService.ImageAlignment::normalizedSpearman)
                    .filter(java.util.Objects::nonNull).mapToDouble(Double::doubleValue).toArray();
            double mean = mean(ratios);
            double error = standardError(ratios);
            System.out.printf("perfect model, %2d participants: ρ %.3f, split-half %.3f, Spearman–Brown %.3f,"
                            + " model ceiling %.3f; ρ ÷ model ceiling %.3f ± %.3f (SE, %d of 30 images above the floor);"
                            + " ρ ÷ raw split-half %.2f; ρ ÷ Spearman–Brown %.2f%n", people,
                    images.stream().mapToDouble(AlignmentService.ImageAlignment::spearman).average().orElseThrow(),
                    images.stream().mapToDouble(AlignmentService.ImageAlignment::splitHalfCeiling).average().orElseThrow(),
                    images.stream().mapToDouble(AlignmentService.ImageAlignment::ceiling).average().orElseThrow(),
                    images.stream().mapToDouble(AlignmentService.ImageAlignment::modelCeiling).average().orElseThrow(),
                    mean, error, ratios.length,
                    images.stream().mapToDouble(i -> i.spearman() / i.splitHalfCeiling()).average().orElseThrow(),
                    images.stream().mapToDouble(i -> i.spearman() / i.ceiling()).average().orElseThrow());
            assertTrue(mean <= 1 + 2 * error, people + " participants: ρ ÷ ceiling " + mean + " ± " + error);
            assertTrue(mean > 0.85, "a perfect model comes close to its ceiling: " + mean);
            var summary = AlignmentService.summary(images, AlignmentService.Options.CEILING_FLOOR, 1);
            assertTrue(summary.normalizedSpearman() <= 1 + 2 * error, "summary: " + summary.normalizedSpearman());
            var ci = summary.normalizedSpearmanCi();
            assertTrue(ci.low() <= summary.normalizedSpearman() && summary.normalizedSpearman() <= ci.high()
                    && ci.low() <= 1, "bootstrap interval " + ci);
        }
    }

    @Test
    void theSpearmanBrownCeilingPredictsHowWellAnotherGroupOfAsManyPeopleAgrees() {
        double[] density = density();
        SplittableRandom random = new SplittableRandom(11);
        int people = 4;
        double[] gap = new double[40];
        double[] raw = new double[40];
        for (int i = 0; i < gap.length; i++) {
            var group = participants(density, people, 6, random);
            var other = participants(density, people, 6, random);
            double between = Alignment.spearman(ImportanceMap.human(group, SIGMA).values(),
                    ImportanceMap.human(other, SIGMA).values());
            var ceiling = Alignment.splitHalfCeiling(group, SIGMA, 20, i);
            gap[i] = between - ceiling.corrected();
            raw[i] = between - ceiling.splitHalf();
        }
        assertTrue(Math.abs(mean(gap)) <= 2.5 * standardError(gap), "corrected: " + mean(gap) + " ± " + standardError(gap));
        assertTrue(mean(raw) > 2.5 * standardError(raw), "the raw split half underestimates: " + mean(raw));
    }

    @Test
    void rhoOverCeilingIsNotDefinedWhereTheCeilingIsAtOrBelowTheFloor() {
        double[] uniform = new double[SIDE * SIDE];
        java.util.Arrays.fill(uniform, 1.0 / uniform.length);
        SplittableRandom random = new SplittableRandom(5);
        var group = participants(uniform, 2, 1, random);
        var ceiling = Alignment.splitHalfCeiling(group, SIGMA, 20, 1);
        assertTrue(ceiling.corrected() <= AlignmentService.Options.CEILING_FLOOR, "ceiling " + ceiling);
        assertNull(AlignmentService.normalized(0.3, ceiling.corrected(), ceiling.model(), AlignmentService.Options.CEILING_FLOOR));
        assertNull(AlignmentService.normalized(0.3, 0.2, Math.sqrt(0.2), 0.2), "the floor itself is not above the floor");
        assertEquals(0.3 / Math.sqrt(0.5), AlignmentService.normalized(0.3, 0.5, Math.sqrt(0.5), 0.2), 1e-12);
    }

    @Test
    void meanRhoAndMeanCeilingAreTakenOverTheSameImages() {
        var withMap = new AlignmentService.ImageAlignment("a", 0, "a.png", "c", 4, 0.3, 2 * 0.3 / 1.3,
                Math.sqrt(2 * 0.3 / 1.3), 0.4, 0.4 / Math.sqrt(2 * 0.3 / 1.3), 0.5, 0.3);
        var withoutMap = new AlignmentService.ImageAlignment("b", 1, "b.png", "c", 4, 0.9, 2 * 0.9 / 1.9,
                Math.sqrt(2 * 0.9 / 1.9), null, null, null, null);
        var summary = AlignmentService.summary(List.of(withMap, withoutMap), 0.2, 1);
        assertEquals(1, summary.imagesWithModelMap());
        assertEquals((2 * 0.3 / 1.3 + 2 * 0.9 / 1.9) / 2, summary.meanCeiling(), 1e-12);
        assertEquals(2 * 0.3 / 1.3, summary.modelImages().ceiling(), 1e-12);
        assertEquals(0.3, summary.modelImages().splitHalfCeiling(), 1e-12);
        assertEquals(0.4 / Math.sqrt(2 * 0.3 / 1.3), summary.normalizedSpearman(), 1e-12);
        assertEquals(new AlignmentService.Interval(summary.normalizedSpearman(), summary.normalizedSpearman()),
                summary.normalizedSpearmanCi(), "one image: every resample is that image");
    }

    @Test
    void topTenPercentMasksHoldEveryPixelTiedAtThePercentileValue() {
        // A blocky map as occlusion makes: 100 pixels, the top 16 share one value, so none wins by position.
        double[] blocky = new double[100];
        double[] other = new double[100];
        for (int i = 0; i < 16; i++) {
            blocky[i] = 1;
        }
        for (int i = 0; i < 10; i++) {
            other[15 - i] = 2;
        }
        assertEquals(16, count(Alignment.top(blocky, 0.1)), "ties at the threshold are all in");
        // numpy: np.percentile(range(100), 90) = 89.1, so the top-10 % mask of 0..99 is 90..99
        double[] ramp = new double[100];
        for (int i = 0; i < 100; i++) {
            ramp[i] = i;
        }
        assertEquals(89.1, Alignment.percentile(ramp, 90), 1e-9);
        assertEquals(10, count(Alignment.top(ramp, 0.1)));
        // other's mask: its 10 pixels at 2 (6..15); blocky's: 0..15; Dice = 2·10 / (16 + 10)
        assertEquals(new Alignment.Overlap(20.0 / 26, 10.0 / 16), Alignment.topOverlap(blocky, other, 0.1));
    }

    private static int count(boolean[] mask) {
        int n = 0;
        for (boolean b : mask) {
            n += b ? 1 : 0;
        }
        return n;
    }

    @Test
    void occlusionAndRiseFillWithTheImagesMeanGreyUnlessABaselineIsGiven() {
        byte[] values = new byte[16];
        for (int i = 0; i < 4; i++) {
            values[i] = (byte) 255;
        }
        var image = new StimulusPixels.Shown(4, 4, 1, values);
        assertEquals(64, MapMethod.Baseline.MEAN.fill(image)[0], "black image with a white quarter: mean 63.75");
        assertEquals(64, MapMethod.parse("occlusion", java.util.Map.of()) instanceof MapMethod.Occlusion o
                ? o.baseline().fill(image)[0] : -1);
        byte[] rgb = {(byte) 255, 0, 0, 0, 0, (byte) 200};
        org.junit.jupiter.api.Assertions.assertArrayEquals(new byte[] {(byte) 128, 0, 100},
                MapMethod.Baseline.MEAN.fill(new StimulusPixels.Shown(2, 1, 3, rgb)), "a colour image: each channel's mean");
        assertEquals("mean", MapMethod.parse("rise", java.util.Map.of()).parameters().get("baseline"));
        assertEquals(0, MapMethod.parse("rise", java.util.Map.of("baseline", "0")).parameters().get("baseline"));
        var refused = org.junit.jupiter.api.Assertions.assertThrows(dev.tandem.common.InvalidInputException.class,
                () -> MapMethod.parse("occlusion", java.util.Map.of("baseline", "grey")));
        assertEquals("baseline", refused.field());
        org.junit.jupiter.api.Assertions.assertThrows(dev.tandem.common.InvalidInputException.class,
                () -> MapMethod.parse("occlusion", java.util.Map.of("baseline", "256")));
    }
}
