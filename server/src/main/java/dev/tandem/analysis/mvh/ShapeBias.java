package dev.tandem.analysis.mvh;

import dev.tandem.analysis.ObservedTrial;
import dev.tandem.analysis.ObserverKind;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Shape bias on cue-conflict images (Geirhos et al. 2019, ICLR): of the decisions that name
 * either the shape or the texture category, the share that name the shape. Trials whose shape and
 * texture agree carry no conflict and are left out.
 *
 * @param observer          observer id, or "humans" for the pooled subjects
 * @param conflictTrials    trials whose shape and texture differ
 * @param shapeDecisions    of those, decisions for the shape category
 * @param textureDecisions  of those, decisions for the texture category
 * @param shapeBias         shape / (shape + texture), NaN when neither was ever chosen
 */
public record ShapeBias(String observer, long conflictTrials, long shapeDecisions, long textureDecisions,
                        double shapeBias) {

    /**
     * Texture category from a cue-conflict imagename: "…_dog10-bird2.png" → "bird" (last "_" part,
     * before the first ".", after the last "-", digits removed).
     */
    public static String textureCategory(String imagename) {
        String[] parts = imagename.split("_", -1);
        String last = parts[parts.length - 1];
        String stem = last.split("\\.", -1)[0];
        String[] cues = stem.split("-", -1);
        return cues[cues.length - 1].replaceAll("\\d", "");
    }

    /** Per observer, then humans pooled; trials whose stimulus key is the cue-conflict imagename or its image id. */
    public static List<ShapeBias> of(Collection<ObservedTrial> trials) {
        List<ShapeBias> result = new ArrayList<>(by(trials, ObservedTrial::observerId));
        by(trials, t -> t.kind() == ObserverKind.HUMAN ? MvhDataset.HUMANS : null)
                .forEach(result::add);
        return result;
    }

    private static List<ShapeBias> by(Collection<ObservedTrial> trials, Function<ObservedTrial, String> who) {
        Map<String, long[]> counts = new TreeMap<>();
        for (ObservedTrial trial : trials) {
            String name = who.apply(trial);
            String texture = textureCategory(trial.stimulusKey());
            if (name == null || texture.equals(trial.category())) {
                continue;
            }
            long[] c = counts.computeIfAbsent(name, k -> new long[3]);
            c[0]++;
            c[1] += trial.category().equals(trial.response()) ? 1 : 0;
            c[2] += texture.equals(trial.response()) ? 1 : 0;
        }
        List<ShapeBias> result = new ArrayList<>();
        counts.forEach((name, c) -> result.add(new ShapeBias(name, c[0], c[1], c[2],
                c[1] + c[2] == 0 ? Double.NaN : (double) c[1] / (c[1] + c[2]))));
        return result;
    }
}
