package dev.tandem.session;

import dev.tandem.common.InvalidInputException;
import dev.tandem.experiment.ExperimentService;
import dev.tandem.experiment.StoredExperiment;
import dev.tandem.kind.SessionTrial;
import dev.tandem.kind.TrialKind;
import dev.tandem.kind.TrialKinds;
import dev.tandem.stimulus.StimulusService;
import java.util.List;
import org.jooq.DSLContext;

/**
 * Previewing a trial as participants will see it (issue 14), for the experimenter: planned as
 * for the next participant, rendered, and timed at a chosen refresh rate, without storing anything.
 */
public final class TrialPreview {

    /** The session seed of previews: it fixes the order of trials within the previewed list. */
    private static final long PREVIEW_SEED = 0L;

    private final DSLContext dsl;
    private final ExperimentService experiments;
    private final StimulusService stimuli;

    public TrialPreview(DSLContext dsl, ExperimentService experiments, StimulusService stimuli) {
        this.dsl = dsl;
        this.experiments = experiments;
        this.stimuli = stimuli;
    }

    /**
     * Trial {@code index} of the list the next participant would get, as they would see it (issue
     * 14): the stimulus after fit and manipulation, its mask, and the frames planned at
     * {@code refreshHz}. Nothing is stored and no slot is taken; the order within the session is
     * that of a fixed preview seed.
     */
    public SessionState.TrialView preview(String slug, int index, double refreshHz) {
        if (!(refreshHz >= 10 && refreshHz <= 1000)) {
            throw new InvalidInputException("refreshHz", "refreshHz must be between 10 and 1000, was " + refreshHz);
        }
        StoredExperiment experiment = experiments.current(slug);
        List<SessionTrial.New> plan = TrialKinds.all().plan(SessionStarts.planning(experiments, stimuli, experiment,
                experiments.images(experiment)), experiments.nextAssignmentSlot(experiment.id()), PREVIEW_SEED);
        if (index < 0 || index >= plan.size()) {
            throw new InvalidInputException("trial", "trial must be between 0 and " + (plan.size() - 1) + ", was " + index);
        }
        SessionTrial.New trial = plan.get(index);
        TrialKind kind = TrialKinds.all().of(trial.trialType());
        return kind.view(kind.framed(trial, experiment.definition(), refreshHz)).withCorrectCategory(trial.category());
    }

}
