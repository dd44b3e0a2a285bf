package dev.tandem.triplet;

import dev.tandem.analysis.KappaBootstrap;
import dev.tandem.analysis.ObserverKind;
import dev.tandem.analysis.Range;
import dev.tandem.analysis.WilsonInterval;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * Odd-one-out agreement between observers (issue 13; Hebart et al. 2020, THINGS).
 *
 * <ul>
 *   <li>Catch trials: each participant's share right, with a Wilson interval; a participant below
 *       the threshold is excluded from everything else.</li>
 *   <li>Per observer: accuracy against the human majority choice. A person is scored against the
 *       <em>others'</em> majority (leave-one-out) on triplets someone else also judged; a model
 *       against all the people's majority. When k choices tie for the majority, a choice among them
 *       earns 1/k (the expected score of breaking the tie at random). Wilson interval on the
 *       proportion.</li>
 *   <li>Noise ceiling: the same leave-one-out score pooled over every judgement on triplets at
 *       least two people judged (the repeated ones): how well the others' majority predicts a
 *       person's choice, the ceiling THINGS reports. Bootstrap interval over triplets.</li>
 *   <li>Model–human agreement: the share of people's judgements whose choice equals the model's on
 *       the same triplet (the quantity the ceiling bounds), and the ceiling-normalised score
 *       (agreement − 1/3) / (ceiling − 1/3); bootstrap over triplets, resampling both together.</li>
 * </ul>
 */
public final class TripletAnalysis {

    /** Chance in a three-way choice. */
    public static final double CHANCE = 1.0 / 3;
    /** Catch-trial accuracy below which a participant is excluded, unless the caller says otherwise. */
    public static final double DEFAULT_CATCH_THRESHOLD = 0.8;

    private TripletAnalysis() {}

    /** @param catchThreshold exclude a participant whose catch-trial accuracy is below this */
    public record Options(double catchThreshold, int resamples, long seed) {

        public Options {
            if (!(catchThreshold >= 0 && catchThreshold <= 1) || resamples < 0) {
                throw new IllegalArgumentException("need a catch threshold in [0, 1] and resamples >= 0");
            }
        }
    }

    public record CatchAccuracy(String participant, long right, long trials, double accuracy, WilsonInterval ci,
                                boolean excluded) {}

    /** @param scoredTrials trials that had a majority to be scored against */
    public record ObserverAccuracy(String observer, ObserverKind kind, double accuracy, long scoredTrials,
                                   Range ci) {}

    /** A value with its 95 % interval; null value when there was nothing to compute it from. */
    public record Estimate(Double value, Range ci) {}

    /**
     * @param humanJudgements people's judgements on triplets the model answered
     * @param normalised      (agreement − 1/3) / (ceiling − 1/3); null value when the ceiling is at or below chance,
     *                        or when more than {@link #UNDEFINED_SHARE} of the bootstrap resamples put it there
     *                        (its 95 % interval reaches chance, so the ratio could be any size)
     */
    public record ModelAgreement(String model, Estimate agreement, long humanJudgements, Estimate normalised) {}

    /** @param ceilingTriplets triplets judged by at least two (included) people */
    public record Report(List<CatchAccuracy> catchTrials, List<ObserverAccuracy> observers, Estimate noiseCeiling,
                         long ceilingTriplets, long ceilingJudgements, List<ModelAgreement> models) {}

    /** One person's choice on one triplet: the index in the triplet (0, 1, 2 for first, second, third). */
    private record Vote(String observer, int slot) {}

    /** Per triplet: leave-one-out credit summed over people's judgements, and how many were scored. */
    private record Credit(double sum, long count) {}

    public static Report analyse(List<Judgement> judgements, Options options) {
        List<CatchAccuracy> catches = catchAccuracy(judgements, options.catchThreshold());
        Set<String> excluded = new HashSet<>();
        catches.stream().filter(CatchAccuracy::excluded).forEach(c -> excluded.add(c.participant()));

        Map<Triplet, List<Vote>> human = new LinkedHashMap<>();
        Map<String, Map<Triplet, Integer>> models = new TreeMap<>();
        for (Judgement j : judgements) {
            if (j.catchTrial()) {
                continue;
            }
            Triplet t = j.triplet();
            int slot = t.images().indexOf(j.chosenImage());
            if (j.observerKind() == ObserverKind.HUMAN) {
                if (!excluded.contains(j.observer())) {
                    human.computeIfAbsent(t, k -> new ArrayList<>()).add(new Vote(j.observer(), slot));
                }
            } else {
                models.computeIfAbsent(j.observer(), k -> new LinkedHashMap<>()).putIfAbsent(t, slot);
            }
        }

        List<Triplet> triplets = new ArrayList<>(human.keySet());
        List<ObserverAccuracy> observers = new ArrayList<>();
        Credit[] ceilingCredit = scorePeople(triplets, human, observers);
        List<ModelAgreement> agreements = new ArrayList<>();
        for (Map.Entry<String, Map<Triplet, Integer>> model : models.entrySet()) {
            Credit[] agreement = scoreModel(model.getKey(), model.getValue(), triplets, human, observers);
            agreements.add(modelAgreement(model.getKey(), agreement, ceilingCredit, options));
        }

        long ceilingTriplets = 0;
        long ceilingJudgements = 0;
        for (Credit c : ceilingCredit) {
            ceilingTriplets += c.count() > 0 ? 1 : 0;
            ceilingJudgements += c.count();
        }
        Estimate ceiling = bootstrap(ceilingCredit, options, "ceiling");
        return new Report(catches, observers, ceiling, ceilingTriplets, ceilingJudgements, agreements);
    }

