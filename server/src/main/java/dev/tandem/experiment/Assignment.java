package dev.tandem.experiment;

import dev.tandem.experiment.ExperimentDefinition.Cell;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;

/**
 * Balanced assignment of image × condition cells to participants.
 *
 * <p>Images are put in one fixed order (seeded by the experiment). Participant number p takes
 * the positions s = p·T … p·T + T − 1 of an endless sequence in which position s shows image
 * {@code order[s mod N]} in condition {@code (s mod N + ⌊s / N⌋) mod C}. Every run of N·C
 * consecutive positions holds each cell exactly once, so after any number of participants each
 * cell's count differs from every other's by at most one, and equal counts are reached whenever
 * N·C divides p·T. T consecutive positions never repeat an image while T ≤ N, and the practice
 * trials take the images that follow the participant's main trials. The order of trials is
 * shuffled per session.
 *
 * <p>Masks: each experiment version has a pool of pink-noise mask seeds, rendered when it is
 * loaded; every trial of a session gets its own seed from the pool (no mask twice in a session).
 *
 * <p>ClickMe rounds (issue 5) take their images the same way from their own run of the sequence
 * (participant p: positions p·R … p·R + R − 1, R rounds), so every image gets rounds from
 * equally many participants; each round gets a fresh 32-bit noise seed. The rounds form their
 * own blocks, before or after the masked ones.
 */
public final class Assignment {

    private Assignment() {}

    /** One trial of a session before rendering: which image in which condition, and where. */
    public record PlannedTrial(int index, int block, boolean practice, int imageIndex, Cell cell, long maskSeed) {}

    public static List<PlannedTrial> planClickme(ExperimentDefinition definition, int imageCount, int slot,
                                                  long sessionSeed) {
        int rounds = definition.clickmeRounds();
        if (rounds == 0) {
            return List.of();
        }
        int[] order = imageOrder(imageCount, definition.assignment().seed());
        long first = (long) slot * rounds;
        List<Integer> images = new ArrayList<>();
        for (int j = 0; j < rounds; j++) {
            images.add(order[(int) ((first + j) % imageCount)]);
        }
        SplittableRandom random = new SplittableRandom(sessionSeed ^ 0x5DEECE66DL);
        Collections.shuffle(images, new Random(random.nextLong()));
        int blocks = definition.clickme().blocks();
        List<PlannedTrial> planned = new ArrayList<>();
        for (int j = 0; j < rounds; j++) {
            long noiseSeed = random.nextInt() & 0xFFFFFFFFL;
            planned.add(new PlannedTrial(j, (int) ((long) j * blocks / rounds), false,
                    images.get(j), null, noiseSeed));
        }
        return planned;
    }

    public static List<PlannedTrial> planMasked(ExperimentDefinition definition, int imageCount, int slot,
                                                 long sessionSeed) {
        int[] order = imageOrder(imageCount, definition.assignment().seed());
        List<Cell> cells = definition.conditions().cells();
        int trials = definition.trialsPerParticipant();
        int practiceTrials = definition.practice().trials();
        long first = (long) slot * trials;

        List<int[]> main = new ArrayList<>(); // {imageIndex, cellIndex}
        for (int j = 0; j < trials; j++) {
            long s = first + j;
            int position = (int) (s % imageCount);
            int cell = (int) ((position + s / imageCount) % cells.size());
            main.add(new int[] {order[position], cell});
        }
        List<Integer> practiceImages = new ArrayList<>();
        for (int j = 0; j < practiceTrials; j++) {
            practiceImages.add(order[(int) ((first + trials + j) % imageCount)]);
        }
        Random shuffle = new Random(sessionSeed);
        Collections.shuffle(main, shuffle);
        Collections.shuffle(practiceImages, shuffle);

        List<Long> masks = new ArrayList<>(maskPool(definition));
        Collections.shuffle(masks, shuffle);
        var maskSeeds = masks.iterator();
        Cell practiceCell = new Cell(definition.practice().manipulation(), definition.practiceDurationMs());
        List<PlannedTrial> planned = new ArrayList<>();
        for (int image : practiceImages) {
            planned.add(new PlannedTrial(planned.size(), 0, true, image, practiceCell,
                    maskSeeds.next()));
        }
        int firstMainBlock = practiceTrials > 0 ? 1 : 0;
        int blocks = definition.blocks().count();
        for (int j = 0; j < main.size(); j++) {
            int block = firstMainBlock + (int) ((long) j * blocks / trials);
            planned.add(new PlannedTrial(planned.size(), block, false, main.get(j)[0],
                    cells.get(main.get(j)[1]), maskSeeds.next()));
        }
        return planned;
    }

    /**
     * The experiment's mask seeds: at least four per masked trial (or timed triplet trial) of a
     * session, at least 256; none when its sessions show no mask.
     */
    public static List<Long> maskPool(ExperimentDefinition definition) {
        int perSession = dev.tandem.kind.TrialKinds.all().masksPerSession(definition);
        if (perSession == 0) {
            return List.of();
        }
        int size = Math.max(256, 4 * perSession);
        SplittableRandom random = new SplittableRandom(definition.assignment().seed() * 0x9E3779B97F4A7C15L + 1);
        List<Long> seeds = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            seeds.add(random.nextLong() & Long.MAX_VALUE);
        }
        return seeds;
    }

    /** A fixed permutation of the images, the same for every participant of an experiment. */
    static int[] imageOrder(int imageCount, long seed) {
        int[] order = new int[imageCount];
        for (int i = 0; i < imageCount; i++) {
            order[i] = i;
        }
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = imageCount - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        return order;
    }
}
