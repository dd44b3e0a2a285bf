package dev.tandem.triplet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.triplet.TripletAssignment.PlannedTriplet;
import dev.tandem.triplet.TripletAssignment.TrialRole;
import dev.tandem.triplet.TripletDefinition.ImageSelection;
import dev.tandem.triplet.TripletDefinition.Presentation;
import dev.tandem.triplet.TripletDefinition.Response;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TripletAssignmentTest {

    private static List<String> images(int n) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            names.add("img" + i);
        }
        return names;
    }

    private static TripletDefinition definition(int trials, double catchRate, double repeatShare) {
        return new TripletDefinition("set", ImageSelection.all(), trials, Presentation.untilResponse(), Response.KEYS,
                catchRate, repeatShare, null);
    }

    /** χ² of observed counts against equal expected counts. */
    private static double chiSquare(int[] counts) {
        double total = 0;
        for (int c : counts) {
            total += c;
        }
        double expected = total / counts.length;
        double chi = 0;
        for (int c : counts) {
            chi += (c - expected) * (c - expected) / expected;
        }
        return chi;
    }

    @Test
    void everyOneOfTheTripletsOfEightImagesIsDrawnEquallyOften() {
        // 8 images: 56 triplets; 2,000 participants × 10 unique triplets = 20,000 draws, 357 expected each.
        // χ² with 55 degrees of freedom exceeds 93.2 with probability 0.001 under uniformity.
        TripletAssignment assignment = new TripletAssignment(definition(10, 0, 0), images(8), 42);
        TripletSpace all = TripletSpace.all(8);
        Map<Triplet, Integer> rank = new HashMap<>();
        for (int r = 0; r < all.size(); r++) {
            rank.put(all.get(r), r);
        }
        assertEquals(56, rank.size());
        int[] counts = new int[56];
        for (int slot = 0; slot < 2000; slot++) {
            for (PlannedTriplet t : assignment.plan(slot)) {
                counts[rank.get(t.triplet())]++;
            }
        }
        assertTrue(chiSquare(counts) < 93.2, "χ² = " + chiSquare(counts));
    }

    @Test
    void rankingCoversEveryTripletOnceInTheCombinatorialOrder() {
        TripletSpace all = TripletSpace.all(30);
        assertEquals(4060, all.size());
        Set<Triplet> seen = new HashSet<>();
        for (long r = 0; r < all.size(); r++) {
            seen.add(all.get(r));
        }
        assertEquals(4060, seen.size());
        assertEquals(new Triplet(0, 1, 2), all.get(0));
        assertEquals(new Triplet(27, 28, 29), all.get(4059));
        // 1,854 THINGS objects: C(1854,3) = 1,060,412,604 triplets (Python math.comb), reachable without listing them
        assertEquals(1_060_412_604L, TripletSpace.all(1854).size());
        assertEquals(new Triplet(1851, 1852, 1853), TripletSpace.all(1854).get(1_060_412_603L));
    }

    @Test
    void theSamePlanComesBackForTheSameSeedAndSlot() {
        TripletDefinition d = definition(20, 0.1, 0.3);
        assertEquals(new TripletAssignment(d, images(12), 5).plan(3), new TripletAssignment(d, images(12), 5).plan(3));
        assertNotEquals(new TripletAssignment(d, images(12), 5).plan(3), new TripletAssignment(d, images(12), 5).plan(4));
        assertNotEquals(new TripletAssignment(d, images(12), 5).plan(3), new TripletAssignment(d, images(12), 6).plan(3));
    }

    @Test
    void noParticipantSeesATripletTwiceEvenWhenTheyNeedAllOfThem() {
        // 5 images have 10 triplets; a participant with 10 non-catch trials sees each exactly once
        for (double repeatShare : new double[] {0, 0.3, 1}) {
            TripletAssignment assignment = new TripletAssignment(definition(12, 1 / 6.0, repeatShare), images(5), 1);
            for (int slot = 0; slot < 40; slot++) {
                List<Triplet> seen = assignment.plan(slot).stream().filter(t -> t.role() != TrialRole.CATCH)
                        .map(PlannedTriplet::triplet).toList();
                assertEquals(10, seen.size());
                assertEquals(10, new HashSet<>(seen).size());
            }
        }
        TripletAssignment large = new TripletAssignment(definition(60, 0.1, 0.4), images(20), 9);
        for (int slot = 0; slot < 100; slot++) {
            List<Triplet> seen = large.plan(slot).stream().filter(t -> t.role() != TrialRole.CATCH)
                    .map(PlannedTriplet::triplet).toList();
            assertEquals(seen.size(), new HashSet<>(seen).size());
        }
    }

    @Test
    void repeatedTripletsAreSpreadEvenlySoEachIsSeenBySeveralPeople() {
        // 40 trials, no catch, repeatShare .25: 10 repeated each; pool 10 × 4 = 40 triplets
        TripletAssignment assignment = new TripletAssignment(definition(40, 0, 0.25), images(20), 3);
        List<Triplet> pool = assignment.repeatedPool();
        assertEquals(10 * TripletAssignment.REPEAT_CYCLE, pool.size());
        assertEquals(pool.size(), new HashSet<>(pool).size());
        Map<Triplet, Integer> viewers = new HashMap<>();
        for (int participants = 1; participants <= 30; participants++) {
            List<PlannedTriplet> plan = assignment.plan(participants - 1);
            assertEquals(10, plan.stream().filter(t -> t.role() == TrialRole.REPEATED).count());
            plan.stream().filter(t -> t.role() == TrialRole.REPEATED).forEach(t -> viewers.merge(t.triplet(), 1,
                    Integer::sum));
            plan.stream().filter(t -> t.role() == TrialRole.UNIQUE)
                    .forEach(t -> assertTrue(!pool.contains(t.triplet()), "a unique triplet came from the pool"));
            int most = pool.stream().mapToInt(t -> viewers.getOrDefault(t, 0)).max().orElseThrow();
            int least = pool.stream().mapToInt(t -> viewers.getOrDefault(t, 0)).min().orElseThrow();
            assertTrue(most - least <= 1, "after " + participants + " people: " + least + ".." + most);
        }
        // 30 people × 10 / 40 pool triplets: every one seen by 7 or 8 people
        pool.forEach(t -> assertTrue(viewers.get(t) >= 7));
    }

    @Test
    void catchTrialsComeAtTheStatedRateAndShowOneImageTwice() {
        // 37 trials at 10 %: 3.7 rounds to 4 catch trials for every participant
        TripletAssignment assignment = new TripletAssignment(definition(37, 0.1, 0.2), images(15), 11);
        for (int slot = 0; slot < 50; slot++) {
            List<PlannedTriplet> plan = assignment.plan(slot);
            assertEquals(37, plan.size());
            List<PlannedTriplet> catches = plan.stream().filter(t -> t.role() == TrialRole.CATCH).toList();
            assertEquals(4, catches.size());
            for (PlannedTriplet c : catches) {
                assertNull(c.triplet());
                List<Integer> shown = c.imagesByPosition();
                assertEquals(2, new HashSet<>(shown).size());
                int odd = shown.get(c.catchOddPosition());
                assertEquals(1, shown.stream().filter(i -> i == odd).count());
            }
        }
    }

    @Test
    void trialsAreNumberedInPresentationOrderAndTheirKindsAreMixed() {
        List<PlannedTriplet> plan = new TripletAssignment(definition(40, 0.25, 0.5), images(20), 2).plan(0);
        for (int i = 0; i < plan.size(); i++) {
            assertEquals(i, plan.get(i).index());
        }
        // catch trials are not all at the end: the first 30 hold some
        assertTrue(plan.subList(0, 30).stream().anyMatch(t -> t.role() == TrialRole.CATCH));
        assertTrue(plan.subList(0, 20).stream().anyMatch(t -> t.role() == TrialRole.REPEATED));
    }

    @Test
    void eachImageOfATripletIsEquallyLikelyAtEachPosition() {
        // where the triplet's lowest-numbered image is shown: 3 positions, χ² with 2 df < 13.8 (p = .001)
        TripletAssignment assignment = new TripletAssignment(definition(20, 0, 0), images(10), 4);
        int[] positions = new int[3];
        for (int slot = 0; slot < 300; slot++) {
            for (PlannedTriplet t : assignment.plan(slot)) {
                positions[t.imagesByPosition().indexOf(t.triplet().first())]++;
                assertEquals(t.triplet(), Triplet.of(t.imagesByPosition().get(0), t.imagesByPosition().get(1),
                        t.imagesByPosition().get(2)));
            }
        }
        assertTrue(chiSquare(positions) < 13.8, "χ² = " + chiSquare(positions));
        assertTrue(positions[0] > 0 && positions[1] > 0 && positions[2] > 0);
    }

    @Test
    void aSuppliedListIsTheOnlySourceOfTriplets() {
        List<List<String>> supplied = List.of(List.of("img0", "img1", "img2"), List.of("img3", "img4", "img5"),
                List.of("img0", "img4", "img7"), List.of("img2", "img6", "img7"));
        TripletDefinition d = new TripletDefinition("set", ImageSelection.all(), 3, Presentation.untilResponse(),
                Response.CLICK, 0, 0.34, supplied);
        TripletAssignment assignment = new TripletAssignment(d, images(8), 8);
        Set<Triplet> allowed = Set.of(Triplet.of(0, 1, 2), Triplet.of(3, 4, 5), Triplet.of(0, 4, 7),
                Triplet.of(2, 6, 7));
        Set<Triplet> drawn = new HashSet<>();
        for (int slot = 0; slot < 40; slot++) {
            List<PlannedTriplet> plan = assignment.plan(slot);
            assertEquals(3, new HashSet<>(plan.stream().map(PlannedTriplet::triplet).toList()).size());
            plan.forEach(t -> assertTrue(allowed.contains(t.triplet())));
            plan.forEach(t -> drawn.add(t.triplet()));
        }
        assertEquals(allowed, drawn);
    }
}
