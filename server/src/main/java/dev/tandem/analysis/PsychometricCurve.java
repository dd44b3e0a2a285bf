package dev.tandem.analysis;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Accuracy of one group of people against presentation time, in one manipulation and level
 * (issue 11: pooling undistorted and noisy trials into one line hides both), and on the
 * frames-shown axis also on one refresh rate (a frame lasts 8.3 ms at 120 Hz and 16.7 ms at 60 Hz).
 * Models are left out: they have no presentation time, see {@link ModelReference}.
 *
 * @param group        observer group ("humans", or a published group)
 * @param manipulation the manipulation every point shares (null when the data names none)
 * @param level        its level (null when it has none)
 * @param refreshHz    on {@link Axis#FRAMES_SHOWN}: the sessions' refresh rate rounded to whole Hz (null: unknown);
 *                     on {@link Axis#REQUESTED_MS} always null
 * @param points       ordered by x, numerically
 * @param fit          on {@link Axis#REQUESTED_MS}: the fitted psychometric function, or null with fewer than
 *                     two durations
 */
public record PsychometricCurve(String group, ObserverKind kind, String manipulation, String level, Axis axis,
                                Integer refreshHz, List<Point> points, PsychometricFit fit) {

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

    /** Accuracy of all the group's trials at one x, in the curve's manipulation and level. */
    public record Point(int x, String manipulation, String level, Accuracy accuracy) {
    }

    /** "uniform-noise 0.2", or the manipulation alone. */
    public String panel() {
        String name = manipulation == null ? "all trials" : manipulation;
        return level == null || level.isEmpty() ? name : name + " " + level;
    }

    /** With guess rate 1/10 and a fixed seed; see {@link #of(Collection, Axis, double, long)}. */
    public static List<PsychometricCurve> of(Collection<ObservedTrial> trials, Axis axis) {
        return of(trials, axis, 0.1, 1L);
    }

    /**
     * One curve per group of people × manipulation × level (× refresh rate on the frames axis),
     * ordered by manipulation, level, then group; trials without a value on the axis are left out.
     *
     * @param guessRate the fit's γ, 1 / number of categories
     * @param seed      for the thresholds' bootstrap
     */
    public static List<PsychometricCurve> of(Collection<ObservedTrial> trials, Axis axis, double guessRate, long seed) {
        Map<Key, Map<Integer, List<ObservedTrial>>> byKey = new TreeMap<>();
        for (ObservedTrial trial : trials) {
            Integer x = axis.x.apply(trial);
            if (x == null || trial.kind() != ObserverKind.HUMAN) {
                continue;
            }
            Integer hz = axis == Axis.FRAMES_SHOWN && trial.refreshHz() != null ? (int) Math.round(trial.refreshHz()) : null;
            byKey.computeIfAbsent(new Key(trial.manipulation(), trial.level(), hz, trial.group()), k -> new TreeMap<>())
                    .computeIfAbsent(x, k -> new ArrayList<>()).add(trial);
        }
        List<PsychometricCurve> curves = new ArrayList<>();
        byKey.forEach((key, byX) -> {
            List<Point> points = new ArrayList<>();
            List<PsychometricFit.Counts> counts = new ArrayList<>();
            byX.forEach((x, list) -> {
                Accuracy accuracy = Accuracy.of(list);
                points.add(new Point(x, key.manipulation(), key.level(), accuracy));
                counts.add(new PsychometricFit.Counts(x, accuracy.correct(), accuracy.trials()));
            });
            PsychometricFit fit = axis == Axis.REQUESTED_MS
                    ? PsychometricFit.fit(counts, guessRate, seed ^ Objects.hash(key.group(), key.manipulation(), key.level()))
                    : null;
            curves.add(new PsychometricCurve(key.group(), ObserverKind.HUMAN, key.manipulation(), key.level(), axis,
                    key.refreshHz(), List.copyOf(points), fit));
        });
        return curves;
    }

    /** Sort key: manipulation, level (numerically where it is a number), refresh rate, group; nulls first. */
    private record Key(String manipulation, String level, Integer refreshHz, String group) implements Comparable<Key> {
        private static final Comparator<Key> ORDER = Comparator
                .comparing(Key::manipulation, Comparator.nullsFirst(Comparator.<String>naturalOrder()))
                .thenComparing(Key::level, Comparator.nullsFirst(Key::compareLevels))
                .thenComparing(Key::refreshHz, Comparator.nullsFirst(Comparator.<Integer>naturalOrder()))
                .thenComparing(Key::group);

        @Override
        public int compareTo(Key other) {
            return ORDER.compare(this, other);
        }

        private static int compareLevels(String a, String b) {
            try {
                return Double.compare(Double.parseDouble(a), Double.parseDouble(b));
            } catch (NumberFormatException e) {
                return a.compareTo(b);
            }
        }
    }
}
