package dev.tandem.triplet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.analysis.ObserverKind;
import dev.tandem.analysis.Range;
import dev.tandem.triplet.SimilarityMatrices.ModelDistance;
import dev.tandem.triplet.TripletAssignment.PlannedTriplet;
import dev.tandem.triplet.TripletAssignment.TrialRole;
import dev.tandem.triplet.TripletDefinition.ImageSelection;
import dev.tandem.triplet.TripletDefinition.Presentation;
import dev.tandem.triplet.TripletDefinition.Response;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * People simulated from a known embedding: 24 images in 4 categories (6-dimensional, category
 * centre plus item noise); each of 24 participants judges the triplets {@link TripletAssignment}
 * gives them, choosing the pair kept together with probability ∝ exp(cosine / 0.1) (a softmax
 * choice rule, as in the SPoSE model of THINGS) and answering catch trials right 95 % of the
 * time. The embedding itself is the "model".
 */
class SimulatedObserversTest {

    private static final int CATEGORIES = 4;
    private static final int PER_CATEGORY = 6;
    private static final int PEOPLE = 24;
    private static final double TEMPERATURE = 0.1;

    private static List<String> images;
    private static List<String> categories;
    private static List<float[]> embedding;
    private static List<Judgement> judgements;

    @BeforeAll
    static void simulate() {
        Random random = new Random(2020);
        images = new ArrayList<>();
        categories = new ArrayList<>();
        embedding = new ArrayList<>();
        for (int c = 0; c < CATEGORIES; c++) {
            double[] centre = new double[6];
            for (int d = 0; d < 6; d++) {
                centre[d] = random.nextGaussian();
            }
            for (int i = 0; i < PER_CATEGORY; i++) {
                float[] v = new float[6];
                for (int d = 0; d < 6; d++) {
                    v[d] = (float) (centre[d] + 0.6 * random.nextGaussian());
                }
                images.add("c" + c + "-i" + i);
                categories.add("category " + c);
                embedding.add(v);
            }
        }
        TripletDefinition definition = new TripletDefinition("sim", ImageSelection.all(), 120,
                Presentation.untilResponse(), Response.CLICK, 0.05, 0.3, null);
        TripletAssignment assignment = new TripletAssignment(definition, images, 77);
        judgements = new ArrayList<>();
        Set<Triplet> distinct = new HashSet<>();
        for (int p = 0; p < PEOPLE; p++) {
            for (PlannedTriplet t : assignment.plan(p)) {
                int chosen;
                if (t.role() == TrialRole.CATCH) {
                    chosen = random.nextDouble() < 0.95 ? t.catchOddPosition() : (t.catchOddPosition() + 1) % 3;
                } else {
                    chosen = softmaxOdd(t.imagesByPosition(), random);
                    distinct.add(t.triplet());
                }
                judgements.add(new Judgement("person" + p, ObserverKind.HUMAN, t.imagesByPosition(), chosen,
                        t.role() == TrialRole.CATCH));
            }
        }
        for (Triplet t : distinct) {
            judgements.add(modelJudgement("embedding", t, embedding));
        }
    }

    private static int softmaxOdd(List<Integer> shown, Random random) {
        double[] weight = new double[3];
        double total = 0;
        for (int k = 0; k < 3; k++) {
            // pair k is the pair without position k
            double s = OddOneOut.similarity(embedding.get(shown.get((k + 1) % 3)),
                    embedding.get(shown.get((k + 2) % 3)), OddOneOut.Similarity.COSINE);
            weight[k] = Math.exp(s / TEMPERATURE);
            total += weight[k];
        }
        double u = random.nextDouble() * total;
        return u < weight[0] ? 0 : u < weight[0] + weight[1] ? 1 : 2;
    }

    private static Judgement modelJudgement(String name, Triplet t, List<float[]> vectors) {
        List<OddOneOut.Item> items = new ArrayList<>();
        for (int image : t.images()) {
            items.add(new OddOneOut.Item(images.get(image), vectors.get(image)));
        }
        int odd = OddOneOut.fromEmbeddings(items, OddOneOut.Similarity.COSINE).oddPosition();
        return new Judgement(name, ObserverKind.MODEL, t.images(), odd, false);
    }

    private static List<float[]> shuffledEmbedding(long seed) {
        List<float[]> shuffled = new ArrayList<>(embedding);
        Collections.shuffle(shuffled, new Random(seed));
        return shuffled;
    }

    @Test
    void thePeoplesRdmMatchesAPairByPairRecount() {
        Rdm human = SimilarityMatrices.humanRdm(judgements, images);
        int defined = 0;
        for (int i = 0; i < images.size(); i++) {
            for (int j = i + 1; j < images.size(); j++) {
                double expected = IndependentRecomputation.humanDissimilarity(judgements, i, j);
                assertEquals(expected, human.get(i, j), 1e-12);
                defined += Double.isNaN(expected) ? 0 : 1;
            }
        }
        assertTrue(defined > 250, defined + " of 276 pairs defined");
    }