    /**
     * Adds each person's leave-one-out accuracy to {@code observers}; returns per triplet the
     * credit that counts towards the noise ceiling (none for triplets only one person judged).
     */
    private static Credit[] scorePeople(List<Triplet> triplets, Map<Triplet, List<Vote>> human,
                                        List<ObserverAccuracy> observers) {
        Map<String, double[]> perPerson = new TreeMap<>(); // {credit, count}
        Credit[] ceilingCredit = new Credit[triplets.size()];
        for (int i = 0; i < triplets.size(); i++) {
            List<Vote> votes = human.get(triplets.get(i));
            boolean repeated = votes.stream().map(Vote::observer).distinct().count() >= 2;
            double sum = 0;
            long count = 0;
            for (Vote v : votes) {
                Double credit = credit(counts(votes, v.observer()), v.slot());
                if (credit != null) {
                    double[] person = perPerson.computeIfAbsent(v.observer(), k -> new double[2]);
                    person[0] += credit;
                    person[1]++;
                    sum += credit;
                    count++;
                }
            }
            ceilingCredit[i] = repeated ? new Credit(sum, count) : new Credit(0, 0);
        }
        perPerson.forEach((person, c) -> observers.add(new ObserverAccuracy(person, ObserverKind.HUMAN,
                c[0] / c[1], (long) c[1], wilson(c[0] / c[1], (long) c[1]))));
        return ceilingCredit;
    }

    /**
     * Adds the model's accuracy against everyone's majority to {@code observers}; returns per
     * triplet how many people's choices equal the model's, out of how many (0 of 0 where the model
     * did not answer). A model that answered a triplet more than once is taken at its first answer.
     */
    private static Credit[] scoreModel(String model, Map<Triplet, Integer> choices, List<Triplet> triplets,
                                       Map<Triplet, List<Vote>> human, List<ObserverAccuracy> observers) {
        double majoritySum = 0;
        long majorityCount = 0;
        Credit[] agreement = new Credit[triplets.size()];
        for (int i = 0; i < triplets.size(); i++) {
            Integer choice = choices.get(triplets.get(i));
            List<Vote> votes = human.get(triplets.get(i));
            if (choice == null) {
                agreement[i] = new Credit(0, 0);
                continue;
            }
            majoritySum += credit(counts(votes, null), choice);
            majorityCount++;
            long same = votes.stream().filter(v -> v.slot() == choice).count();
            agreement[i] = new Credit(same, votes.size());
        }
        if (majorityCount > 0) {
            observers.add(new ObserverAccuracy(model, ObserverKind.MODEL, majoritySum / majorityCount,
                    majorityCount, wilson(majoritySum / majorityCount, majorityCount)));
        }
        return agreement;
    }

    /** Catch-trial accuracy of every person who had catch trials, in name order. */
    public static List<CatchAccuracy> catchAccuracy(List<Judgement> judgements, double threshold) {
        Map<String, long[]> tally = new TreeMap<>(); // {right, trials}
        for (Judgement j : judgements) {
            if (j.catchTrial() && j.observerKind() == ObserverKind.HUMAN) {
                long[] t = tally.computeIfAbsent(j.observer(), k -> new long[2]);
                t[0] += j.catchAnsweredRight() ? 1 : 0;
                t[1]++;
            }
        }
        List<CatchAccuracy> result = new ArrayList<>();
        tally.forEach((person, t) -> {
            double accuracy = (double) t[0] / t[1];
            result.add(new CatchAccuracy(person, t[0], t[1], accuracy, WilsonInterval.of(t[0], t[1]),
                    accuracy < threshold));
        });
        return result;
    }

    /** Votes per slot, leaving out one observer's (or none). */
    private static int[] counts(List<Vote> votes, String leftOut) {
        int[] counts = new int[3];
        for (Vote v : votes) {
            if (!v.observer().equals(leftOut)) {
                counts[v.slot()]++;
            }
        }
        return counts;
    }

