package dev.tandem.analysis;

import dev.tandem.analysis.mvh.MvhImageId;
import dev.tandem.common.NotFoundException;
import dev.tandem.export.ComparisonRepository;
import dev.tandem.export.ComparisonRow;
import dev.tandem.export.ExportFilter;
import org.jooq.DSLContext;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * {@code metrics --experiment SLUG [--json]}: accuracy with Wilson intervals, confusion matrix,
 * pairwise error consistency and psychometric curves of an experiment, computed from the same
 * comparison rows the export writes (so the figures and the exported dataset cannot disagree).
 * Trials are paired by stimulus hash within a condition (manipulation, level, requested ms).
 */
public final class MetricsService {

    /**
     * Everything the console and CLI show for one experiment.
     *
     * @param minSharedTrials   the minimum of shared trials a pair × condition cell needs to enter a mean
     * @param kappaChanceMethod how {@code kappaChance} was obtained, in words
     * @param kappaCiMethod     how {@code kappaCi} was obtained, in words
     * @param byRequestedMs     people's accuracy per group × manipulation × level against requested ms, with a
     *                          fitted psychometric function and its threshold
     * @param byFramesShown     the same against frames shown, per refresh rate
     * @param modelReferences   each model's accuracy per manipulation × level, over the whole design and on
     *                          the stimuli people saw
     */
    public record Metrics(String experiment, List<AccuracyTable.Cell> accuracyByObserver,
                          List<AccuracyTable.Cell> accuracyByGroup, ConfusionMatrix confusion,
                          int minSharedTrials, String kappaChanceMethod, String kappaCiMethod,
                          List<PairwiseConsistency.KindSummary> consistencyByPairKind,
                          List<PairwiseConsistency.PairResult> consistency,
                          List<PsychometricCurve> byRequestedMs, List<PsychometricCurve> byFramesShown,
                          List<ModelReference> modelReferences) {
    }

    /** {@link Metrics#kappaChanceMethod()}: what {@link KappaChance} and the means' simulation do. */
    public static final String KAPPA_CHANCE_METHOD = "per condition: exact central 95% of kappa for independent observers "
            + "with the observed accuracies (hypergeometric count of trials both got right, the exact form of "
            + "Geirhos et al. 2020's binomial construction); means over conditions or pairs: central 95% of the "
            + "mean of kappas drawn from those exact distributions (seeded simulation)";

    /** {@link Metrics#kappaCiMethod()}. */
    public static final String KAPPA_CI_METHOD = "95% percentile bootstrap over trials (resampled within each "
            + "condition; seeded)";

    private final DSLContext ctx;
    private final ComparisonRepository comparison;
    private final DesignScoreRepository design = new DesignScoreRepository();

    public MetricsService(DSLContext ctx, ComparisonRepository comparison) {
        this.ctx = ctx;
        this.comparison = comparison;
    }

    /** Seed of the psychometric thresholds' bootstrap. */
    private static final long CURVE_SEED = 2018L;

    /** With the default {@link ConsistencyOptions}. */
    public Metrics metrics(ExportFilter filter) {
        return metrics(filter, ConsistencyOptions.DEFAULT);
    }

    /** @throws NotFoundException when the filter names no stored experiment (version) or study */
    public Metrics metrics(ExportFilter filter, ConsistencyOptions options) {
        List<ObservedTrial> trials = trials(filter);
        String name = filter.experimentSlug() != null ? filter.experimentSlug() : filter.study();
        PairwiseConsistency.Result consistency = PairwiseConsistency.compute(trials, options);
        return new Metrics(name, AccuracyTable.byObserver(trials), AccuracyTable.byGroup(trials),
                ConfusionMatrix.of(trials), options.minSharedTrials(), KAPPA_CHANCE_METHOD, KAPPA_CI_METHOD,
                consistency.byPairKind(), consistency.pairs(),
                PsychometricCurve.of(trials, PsychometricCurve.Axis.REQUESTED_MS, guessRate(trials), CURVE_SEED),
                PsychometricCurve.of(trials, PsychometricCurve.Axis.FRAMES_SHOWN, guessRate(trials), CURVE_SEED),
                modelReferences(filter, trials));
    }

    /** 1 / the number of categories seen; a tenth when none are. */
    private static double guessRate(List<ObservedTrial> trials) {
        int categories = ConfusionMatrix.of(trials).categories().size();
        return categories == 0 ? 0.1 : 1.0 / categories;
    }

    /**
     * Per model, manipulation and level: accuracy on the whole scored design and on the distinct
     * stimuli people saw (the model's rows in the comparison are exactly those).
     */
    List<ModelReference> modelReferences(ExportFilter filter, List<ObservedTrial> trials) {
        Map<List<String>, Map<String, Boolean>> seen = new TreeMap<>(MetricsService::compareKeys);
        for (ObservedTrial t : trials) {
            if (t.kind() == ObserverKind.MODEL) {
                seen.computeIfAbsent(Arrays.asList(t.group(), t.manipulation(), t.level()), k -> new HashMap<>())
                        .put(t.stimulusKey(), t.correct());
            }
        }
        Map<List<String>, Map<String, Boolean>> whole = new TreeMap<>(MetricsService::compareKeys);
        if (filter.experimentSlug() != null && (filter.observerKinds().isEmpty() || filter.observerKinds().contains("model"))) {
            for (DesignScoreRepository.DesignScore score : design.scores(ctx, filter.experimentSlug(), filter.version())) {
                whole.computeIfAbsent(Arrays.asList(score.model(), score.manipulation(), score.level()), k -> new HashMap<>())
                        .put(score.stimulusSha256(), score.correct());
            }
        }
        Set<List<String>> keys = new TreeSet<>(MetricsService::compareKeys);
        keys.addAll(seen.keySet());
        keys.addAll(whole.keySet());
        List<ModelReference> references = new ArrayList<>();
        for (List<String> key : keys) {
            references.add(new ModelReference(key.get(0), key.get(1), key.get(2), accuracy(whole.get(key)),
                    accuracy(seen.getOrDefault(key, Map.of()))));
        }
        return references;
    }