    @Test
    void rsaWithTheGeneratingEmbeddingIsHighAndWithAShuffledOneNearZero() {
        Rdm human = SimilarityMatrices.humanRdm(judgements, images);
        Rdm truth = SimilarityMatrices.modelRdm(images, embedding, ModelDistance.COSINE);
        Rdm shuffled = SimilarityMatrices.modelRdm(images, shuffledEmbedding(5), ModelDistance.COSINE);

        Rsa.Correlation real = Rsa.spearman(human, truth);
        Range realCi = Rsa.bootstrapOverImages(human, truth, 1000, 1);
        Rsa.Correlation control = Rsa.spearman(human, shuffled);
        Range controlCi = Rsa.bootstrapOverImages(human, shuffled, 1000, 1);
        System.out.printf("simulated RSA: generating %.3f [%.3f, %.3f] over %d pairs; shuffled %.3f [%.3f, %.3f]%n",
                real.rho(), realCi.low(), realCi.high(), real.pairs(), control.rho(), controlCi.low(),
                controlCi.high());

        assertTrue(real.rho() > 0.6, "RSA with the generating embedding: " + real.rho());
        assertTrue(realCi.contains(real.rho()) && realCi.low() > 0.4, "CI " + realCi);
        assertTrue(controlCi.contains(0.0), "shuffled CI " + controlCi);
        assertTrue(Math.abs(control.rho()) < 0.25, "shuffled RSA " + control.rho());
        assertFalse(realCi.low() < controlCi.high(), "the two intervals overlap");

        double[] h = upper(human, truth);
        double[] m = upper(truth, human);
        assertEquals(IndependentRecomputation.spearman(h, m), real.rho(), 1e-12);
    }

    /** The first RDM's values over the pairs both define, upper triangle, row by row. */
    private static double[] upper(Rdm first, Rdm second) {
        List<Double> values = new ArrayList<>();
        for (int i = 0; i < first.size(); i++) {
            for (int j = i + 1; j < first.size(); j++) {
                if (first.isDefined(i, j) && second.isDefined(i, j)) {
                    values.add(first.get(i, j));
                }
            }
        }
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }

    @Test
    void theSplitHalfCeilingIsAboveTheShuffledControlAndAtMostOne() {
        Rsa.SplitHalf ceiling = Rsa.splitHalfCeiling(judgements, images, 50, 9);
        Rdm human = SimilarityMatrices.humanRdm(judgements, images);
        double real = Rsa.spearman(human, SimilarityMatrices.modelRdm(images, embedding, ModelDistance.COSINE)).rho();
        System.out.printf("split-half ceiling %.3f [%.3f, %.3f] over %d splits; RSA %.3f%n", ceiling.ceiling(),
                ceiling.range().low(), ceiling.range().high(), ceiling.splits(), real);
        assertEquals(50, ceiling.splits());
        assertTrue(ceiling.ceiling() > 0.5 && ceiling.ceiling() <= 1.0, "ceiling " + ceiling.ceiling());
        assertTrue(ceiling.range().contains(ceiling.ceiling()));
    }

    @Test
    void theGeneratingModelReachesTheNoiseCeilingAndShuffledOnesChance() {
        List<Judgement> withControls = new ArrayList<>(judgements);
        List<Judgement> modelAnswers = judgements.stream().filter(j -> j.observerKind() == ObserverKind.MODEL).toList();
        for (int seed = 0; seed < 20; seed++) {
            List<float[]> shuffled = shuffledEmbedding(seed);
            for (Judgement j : modelAnswers) {
                withControls.add(modelJudgement("shuffled" + seed, j.triplet(), shuffled));
            }
        }
        TripletAnalysis.Report report = TripletAnalysis.analyse(withControls,
                new TripletAnalysis.Options(0.5, 500, 3));
        TripletAnalysis.ModelAgreement truth = report.models().stream().filter(m -> m.model().equals("embedding"))
                .findFirst().orElseThrow();
        double shuffledMean = report.models().stream().filter(m -> m.model().startsWith("shuffled"))
                .mapToDouble(m -> m.agreement().value()).average().orElseThrow();
        System.out.printf("ceiling %.3f %s over %d triplets; agreement %.3f %s (normalised %.3f %s); "
                        + "mean of 20 shuffled %.3f%n", report.noiseCeiling().value(), report.noiseCeiling().ci(),
                report.ceilingTriplets(), truth.agreement().value(), truth.agreement().ci(),
                truth.normalised().value(), truth.normalised().ci(), shuffledMean);

        assertTrue(report.noiseCeiling().ci().low() > 1.0 / 3, "people agree above chance");
        // the model makes the noise-free choice the people's softmax favours: it predicts a person at
        // least as well as the others' majority does, so its normalised score reaches about 1
        assertTrue(truth.normalised().ci().contains(1.0) || truth.normalised().value() > 1,
                "normalised " + truth.normalised());
        // a single permutation keeps some structure by chance; over permutations agreement is chance
        assertEquals(1.0 / 3, shuffledMean, 0.03);
        // nobody was excluded: catch trials were answered right 95 % of the time, threshold 0.5
        assertTrue(report.catchTrials().stream().noneMatch(TripletAnalysis.CatchAccuracy::excluded));
        assertEquals(PEOPLE, report.catchTrials().size());
    }
}
