package dev.tandem.experiment;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The kind of a trial, and of an experiment's {@code trialType}; the wire and database value is
 * {@link #dbName()}. Code that differs by kind asks the value, never compares its name.
 */
public enum TrialType {
    /** A masked-presentation categorisation trial: fixation, stimulus for planned frames, mask, a category answer. */
    MASKED("masked"),
    /** A ClickMe round: the participant reveals parts of an image until a model partner names its category. */
    CLICKME("clickme"),
    /** A triplet odd-one-out trial: three images, the participant picks the one that does not belong (issue 13). */
    TRIPLET("triplet");

    private final String dbName;

    TrialType(String dbName) {
        this.dbName = dbName;
    }

    @JsonValue
    public String dbName() {
        return dbName;
    }

    public static TrialType fromDb(String value) {
        return find(value).orElseThrow(() -> new IllegalStateException("unknown trial type " + value));
    }

    /** The type named {@code value}; empty for any other text (e.g. in an unvalidated draft). */
    public static Optional<TrialType> find(String value) {
        return Arrays.stream(values()).filter(t -> t.dbName.equals(value)).findFirst();
    }

    /**
     * The trial types an experiment of this {@code trialType} shows participants: a masked
     * experiment adds ClickMe rounds when its definition has a {@code clickme} section.
     */
    public List<TrialType> shown(boolean hasClickmeSection) {
        return this == MASKED && hasClickmeSection ? List.of(MASKED, CLICKME) : List.of(this);
    }

    /** Whether an experiment of this {@code trialType} has the masked design (conditions, practice, masks). */
    public boolean hasMaskedDesign() {
        return this == MASKED;
    }

    @Override
    public String toString() {
        return dbName;
    }
}
