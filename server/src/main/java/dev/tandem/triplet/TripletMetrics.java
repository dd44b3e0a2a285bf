package dev.tandem.triplet;

import dev.tandem.analysis.ObserverKind;
import dev.tandem.analysis.Range;
import dev.tandem.triplet.SimilarityMatrices.ModelDistance;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Everything a triplet experiment's metrics report (issue 13), from its judgements and the models'
 * embeddings: the odd-one-out analysis ({@link TripletAnalysis}), the people's RDM, and per model
 * its RDM's RSA with the people's, with the bootstrap interval over images and the split-half
 * ceiling. Participants excluded by their catch trials are left out of the RDMs too.
 */
public final class TripletMetrics {

    private TripletMetrics() {}

    /** A model's embeddings of the experiment's images, in the images' order. */
    public record ModelEmbeddings(String model, List<float[]> embeddings) {}

    /** @param resamples bootstrap replicates (analysis and RSA); @param splits split-half splits */
    public record Options(double catchThreshold, ModelDistance distance, int resamples, int splits, long seed) {

        public TripletAnalysis.Options analysis() {
            return new TripletAnalysis.Options(catchThreshold, resamples, seed);
        }
    }

    public record ModelRsa(String model, Rdm rdm, Double rsa, int pairs, Range ci) {}

    public record Metrics(TripletAnalysis.Report analysis, Rdm humanRdm, Rsa.SplitHalf humanCeiling,
                          List<ModelRsa> models) {}

    public static Metrics compute(List<Judgement> judgements, List<String> images, List<ModelEmbeddings> models,
                                  Options options) {
        TripletAnalysis.Report analysis = TripletAnalysis.analyse(judgements, options.analysis());
        Set<String> excluded = analysis.catchTrials().stream().filter(TripletAnalysis.CatchAccuracy::excluded)
                .map(TripletAnalysis.CatchAccuracy::participant).collect(Collectors.toSet());
        List<Judgement> people = judgements.stream()
                .filter(j -> j.observerKind() == ObserverKind.HUMAN && !excluded.contains(j.observer()))
                .toList();
        Rdm human = SimilarityMatrices.humanRdm(people, images);
        Rsa.SplitHalf ceiling = Rsa.splitHalfCeiling(people, images, options.splits(), options.seed());
        List<ModelRsa> rsa = new ArrayList<>();
        for (ModelEmbeddings model : models) {
            Rdm rdm = SimilarityMatrices.modelRdm(images, model.embeddings(), options.distance());
            Rsa.Correlation correlation = Rsa.spearman(human, rdm);
            Range ci = Rsa.bootstrapOverImages(human, rdm, options.resamples(), options.seed());
            rsa.add(new ModelRsa(model.model(), rdm, correlation.rho(), correlation.pairs(), ci));
        }
        return new Metrics(analysis, human, ceiling, rsa);
    }
}