    /** 1/k when {@code slot} is one of the k slots with the most votes, else 0; null without votes. */
    private static Double credit(int[] counts, int slot) {
        int most = Math.max(counts[0], Math.max(counts[1], counts[2]));
        if (most == 0) {
            return null;
        }
        int tied = 0;
        for (int c : counts) {
            tied += c == most ? 1 : 0;
        }
        return counts[slot] == most ? 1.0 / tied : 0.0;
    }

    private static ModelAgreement modelAgreement(String model, Credit[] agreement, Credit[] ceiling, Options options) {
        Double value = ratio(agreement, null);
        long judgements = 0;
        for (Credit c : agreement) {
            judgements += c.count();
        }
        Estimate agreementEstimate = bootstrap(agreement, options, model + "/agreement");
        Double ceilingValue = ratio(ceiling, null);
        Double normalised = value == null ? null : normalise(value, ceilingValue);
        Range normalisedCi = null;
        if (normalised != null && options.resamples() > 0) {
            SplittableRandom random = stream(options.seed(), model + "/normalised");
            List<Double> replicates = new ArrayList<>();
            for (int b = 0; b < options.resamples(); b++) {
                int[] drawn = draw(agreement.length, random);
                Double a = ratio(agreement, drawn);
                Double c = ratio(ceiling, drawn);
                Double n = a == null ? null : normalise(a, c);
                if (n != null) {
                    replicates.add(n);
                }
            }
            if (replicates.size() < (1 - UNDEFINED_SHARE) * options.resamples()) {
                // The ceiling's own interval reaches chance: the ratio divides by a number that may
                // be zero and would be reported as a huge score. Not defined, as at chance.
                normalised = null;
            } else {
                normalisedCi = percentile(replicates);
            }
        }
        return new ModelAgreement(model, agreementEstimate, judgements, new Estimate(normalised, normalisedCi));
    }

    /**
     * Largest share of bootstrap resamples whose ceiling may be at or below chance for the
     * normalised score to be given: above it the ceiling's 95 % interval reaches chance.
     */
    public static final double UNDEFINED_SHARE = 0.025;

    /** (agreement − 1/3) / (ceiling − 1/3), undefined when the ceiling is not above chance. */
    public static Double normalise(double agreement, Double ceiling) {
        if (ceiling == null || !(ceiling > CHANCE)) {
            return null;
        }
        return (agreement - CHANCE) / (ceiling - CHANCE);
    }

    private static Estimate bootstrap(Credit[] credits, Options options, String name) {
        Double value = ratio(credits, null);
        if (value == null || options.resamples() <= 0) {
            return new Estimate(value, null);
        }
        SplittableRandom random = stream(options.seed(), name);
        List<Double> replicates = new ArrayList<>();
        for (int b = 0; b < options.resamples(); b++) {
            Double r = ratio(credits, draw(credits.length, random));
            if (r != null) {
                replicates.add(r);
            }
        }
        return new Estimate(value, percentile(replicates));
    }

    /** A stream for one named estimate, the same whatever order the estimates are computed in. */
    private static SplittableRandom stream(long seed, String name) {
        long h = seed * 0x9E3779B97F4A7C15L + name.hashCode();
        h ^= h >>> 31;
        return new SplittableRandom(h);
    }

    /** Triplet indices drawn with replacement. */
    private static int[] draw(int n, SplittableRandom random) {
        int[] drawn = new int[n];
        for (int i = 0; i < n; i++) {
            drawn[i] = random.nextInt(n);
        }
        return drawn;
    }

    /** Pooled credit over the triplets (all, or those drawn); null when nothing was scored. */
    private static Double ratio(Credit[] credits, int[] drawn) {
        double sum = 0;
        long count = 0;
        int n = drawn == null ? credits.length : drawn.length;
        for (int i = 0; i < n; i++) {
            Credit c = credits[drawn == null ? i : drawn[i]];
            sum += c.sum();
            count += c.count();
        }
        return count == 0 ? null : sum / count;
    }

    private static Range percentile(List<Double> replicates) {
        if (replicates.isEmpty()) {
            return null;
        }
        return KappaBootstrap.percentile95(replicates.stream().mapToDouble(Double::doubleValue).toArray());
    }

    /**
     * 95 % Wilson score interval for a proportion {@code p} of {@code n} trials; p may be fractional
     * (tied majorities give partial credit), which the score formula allows.
     */
    static Range wilson(double p, long n) {
        if (n == 0) {
            return new Range(0, 1);
        }
        double z2 = WilsonInterval.Z95 * WilsonInterval.Z95;
        double denominator = 1 + z2 / n;
        double centre = (p + z2 / (2.0 * n)) / denominator;
        double half = WilsonInterval.Z95 * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n)) / denominator;
        return new Range(p == 0 ? 0 : Math.max(0, centre - half), p == 1 ? 1 : Math.min(1, centre + half));
    }
}
