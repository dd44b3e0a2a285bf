package dev.tandem.session;

import dev.tandem.common.InvalidInputException;
import dev.tandem.experiment.Assignment;
import dev.tandem.experiment.ExperimentDefinition;
import dev.tandem.experiment.ExperimentService;
import dev.tandem.experiment.Frames;
import dev.tandem.experiment.StoredExperiment;
import dev.tandem.stimulus.SetImage;
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
        ExperimentDefinition definition = experiment.definition();
        List<SetImage> images = experiments.images(experiment);
        var plan = Assignment.plan(definition, images.size(), experiments.nextAssignmentSlot(experiment.id()), PREVIEW_SEED);
        if (index < 0 || index >= plan.size()) {
            throw new InvalidInputException("trial", "trial must be between 0 and " + (plan.size() - 1) + ", was " + index);
        }
        var planned = plan.get(index);
        SetImage image = images.get(planned.imageIndex());
        String stimulus = experiments.stimulusHashes(experiment,
                List.of(new ExperimentService.Shown(image, SessionStarts.manipulation(planned)))).get(0);
        boolean clickme = planned.isClickme();
        String mask = clickme ? null : stimuli.renderMasks(List.of(planned.maskSeed()), experiments.maskSize(experiment)).get(0);
        Integer ms = clickme ? null : planned.cell().durationMs();
        var timing = definition.timing();
        return new SessionState.TrialView(index, planned.trialType(), planned.block(), planned.practice(),
                "/stimuli/" + stimulus + ".png", mask == null ? null : "/stimuli/" + mask + ".png", ms,
                ms == null ? null : Frames.presentationFrames(ms, refreshHz), Frames.frames(timing.fixationMs(), refreshHz),
                Frames.frames(timing.blankMs(), refreshHz), Frames.frames(timing.maskMs(), refreshHz), image.category(),
                clickme ? planned.maskSeed() : null);
    }

}
