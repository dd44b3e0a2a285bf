package dev.tandem.triplet;

import dev.tandem.analysis.ObserverKind;
import dev.tandem.analysis.Range;
import dev.tandem.common.InvalidInputException;
import dev.tandem.common.NotFoundException;
import dev.tandem.experiment.ExperimentService;
import dev.tandem.experiment.StoredExperiment;
import dev.tandem.export.ComparisonRepository;
import dev.tandem.export.ExportFilter;
import dev.tandem.export.TripletComparisonRepository;
import dev.tandem.export.TripletRow;
import dev.tandem.stimulus.SetImage;
import dev.tandem.triplet.SimilarityMatrices.ModelDistance;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.jooq.DSLContext;

/**
 * A triplet experiment's metrics from storage (issue 13): people's judgements and the models'
 * choices exactly as the triplet comparison export reads them ({@link TripletComparisonRepository},
 * so the figures and the exported rows cannot disagree), the models' embeddings of the selected
 * images, into {@link TripletMetrics}. Image indices are positions in the version's selected images
 * ({@link TripletDefinition#selectedSetImages}), matched by stimulus hash (else file).
 */
public final class TripletMetricsService {

    /** The observer name of the people's RDM in {@link #rdm}. */
    public static final String PEOPLE = "people";

    /**
     * @param similarity which of the models' stored choices are scored (cosine or dot product)
     * @param distance   how a model's RDM is built from its embeddings
     */
    public record Options(double catchThreshold, OddOneOut.Similarity similarity, ModelDistance distance,
                          int resamples, int splits, long seed) {

        public static final int DEFAULT_RESAMPLES = 1000;
        public static final int DEFAULT_SPLITS = 100;
        public static final long DEFAULT_SEED = 2020;

        public static Options defaults() {
            return new Options(TripletAnalysis.DEFAULT_CATCH_THRESHOLD, OddOneOut.Similarity.COSINE,
                    ModelDistance.COSINE, DEFAULT_RESAMPLES, DEFAULT_SPLITS, DEFAULT_SEED);
        }

        TripletMetrics.Options metrics() {
            return new TripletMetrics.Options(catchThreshold, distance, resamples, splits, seed);
        }
    }

    /** The options as the answer states them (lower-case names, as in the query). */
    public record Settings(double catchThreshold, String similarity, String distance, int resamples, int splits,
                           long seed) {}

    /**
     * @param judgements           people's judgements read (catch trials included)
     * @param catchJudgements      of those, catch trials
     * @param triplets             distinct triplets the included people judged (catch trials aside)
     * @param participants         people with at least one judgement
     * @param excludedParticipants people excluded by their catch trials
     */
    public record Counts(long judgements, long catchJudgements, long triplets, long participants,
                         long excludedParticipants) {}

    /**
     * How much of the people's triplets a model answered (with the chosen similarity).
     *
     * @param sources embedding and/or probabilities (an embedding's answer is taken where both exist)
     */
    public record ModelCoverage(String model, List<String> sources, long answeredTriplets, long triplets) {}

    /** A model's RDM against the people's: Spearman ρ over {@code pairs} pairs, bootstrap interval over images. */
    public record ModelRsa(String model, Double rsa, int pairs, Range ci) {}

    /** {@code GET /api/experiments/{slug}/metrics} of a triplet experiment. */
    public record Report(String experiment, int version, Settings options, List<String> images, Counts counts,
                         TripletAnalysis.Report analysis, Rsa.SplitHalf rsaCeiling, List<ModelRsa> rsa,
                         List<ModelCoverage> coverage) {}

    private final DSLContext ctx;
    private final ExperimentService experiments;
    private final ComparisonRepository sources;
    private final TripletComparisonRepository rows;
    private final TripletModelRepository embeddings = new TripletModelRepository();

    public TripletMetricsService(DSLContext ctx, ExperimentService experiments, ComparisonRepository sources,
                                 TripletComparisonRepository rows) {
        this.ctx = ctx;
        this.experiments = experiments;
        this.sources = sources;
        this.rows = rows;
    }

