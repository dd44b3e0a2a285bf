package dev.tandem.analysis;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Accuracy of one observer group against presentation time.
 *
 * @param group  observer group ("humans", or a model name)
 * @param axis   what x is
 * @param points ordered by x
 */
public record PsychometricCurve(String group, ObserverKind kind, Axis axis, List<Point> points) {

    /** The x axis: the duration the experiment asked for, or the frames the screen actually showed. */
    public enum Axis {
        /** Requested presentation time in ms. */
        REQUESTED_MS("presentation time requested (ms)", ObservedTrial::requestedMs),
        /** Stimulus frames actually shown, as the client recorded them. */
        FRAMES_SHOWN("stimulus frames shown", ObservedTrial::framesShown);

        private final String label;
        private final Function<ObservedTrial, Integer> x;

        Axis(String label, Function<ObservedTrial, Integer> x) {
            this.label = label;
            this.x = x;
        }

        public String label() {
            return label;
        }
    }

    /** Accuracy of all the group's trials at one x. */
    public record Point(int x, Accuracy accuracy) {
    }

    /** One curve per group, ordered by group name; trials without a value on the axis are left out. */
    public static List<PsychometricCurve> of(Collection<ObservedTrial> trials, Axis axis) {
        Map<String, ObserverKind> kinds = new TreeMap<>();
        Map<String, Map<Integer, List<ObservedTrial>>> byGroup = new TreeMap<>();
        for (ObservedTrial trial : trials) {
            Integer x = axis.x.apply(trial);
            if (x == null) {
                continue;
            }
            kinds.putIfAbsent(trial.group(), trial.kind());
            byGroup.computeIfAbsent(trial.group(), k -> new TreeMap<>())
                    .computeIfAbsent(x, k -> new ArrayList<>()).add(trial);
        }
        List<PsychometricCurve> curves = new ArrayList<>();
        byGroup.forEach((group, byX) -> {
            List<Point> points = new ArrayList<>();
            byX.forEach((x, list) -> points.add(new Point(x, Accuracy.of(list))));
            curves.add(new PsychometricCurve(group, kinds.get(group), axis, List.copyOf(points)));
        });
        return curves;
    }
}
