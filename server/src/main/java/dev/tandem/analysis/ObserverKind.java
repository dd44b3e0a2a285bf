package dev.tandem.analysis;

/** Who gave a response. Imported observers keep the kind they had in the published data. */
public enum ObserverKind {
    /** A person who took the trials in a browser (or a published human subject). */
    HUMAN,
    /** A network that scored the same rendered stimuli (or a published model). */
    MODEL
}
