package dev.tandem.analysis;

/** Which kinds of observer a pair compares. */
public enum PairKind {
    /** Two people: the ceiling that human–model consistency is read against. */
    HUMAN_HUMAN,
    /** A person and a network. */
    HUMAN_MODEL,
    /** Two networks. */
    MODEL_MODEL;

    public static PairKind of(ObserverKind first, ObserverKind second) {
        if (first == second) {
            return first == ObserverKind.HUMAN ? HUMAN_HUMAN : MODEL_MODEL;
        }
        return HUMAN_MODEL;
    }
}