    /** The selected images of a version, their stimulus hashes, and its people's and models' answers. */
    private record Data(StoredExperiment experiment, List<String> images, List<String> categories, List<String> hashes,
                        List<Judgement> people, Map<String, Map<String, Judgement>> models,
                        Map<String, Set<String>> modelSources) {

        Set<String> excluded(double threshold) {
            return TripletAnalysis.catchAccuracy(people, threshold).stream()
                    .filter(TripletAnalysis.CatchAccuracy::excluded).map(TripletAnalysis.CatchAccuracy::participant)
                    .collect(Collectors.toSet());
        }

        List<Judgement> judgements() {
            List<Judgement> all = new ArrayList<>(people);
            models.values().forEach(m -> all.addAll(m.values()));
            return all;
        }
    }

    /**
     * @throws NotFoundException when the experiment (version) is not stored or has no triplet trials
     */
    public Report metrics(ExportFilter filter, Options options) {
        Data data = data(filter, options.similarity());
        List<TripletMetrics.ModelEmbeddings> models = modelEmbeddings(data, null);
        TripletMetrics.Metrics metrics = TripletMetrics.compute(data.judgements(), data.images(), models,
                options.metrics());
        Set<String> excluded = data.excluded(options.catchThreshold());
        Set<Triplet> triplets = new HashSet<>();
        Set<String> participants = new TreeSet<>();
        long catches = 0;
        for (Judgement j : data.people()) {
            participants.add(j.observer());
            catches += j.catchTrial() ? 1 : 0;
            if (!j.catchTrial() && !excluded.contains(j.observer())) {
                triplets.add(j.triplet());
            }
        }
        List<ModelCoverage> coverage = new ArrayList<>();
        data.models().forEach((model, answers) -> coverage.add(new ModelCoverage(model,
                List.copyOf(data.modelSources().get(model)),
                answers.values().stream().filter(j -> triplets.contains(j.triplet())).count(), triplets.size())));
        return new Report(data.experiment().slug(), data.experiment().version(),
                new Settings(options.catchThreshold(), lower(options.similarity()), lower(options.distance()),
                        options.resamples(), options.splits(), options.seed()),
                data.images(), new Counts(data.people().size(), catches, triplets.size(), participants.size(),
                excluded.size()),
                metrics.analysis(), metrics.humanCeiling(),
                metrics.models().stream().map(m -> new ModelRsa(m.model(), m.rsa(), m.pairs(), m.ci())).toList(),
                coverage);
    }

    /**
     * The people's RDM ({@value #PEOPLE}: included people's non-catch judgements) or a model's (from
     * its embeddings, with {@code options.distance()}).
     *
     * @throws InvalidInputException (field "observer") naming neither the people nor a model with embeddings
     */
    public Rdm rdm(ExportFilter filter, String observer, Options options) {
        Data data = data(filter, options.similarity());
        if (PEOPLE.equals(observer)) {
            return peopleRdm(data, options);
        }
        return modelRdm(data, observer, "observer", options);
    }

    /**
     * The people's and a model's RDMs side by side and RSA against its split-half ceiling ({@link TripletSvg}).
     *
     * @throws InvalidInputException (field "model") unless the model has embeddings of the images
     */
    public String svg(ExportFilter filter, String model, String title, Options options) {
        Data data = data(filter, options.similarity());
        Rdm modelRdm = modelRdm(data, model, "model", options);
        TripletMetrics.Metrics metrics = TripletMetrics.compute(data.people(), data.images(),
                modelEmbeddings(data, model), options.metrics());
        TripletMetrics.ModelRsa rsa = metrics.models().get(0);
        return TripletSvg.render(title, metrics.humanRdm(), modelRdm, data.categories(),
                new TripletSvg.Summary(model + " (" + lower(options.distance()) + ")", rsa.rsa(), rsa.ci(),
                        metrics.humanCeiling().ceiling(), metrics.humanCeiling().range()));
    }

    private Rdm peopleRdm(Data data, Options options) {
        Set<String> excluded = data.excluded(options.catchThreshold());
        return SimilarityMatrices.humanRdm(data.people().stream().filter(j -> !excluded.contains(j.observer())).toList(),
                data.images());
    }

