package dev.tandem.triplet;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The triplets each participant judges, fixed by the experiment's seed and the participant's slot
 * before the session starts (issue 13).
 *
 * <p>A participant's T trials are C = round(catchRate·T) catch trials and M = T − C others, of which
 * R = round(repeatShare·M) come from the <em>repeated pool</em> and U = M − R are drawn for them
 * alone. The pool holds K = max(R, min(R·{@value #REPEAT_CYCLE}, S − U)) triplets drawn uniformly
 * without replacement from the S available (all C(n,3), or the supplied list). As in the masked
 * design ({@link dev.tandem.experiment.Assignment}) participant p takes the pool positions
 * p·R … p·R + R − 1 taken cyclically, so every run of K/R participants covers the pool once, the
 * counts of any two pool triplets differ by at most one after any number of participants, and no
 * participant sees a pool triplet twice (R ≤ K). The U others are drawn uniformly without
 * replacement from the triplets outside the pool; two participants may draw the same one by
 * chance, as uniform sampling implies.
 *
 * <p>A catch trial shows one image twice and a different one once (each uniform); the different
 * one is the right answer. Every trial's images are put in a uniformly random order of positions,
 * and the trial order is shuffled.
 */
public final class TripletAssignment {

    /** Consecutive participants that between them see each repeated triplet once (at most). */
    public static final int REPEAT_CYCLE = 4;

    /** What a trial is for. */
    public enum TrialRole {
        /** Drawn for this participant alone. */
        UNIQUE,
        /** From the repeated pool, shown to several participants for the noise ceiling. */
        REPEATED,
        /** Two identical images and a third; the third is the right answer. */
        CATCH
    }

    /**
     * One planned trial.
     *
     * @param imagesByPosition image indices at positions 0, 1, 2 (a catch trial repeats one)
     * @param triplet          the triplet shown; null for a catch trial
     * @param catchOddPosition the position of the different image in a catch trial; null otherwise
     */
    public record PlannedTriplet(int index, List<Integer> imagesByPosition, TrialRole role, Triplet triplet,
                                 Integer catchOddPosition) {}

    private final TripletDefinition definition;
    private final int imageCount;
    private final TripletSpace space;
    private final long seed;
    private final List<Triplet> pool;
    private final Set<Triplet> poolSet;

    /**
     * @param imageNames the selected images, in the order their indices refer to
     *                   ({@link TripletDefinition#selectedImages})
     */
    public TripletAssignment(TripletDefinition definition, List<String> imageNames, long seed) {
        this.definition = definition;
        this.imageCount = imageNames.size();
        if (imageCount < TripletDefinition.MIN_IMAGES) {
            throw new IllegalArgumentException("a triplet needs " + TripletDefinition.MIN_IMAGES + " images, got "
                    + imageCount);
        }
        this.space = definition.suppliedTriplets() == null ? TripletSpace.all(imageCount)
                : TripletSpace.of(indexed(definition.suppliedTriplets(), imageNames));
        this.seed = seed;
        int repeated = definition.repeatedTrials();
        int unique = definition.mainTrials() - repeated;
        if (definition.mainTrials() > space.size()) {
            throw new IllegalArgumentException("need " + definition.mainTrials() + " distinct triplets, "
                    + space.size() + " exist");
        }
        long poolSize = repeated == 0 ? 0 : Math.max(repeated, Math.min((long) repeated * REPEAT_CYCLE,
                space.size() - unique));
        this.pool = draw(space, (int) poolSize, Set.of(), stream(seed, -1));
        this.poolSet = Set.copyOf(pool);
    }

    /** The repeated pool, in the order participants take it. */
    public List<Triplet> repeatedPool() {
        return pool;
    }

    /** The trials of the participant in slot {@code slot} (0, 1, 2, …), in presentation order. */
    public List<PlannedTriplet> plan(int slot) {
        SplittableRandom random = stream(seed, slot);
        int repeated = definition.repeatedTrials();
        int unique = definition.mainTrials() - repeated;
        List<PlannedTriplet> trials = new ArrayList<>();
        for (int j = 0; j < repeated; j++) {
            Triplet t = pool.get((int) (((long) slot * repeated + j) % pool.size()));
            trials.add(shown(t, TrialRole.REPEATED, random));
        }
        for (Triplet t : draw(space, unique, poolSet, random)) {
            trials.add(shown(t, TrialRole.UNIQUE, random));
        }
        for (int j = 0; j < definition.catchTrials(); j++) {
            int twice = random.nextInt(imageCount);
            int once = (twice + 1 + random.nextInt(imageCount - 1)) % imageCount;
            int oddPosition = random.nextInt(3);
            List<Integer> images = new ArrayList<>(List.of(twice, twice, twice));
            images.set(oddPosition, once);
            trials.add(new PlannedTriplet(0, List.copyOf(images), TrialRole.CATCH, null, oddPosition));
        }
        Collections.shuffle(trials, new Random(random.nextLong()));
        List<PlannedTriplet> ordered = new ArrayList<>();
        for (PlannedTriplet t : trials) {
            ordered.add(new PlannedTriplet(ordered.size(), t.imagesByPosition(), t.role(), t.triplet(),
                    t.catchOddPosition()));
        }
        return ordered;
    }

    private static PlannedTriplet shown(Triplet triplet, TrialRole role, SplittableRandom random) {
        List<Integer> images = new ArrayList<>(triplet.images());
        // Fisher–Yates: each of the 6 orders equally likely
        for (int i = 2; i > 0; i--) {
            Collections.swap(images, i, random.nextInt(i + 1));
        }
        return new PlannedTriplet(0, List.copyOf(images), role, triplet, null);
    }

    /** {@code count} distinct triplets outside {@code excluded}, uniformly without replacement. */
    private static List<Triplet> draw(TripletSpace space, int count, Set<Triplet> excluded, SplittableRandom random) {
        List<Triplet> drawn = new ArrayList<>();
        Set<Triplet> seen = new HashSet<>();
        while (drawn.size() < count) {
            Triplet t = space.get(random.nextLong(space.size()));
            if (!excluded.contains(t) && seen.add(t)) {
                drawn.add(t);
            }
        }
        return drawn;
    }

    private static List<Triplet> indexed(List<List<String>> supplied, List<String> imageNames) {
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < imageNames.size(); i++) {
            index.put(imageNames.get(i), i);
        }
        List<Triplet> triplets = new ArrayList<>();
        for (List<String> names : supplied) {
            triplets.add(Triplet.of(index.get(names.get(0)), index.get(names.get(1)), index.get(names.get(2))));
        }
        return triplets;
    }

    /** An independent stream for one participant (or, for slot −1, the pool). */
    private static SplittableRandom stream(long seed, int slot) {
        long h = seed * 0x9E3779B97F4A7C15L + slot;
        h ^= h >>> 31;
        h *= 0xBF58476D1CE4E5B9L;
        h ^= h >>> 29;
        return new SplittableRandom(h);
    }
}
