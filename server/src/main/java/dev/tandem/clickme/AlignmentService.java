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
import java.util.function.ToDoubleFunction;
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
     * @param ceilingFloor ρ ÷ ceiling is given only where the Spearman–Brown-corrected ceiling exceeds this;
     *                     below it the ratio is not defined (null): dividing by a ceiling near zero
     *                     turned chance agreement into "ρ ÷ ceiling = 262" (issue 11)
     */
    public record Options(int minParticipants, double sigma, int ceilingRepeats, long seed, double ceilingFloor) {
        /** Default floor of the corrected ceiling for ρ ÷ ceiling. */
        public static final double CEILING_FLOOR = 0.2;
        public static final Options DEFAULTS = new Options(2, 10, 20, 0, CEILING_FLOOR);
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
            if (!(ceilingFloor > 0 && ceilingFloor < 1)) {
                throw new InvalidInputException("ceilingFloor", "ceilingFloor must be between 0 and 1 (exclusive)");
            }
        }
    }

    /**
     * One image: its participants' human map, its ceilings and, with a model map, the alignment.
     *
     * @param splitHalfCeiling   the raw split-half ceiling r (maps of half the participants)
     * @param ceiling            the Spearman–Brown-corrected ceiling 2r / (1 + r): the expected ρ
     *                           of another group of as many participants with this image's map
     * @param modelCeiling       √{@code ceiling}: the expected ρ of a noise-free model map
     * @param normalizedSpearman ρ ÷ {@code modelCeiling}; null without a model map and where
     *                           {@code ceiling} is not above {@link Options#ceilingFloor()} (not defined)
     */
    public record ImageAlignment(String stimulusSha256, int imageIndex, String imageFile, String category,
                                 int participants, double splitHalfCeiling, double ceiling, double modelCeiling,
                                 Double spearman, Double normalizedSpearman, Double dice, Double iou) {}

    /**
     * Means over images. The human-side means cover every image with a ceiling; the model-side
     * means (ρ, the ceilings beside it, Dice, IoU) cover the same images, those with a model map
     * and a ceiling, so ρ and ceiling are never averaged over different image sets (issue 11).
     *
     * @param meanSplitHalfCeiling raw split-half ceiling over all images
     * @param meanCeiling          Spearman–Brown-corrected ceiling over all images
     * @param modelImages          the ceilings averaged over the images of {@code meanSpearman}
     * @param normalizedSpearman   {@code meanSpearman ÷ modelImages.modelCeiling}; null without a
     *                             model, or when {@code modelImages.ceiling} is not above the floor
     * @param normalizedSpearmanCi 95 % percentile bootstrap interval of {@code normalizedSpearman}
     *                             over images ({@value #BOOTSTRAP} resamples, seeded; resamples whose
     *                             ceiling is not above the floor are left out); null with it
     */
    public record Summary(int images, int imagesWithModelMap, double meanSplitHalfCeiling, double meanCeiling,
                          Double meanSpearman, Ceilings modelImages, Double normalizedSpearman, Interval normalizedSpearmanCi,
                          double ceilingFloor, Double meanDice, Double meanIou) {}

    /** A confidence interval. */
    public record Interval(double low, double high) {}

    /** Bootstrap resamples of the images for the summary's interval. */
    static final int BOOTSTRAP = 1000;

    /** Mean ceilings over a set of images, named as in {@link ImageAlignment}. */
    public record Ceilings(double splitHalfCeiling, double ceiling, double modelCeiling) {}

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
            Alignment.Ceiling ceiling = Alignment.splitHalfCeiling(participants, options.sigma(), options.ceilingRepeats(),
                    options.seed() ^ image.stimulusSha256().hashCode());
            ImportanceMap modelMap = modelMaps.get(image.stimulusSha256());
            Double rho = null;
            Alignment.Overlap overlap = null;
            if (modelMap != null) {
                rho = Alignment.spearman(modelMap.values(), human.values());
                overlap = Alignment.topOverlap(modelMap.values(), human.values(), TOP_FRACTION);
            }
            images.add(new ImageAlignment(image.stimulusSha256(), image.imageIndex(), image.imageFile(), image.category(),
                    participants.size(), ceiling.splitHalf(), ceiling.corrected(), ceiling.model(), rho,
                    rho == null ? null : normalized(rho, ceiling.corrected(), ceiling.model(), options.ceilingFloor()),
                    overlap == null ? null : overlap.dice(), overlap == null ? null : overlap.iou()));
        }
        return new Report(slug, modelName, modelName == null ? null : method.name(),
                modelName == null ? null : method.parameters(), options, images, summary(images, options.ceilingFloor(), options.seed()));
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

    /** ρ ÷ model ceiling where the corrected ceiling is above the floor; null (not defined) otherwise. */
    static Double normalized(double rho, double ceiling, double modelCeiling, double floor) {
        return Double.isNaN(rho) || !(ceiling > floor) ? null : rho / modelCeiling;
    }

    static Summary summary(List<ImageAlignment> images, double floor, long seed) {
        var withCeiling = images.stream().filter(i -> !Double.isNaN(i.ceiling())).toList();
        double splitHalf = mean(withCeiling, ImageAlignment::splitHalfCeiling);
        double ceiling = mean(withCeiling, ImageAlignment::ceiling);
        var same = withCeiling.stream().filter(i -> i.spearman() != null && !Double.isNaN(i.spearman())).toList();
        if (same.isEmpty()) {
            return new Summary(images.size(), 0, splitHalf, ceiling, null, null, null, null, floor, null, null);
        }
        double rho = mean(same, ImageAlignment::spearman);
        var ceilings = new Ceilings(mean(same, ImageAlignment::splitHalfCeiling), mean(same, ImageAlignment::ceiling),
                mean(same, ImageAlignment::modelCeiling));
        Double ratio = normalized(rho, ceilings.ceiling(), ceilings.modelCeiling(), floor);
        return new Summary(images.size(), same.size(), splitHalf, ceiling, rho, ceilings, ratio,
                ratio == null ? null : bootstrap(same, floor, seed), floor,
                mean(same, ImageAlignment::dice), mean(same, ImageAlignment::iou));
    }

    /** Percentile bootstrap over images of mean ρ ÷ mean model ceiling. */
    private static Interval bootstrap(List<ImageAlignment> images, double floor, long seed) {
        java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
        double[] ratios = new double[BOOTSTRAP];
        int kept = 0;
        for (int b = 0; b < BOOTSTRAP; b++) {
            double rho = 0;
            double ceiling = 0;
            double model = 0;
            for (int i = 0; i < images.size(); i++) {
                ImageAlignment image = images.get(random.nextInt(images.size()));
                rho += image.spearman();
                ceiling += image.ceiling();
                model += image.modelCeiling();
            }
            if (ceiling / images.size() > floor) {
                ratios[kept++] = rho / model;
            }
        }
        if (kept == 0) {
            return null;
        }
        double[] sorted = java.util.Arrays.copyOf(ratios, kept);
        java.util.Arrays.sort(sorted);
        return new Interval(sorted[(int) Math.floor(0.025 * (kept - 1))], sorted[(int) Math.ceil(0.975 * (kept - 1))]);
    }

    private static double mean(List<ImageAlignment> images, ToDoubleFunction<ImageAlignment> value) {
        return images.stream().mapToDouble(value).average().orElse(Double.NaN);
    }
}