    private static Accuracy accuracy(Map<String, Boolean> correctByStimulus) {
        if (correctByStimulus == null) {
            return null;
        }
        long correct = correctByStimulus.values().stream().filter(Boolean::booleanValue).count();
        return Accuracy.of(correct, correctByStimulus.size());
    }

    private static int compareKeys(List<String> a, List<String> b) {
        for (int i = 0; i < a.size(); i++) {
            int c = java.util.Objects.compare(a.get(i), b.get(i), java.util.Comparator.nullsFirst(String::compareTo));
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    /**
     * Accuracy against requested presentation time per observer group, as SVG, with chance at one
     * over the number of categories seen.
     */
    public String psychometricSvg(ExportFilter filter) {
        return psychometricSvg(filter, filter.experimentSlug() != null ? filter.experimentSlug() : filter.study());
    }

    /** {@link #psychometricSvg(ExportFilter)} under the heading {@code title} (drawn as text, never as markup). */
    public String psychometricSvg(ExportFilter filter, String title) {
        List<ObservedTrial> trials = trials(filter);
        double guess = guessRate(trials);
        return new PsychometricSvg(guess).render(title,
                PsychometricCurve.of(trials, PsychometricCurve.Axis.REQUESTED_MS, guess, CURVE_SEED),
                modelReferences(filter, trials));
    }

    /** People's accuracy against the stimulus frames actually shown, one panel per manipulation, level and refresh rate. */
    public String framesShownSvg(ExportFilter filter, String title) {
        List<ObservedTrial> trials = trials(filter);
        return new PsychometricSvg(guessRate(trials)).render(title,
                PsychometricCurve.of(trials, PsychometricCurve.Axis.FRAMES_SHOWN, guessRate(trials), CURVE_SEED), List.of());
    }

    /**
     * The error-consistency matrix of every observer (each person, each model) as SVG: κ of each
     * pair, the mean over the conditions in which they share at least the minimum of trials.
     */
    public String consistencySvg(ExportFilter filter, String title, ConsistencyOptions options) {
        List<ObservedTrial> trials = trials(filter);
        Map<String, ConsistencySvg.Observer> observers = new TreeMap<>();
        for (ObservedTrial trial : trials) {
            observers.computeIfAbsent(trial.observerId(), id -> new ConsistencySvg.Observer(id, label(trial), trial.kind()));
        }
        List<ConsistencySvg.Observer> rows = observers.values().stream()
                .sorted(Comparator.comparing(ConsistencySvg.Observer::kind)) // stable: people, then models, each by id
                .toList();
        return new ConsistencySvg(options.minSharedTrials()).render(title, rows,
                PairwiseConsistency.compute(trials, options).pairs());
    }

    /** Every pair × condition row and every pair's mean over conditions as CSV ({@link ConsistencyCsv}). */
    public String consistencyCsv(ExportFilter filter, ConsistencyOptions options) {
        return ConsistencyCsv.write(PairwiseConsistency.compute(trials(filter), options).pairs(), options.minSharedTrials());
    }

    /** A person is shown by the start of their session id, a model or published subject by its name. */
    private static String label(ObservedTrial trial) {
        String id = trial.observerId().substring(trial.observerId().indexOf(':') + 1);
        return trial.observerId().startsWith("human:") ? "person " + id.substring(0, Math.min(8, id.length())) : id;
    }

    private List<ObservedTrial> trials(ExportFilter filter) {
        comparison.requireSource(ctx, filter);
        List<ObservedTrial> trials = new ArrayList<>();
        Set<String> modelAnswers = new HashSet<>();
        Map<String, Double> refreshRates = filter.experimentSlug() == null ? Map.of()
                : design.refreshRates(ctx, filter.experimentSlug(), filter.version());
        comparison.stream(ctx, filter, row -> {
            ObservedTrial trial = observed(row, "human".equals(row.observerKind()) ? refreshRates.get(row.session()) : null);
            // A model row repeats its one prediction for every human trial on the same stimulus;
            // keep it once per condition so pairing by stimulus stays unambiguous.
            if (trial.kind() == ObserverKind.HUMAN || modelAnswers.add(trial.observerId() + "\n" + trial.condition() + "\n" + trial.stimulusKey())) {
                trials.add(trial);
            }
        });
        return trials;
    }

    /**
     * A comparison row as an observation; imported rows follow model-vs-human's naming of humans.
     *
     * @param refreshHz the session's measured refresh rate, or null
     */
    static ObservedTrial observed(ComparisonRow row, Double refreshHz) {
        boolean human = switch (row.observerKind()) {
            case "human" -> true;
            case "imported" -> row.observerId().startsWith("subject-");
            default -> false;
        };
        String condition = row.manipulation() + ":" + (row.level() == null ? "" : row.level())
                + (row.requestedMs() == null ? "" : ":" + row.requestedMs() + "ms");
        String stimulus = row.stimulusSha256() != null ? row.stimulusSha256()
                : MvhImageId.of(row.imageName());
        return new ObservedTrial(row.observerKind() + ":" + row.observerId(), human ? ObserverKind.HUMAN : ObserverKind.MODEL,
                human ? "humans" : row.observerId(), condition, stimulus, row.category(), row.response(),
                row.requestedMs(), row.framesShown(), row.manipulation(), row.level(), refreshHz);
    }
}
