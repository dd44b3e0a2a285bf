package dev.tandem.kind;

import dev.tandem.experiment.ExperimentDefinition;
import dev.tandem.experiment.ExperimentService;
import dev.tandem.experiment.ExperimentValidator;
import dev.tandem.experiment.FieldError;
import dev.tandem.experiment.TrialType;
import dev.tandem.session.SessionState;
import dev.tandem.stimulus.SetImage;
import java.util.List;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Table;

/**
 * What differs between kinds of trial (issue 13): each kind validates its part of a definition,
 * names what a version renders, plans a session's trials, shows a stored trial to the browser and
 * says where its outcomes are stored. Services look a kind up once in {@link TrialKinds} and ask
 * it; no service compares a kind's name. docs/trial-kinds.md says how to add one.
 */
public interface TrialKind {

    TrialType type();

    /** This kind's trials per session of the definition (0: the session shows none). */
    int trialsPerSession(ExperimentDefinition definition);

    /**
     * The rules of this kind's part of the definition that need the stimulus set; each error
     * names its field. Called for the experiment's {@code trialType} and for each further kind
     * its sessions show.
     */
    void checkRules(ExperimentDefinition definition, ExperimentValidator.SetFacts set, List<FieldError> errors);

    /** Every image × manipulation this kind's trials may show; rendered when a version is loaded. */
    List<ExperimentService.Shown> design(ExperimentDefinition definition, List<SetImage> images);

    /** Pink-noise masks one session of this kind needs from the version's pool (0: none). */
    int masksPerSession(ExperimentDefinition definition);

    /**
     * This kind's trials of a session for an assignment slot, rendered: indices and blocks count
     * from 0 within the kind ({@link TrialKinds#plan} places them in the session).
     */
    List<SessionTrial.New> plan(Planning planning, int slot, long sessionSeed);

    /**
     * At the screen check, inside its transaction: plans the frames of the session's unanswered
     * trials of this kind from the measured refresh rate.
     */
    void planFrames(DSLContext tx, UUID sessionId, ExperimentDefinition definition, double refreshHz);

    /** A planned trial with its frames planned at {@code refreshHz}, as stored after a screen check (previews). */
    SessionTrial.Stored framed(SessionTrial.New trial, ExperimentDefinition definition, double refreshHz);

    /** A stored trial as the participant's browser gets it. */
    SessionState.TrialView view(SessionTrial.Stored trial);

    /** Where this kind's outcomes are stored: one row per answered trial. */
    Outcomes outcomes();

    /** The endpoint (under /api/sessions/{id}) a browser posts this kind's outcomes to. */
    String outcomePath();

    /** An outcome table and its trial key columns. */
    record Outcomes(Table<?> table, Field<UUID> sessionId, Field<Integer> trialIndex) {}
}
