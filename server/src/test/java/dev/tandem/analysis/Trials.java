package dev.tandem.analysis;

/** Small builders for hand-computed test cases. */
final class Trials {

    private Trials() {
    }

    static ObservedTrial human(String observer, String condition, String stimulus, boolean correct) {
        return new ObservedTrial(observer, ObserverKind.HUMAN, "humans", condition, stimulus, "cat",
                correct ? "cat" : "dog", null, null);
    }

    static ObservedTrial model(String observer, String condition, String stimulus, boolean correct) {
        return new ObservedTrial(observer, ObserverKind.MODEL, observer, condition, stimulus, "cat",
                correct ? "cat" : "dog", null, null);
    }

    static ObservedTrial timed(String observer, ObserverKind kind, int requestedMs, Integer framesShown,
                               boolean correct) {
        return new ObservedTrial(observer, kind, kind == ObserverKind.HUMAN ? "humans" : observer,
                requestedMs + "ms", "s" + requestedMs, "cat", correct ? "cat" : "dog",
                requestedMs, framesShown);
    }
}
