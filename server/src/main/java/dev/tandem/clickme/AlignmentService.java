package dev.tandem.clickme;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.common.InvalidInputException;
import dev.tandem.common.NotFoundException;
import dev.tandem.model.ModelService;
import dev.tandem.model.RegisteredModel;
import dev.tandem.stimulus.StimulusService;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jooq.DSLContext;

/**
 * Human maps of a ClickMe experiment's images and their alignment with a model's maps (issue 5;
 * harmonization, Fel et al. 2022). All maps are at the stimulus's own resolution, the
 * coordinates of the reveals; σ is in those pixels (10 at 224 px, as harmonization's blur).
 */
public final class AlignmentService {

    /**
     * @param minParticipants an image counts only with at least this many participants who revealed something
     * @param sigma Gaussian blur of human maps, in stimulus pixels
     * @param ceilingRepeats random split halves averaged for the human ceiling
     * @param seed of the split halves
     */
    public record Options(int minParticipants, double sigma, int ceilingRepeats, long seed) {
        public static final Options DEFAULTS = new Options(2, 10, 20, 0);
        public static final double MAX_SIGMA = 64;
        public static final int MAX_PARTICIPANTS = 100_000;

        public Options {
            if (minParticipants < 2) {
                throw new InvalidInputException("minParticipants", "at least 2 participants are needed for a split half");
            }
            if (minParticipants > MAX_PARTICIPANTS) {
                throw new InvalidInputException("minParticipants", "minParticipants must be at most " + MAX_PARTICIPANTS);
            }
            // The blur's kernel has 6σ + 1 taps: a bounded σ bounds the work per map (issue 12).
            if (!(sigma >= 0 && sigma <= MAX_SIGMA)) {
                throw new InvalidInputException("sigma", "sigma must be a number from 0 to " + (int) MAX_SIGMA
                        + " (stimulus pixels), was " + sigma);
            }
        }
    }

    /** One image: its participants' human map, its ceiling and, with a model map, the alignment. */
    public record ImageAlignment(String stimulusSha256, int imageIndex, String imageFile, String category,
                                 int participants, double ceiling, Double spearman, Double normalizedSpearman,
                                 Double dice, Double iou) {}

    /** Means over images; {@code normalizedSpearman} = mean ρ ÷ mean ceiling (null without a model). */
    public record Summary(int images, int imagesWithModelMap, double meanCeiling, Double meanSpearman,
                          Double normalizedSpearman, Double meanDice, Double meanIou) {}

    public record Report(String experiment, String model, String method, Map<String, Object> parameters,
                         Options options, List<ImageAlignment> images, Summary summary) {}

    /** Top fraction of pixels compared by Dice and IoU. */
    static final double TOP_FRACTION = 0.1;

    private final DSLContext dsl;
    private final ModelService models;
    private final StimulusPixels pixels;
    private final MapJobRepository maps;
    private final RoundDataRepository rounds = new RoundDataRepository();

    public AlignmentService(DSLContext dsl, ObjectMapper json, ModelService models, StimulusService stimuli) {
        this.dsl = dsl;
        this.models = models;
        this.pixels = new StimulusPixels(stimuli);
        this.maps = new MapJobRepository(json);
    }