    private Rdm modelRdm(Data data, String model, String field, Options options) {
        List<TripletMetrics.ModelEmbeddings> found = model == null ? List.of() : modelEmbeddings(data, model);
        if (found.isEmpty()) {
            throw new InvalidInputException(field, field + " must be " + (field.equals("observer") ? PEOPLE + " or " : "")
                    + "a model with embeddings of this experiment's images; got " + model);
        }
        return SimilarityMatrices.modelRdm(data.images(), found.get(0).embeddings(), options.distance());
    }

    /** Every model's embeddings of the images (null where it has none), or only {@code only}'s. */
    private List<TripletMetrics.ModelEmbeddings> modelEmbeddings(Data data, String only) {
        List<TripletMetrics.ModelEmbeddings> models = new ArrayList<>();
        embeddings.embeddings(ctx, data.hashes()).forEach((model, byHash) -> {
            if (only == null || only.equals(model)) {
                models.add(new TripletMetrics.ModelEmbeddings(model, data.hashes().stream().map(byHash::get).toList()));
            }
        });
        return models;
    }

    private Data data(ExportFilter filter, OddOneOut.Similarity similarity) {
        sources.requireSource(ctx, filter);
        StoredExperiment experiment = version(filter);
        TripletDefinition definition = experiment.definition().triplet();
        if (definition == null) {
            throw new NotFoundException("experiment " + experiment.slug() + " has no triplet trials");
        }
        List<SetImage> setImages = experiments.images(experiment);
        List<SetImage> selected = definition.selectedSetImages(setImages);
        List<String> hashes = experiments.stimulusHashes(experiment,
                ExperimentService.design(experiment.definition(), setImages));
        if (hashes.size() != selected.size()) {
            throw new IllegalStateException("a triplet experiment's design is its selected images, unmanipulated");
        }
        List<String> images = selected.stream().map(SetImage::file).toList();
        Map<String, Integer> byHash = indexOf(hashes);
        Map<String, Integer> byFile = indexOf(images);

        List<TripletRow> people = rows.people(ctx, filter);
        List<Judgement> judgements = new ArrayList<>();
        for (TripletRow row : people) {
            List<Integer> indices = indices(row, byHash, byFile);
            if (indices != null) {
                judgements.add(new Judgement(row.observer(), ObserverKind.HUMAN, indices, row.chosenPosition(),
                        row.catchTrial()));
            }
        }
        Map<String, Map<String, Judgement>> models = new TreeMap<>();
        Map<String, Set<String>> modelSources = new TreeMap<>();
        String wanted = lower(similarity);
        for (TripletRow row : rows.models(ctx, people)) { // embedding before probabilities: first answer kept
            List<Integer> indices = indices(row, byHash, byFile);
            if (indices != null && wanted.equals(row.similarity())) {
                Judgement answer = new Judgement(row.observer(), ObserverKind.MODEL, indices, row.chosenPosition(), false);
                if (models.computeIfAbsent(row.observer(), k -> new LinkedHashMap<>())
                        .putIfAbsent(row.tripletKey(), answer) == null) {
                    modelSources.computeIfAbsent(row.observer(), k -> new TreeSet<>()).add(row.source());
                }
            }
        }
        return new Data(experiment, images, selected.stream().map(SetImage::category).toList(), hashes, judgements,
                models, modelSources);
    }

    /** The filter's version of the experiment, or its current one. */
    private StoredExperiment version(ExportFilter filter) {
        if (filter.version() == null) {
            return experiments.current(filter.experimentSlug());
        }
        return experiments.all().stream()
                .filter(e -> e.slug().equals(filter.experimentSlug()) && e.version() == filter.version())
                .findFirst().orElseThrow(() -> new NotFoundException("no experiment " + filter.experimentSlug()
                        + " version " + filter.version()));
    }

    /** The row's images as indices into the selected images; null when one is not among them (another version's). */
    private static List<Integer> indices(TripletRow row, Map<String, Integer> byHash, Map<String, Integer> byFile) {
        List<Integer> indices = new ArrayList<>(3);
        for (int k = 0; k < 3; k++) {
            Integer index = byHash.get(row.stimuli().get(k));
            if (index == null) {
                index = byFile.get(row.files().get(k));
            }
            if (index == null) {
                return null;
            }
            indices.add(index);
        }
        return indices;
    }

    private static Map<String, Integer> indexOf(List<String> names) {
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            index.putIfAbsent(names.get(i), i);
        }
        return index;
    }

    private static String lower(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }
}