    /** Per image and summary; {@code modelName} may be null for the human side alone. */
    public Report alignment(String slug, String modelName, MapMethod method, Options options) {
        var played = rounds.playedImages(dsl, slug);
        var reveals = rounds.reveals(dsl, slug);
        Map<String, ImportanceMap> modelMaps = Map.of();
        if (modelName != null) {
            RegisteredModel model = models.find(modelName);
            modelMaps = maps.maps(dsl, model.id(), method,
                    played.stream().map(RoundDataRepository.PlayedImage::stimulusSha256).toList());
        }
        List<ImageAlignment> images = new ArrayList<>();
        for (var image : played) {
            List<ImportanceMap> participants = participantMaps(image.stimulusSha256(), reveals);
            if (participants.size() < options.minParticipants()) {
                continue;
            }
            ImportanceMap human = ImportanceMap.human(participants, options.sigma());
            double ceiling = Alignment.splitHalfCeiling(participants, options.sigma(), options.ceilingRepeats(),
                    options.seed() ^ image.stimulusSha256().hashCode());
            ImportanceMap modelMap = modelMaps.get(image.stimulusSha256());
            Double rho = null;
            Alignment.Overlap overlap = null;
            if (modelMap != null) {
                rho = Alignment.spearman(modelMap.values(), human.values());
                overlap = Alignment.topOverlap(modelMap.values(), human.values(), TOP_FRACTION);
            }
            images.add(new ImageAlignment(image.stimulusSha256(), image.imageIndex(), image.imageFile(), image.category(),
                    participants.size(), ceiling, rho, rho == null ? null : rho / ceiling,
                    overlap == null ? null : overlap.dice(), overlap == null ? null : overlap.iou()));
        }
        return new Report(slug, modelName, modelName == null ? null : method.name(),
                modelName == null ? null : method.parameters(), options, images, summary(images));
    }

    /** The human map of one image, or the model's stored map; null when there is none. */
    public HeatmapSource map(String slug, String image, String modelName, MapMethod method, Options options) {
        var played = rounds.playedImages(dsl, slug).stream()
                .filter(p -> p.stimulusSha256().equals(image) || p.imageFile().equals(image))
                .findFirst().orElseThrow(() -> new NotFoundException("no played image " + image + " in " + slug));
        StimulusPixels.Grey grey = pixels.grey(played.stimulusSha256());
        if (modelName == null) {
            var participants = participantMaps(played.stimulusSha256(), rounds.reveals(dsl, slug));
            if (participants.isEmpty()) {
                throw new NotFoundException("no reveals of image " + image);
            }
            return new HeatmapSource(grey, ImportanceMap.human(participants, options.sigma()));
        }
        RegisteredModel model = models.find(modelName);
        ImportanceMap map = maps.maps(dsl, model.id(), method, List.of(played.stimulusSha256())).get(played.stimulusSha256());
        if (map == null) {
            throw new NotFoundException("no " + method.name() + " map of " + image + " by " + modelName
                    + " with " + method.parameters() + "; run clickme maps first");
        }
        return new HeatmapSource(grey, map);
    }

    /** An image's pixels and a map over them, ready to draw. */
    public record HeatmapSource(StimulusPixels.Grey image, ImportanceMap map) {
        public byte[] png() {
            return Heatmap.overlay(image, map);
        }
    }

    private List<ImportanceMap> participantMaps(String stimulus, Map<String, Map<UUID, List<Reveal>>> reveals) {
        var byParticipant = reveals.getOrDefault(stimulus, Map.of());
        if (byParticipant.isEmpty()) {
            return List.of();
        }
        StimulusPixels.Grey grey = pixels.grey(stimulus);
        List<ImportanceMap> maps = new ArrayList<>();
        byParticipant.values().forEach(r -> maps.add(ImportanceMap.counts(grey.width(), grey.height(), r)));
        return maps;
    }

    private static Summary summary(List<ImageAlignment> images) {
        double ceiling = images.stream().mapToDouble(ImageAlignment::ceiling).filter(v -> !Double.isNaN(v)).average().orElse(Double.NaN);
        var withModel = images.stream().filter(i -> i.spearman() != null && !Double.isNaN(i.spearman())).toList();
        if (withModel.isEmpty()) {
            return new Summary(images.size(), 0, ceiling, null, null, null, null);
        }
        double rho = withModel.stream().mapToDouble(ImageAlignment::spearman).average().orElseThrow();
        return new Summary(images.size(), withModel.size(), ceiling, rho, rho / ceiling,
                withModel.stream().mapToDouble(ImageAlignment::dice).average().orElseThrow(),
                withModel.stream().mapToDouble(ImageAlignment::iou).average().orElseThrow());
    }
}
