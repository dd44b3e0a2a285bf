package dev.tandem.kind;

import dev.tandem.experiment.Assignment;
import dev.tandem.experiment.ExperimentDefinition;
import dev.tandem.experiment.ExperimentService;
import dev.tandem.experiment.ExperimentValidator;
import dev.tandem.experiment.FieldError;
import dev.tandem.experiment.Frames;
import dev.tandem.experiment.TrialType;
import dev.tandem.session.SessionState;
import dev.tandem.stimulus.SetImage;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.jooq.DSLContext;

/**
 * Backward-masked classification: fixation, the stimulus for planned frames, the pink-noise mask,
 * a category answer (the balanced design of {@link Assignment}); outcomes in {@code response}.
 */
final class MaskedKind implements TrialKind {

    @Override
    public TrialType type() {
        return TrialType.MASKED;
    }

    @Override
    public int trialsPerSession(ExperimentDefinition definition) {
        return definition.maskedTrials();
    }

    @Override
    public void checkRules(ExperimentDefinition definition, ExperimentValidator.SetFacts set, List<FieldError> errors) {
        var manipulations = definition.conditions().manipulations();
        for (int i = 0; i < manipulations.size(); i++) {
            ExperimentValidator.checkLevel(manipulations.get(i), "conditions.manipulations[" + i + "].level", errors);
        }
        ExperimentValidator.checkLevel(definition.practice().manipulation(), "practice.manipulation.level", errors);
        int needed = definition.trialsPerParticipant() + definition.practice().trials();
        if (!definition.assignment().allowImageRepeats() && needed > set.imageCount()) {
            errors.add(new FieldError("trialsPerParticipant",
                    needed + " trials (practice included) need " + needed + " distinct images but stimulus set "
                            + definition.stimulusSet() + " has " + set.imageCount()
                            + "; use fewer trials or set assignment.allowImageRepeats"));
        }
        if (definition.blocks().count() > definition.trialsPerParticipant()) {
            errors.add(new FieldError("blocks.count", "more blocks (" + definition.blocks().count()
                    + ") than trials (" + definition.trialsPerParticipant() + ")"));
        }
    }

    /** The conditions' manipulations, then practice's, each image in each. */
    @Override
    public List<ExperimentService.Shown> design(ExperimentDefinition definition, List<SetImage> images) {
        Set<ExperimentDefinition.Manipulation> manipulations = new LinkedHashSet<>(definition.conditions().manipulations());
        if (definition.practice().trials() > 0) {
            manipulations.add(definition.practice().manipulation());
        }
        List<ExperimentService.Shown> design = new ArrayList<>();
        manipulations.forEach(m -> images.forEach(image -> design.add(new ExperimentService.Shown(image, m))));
        return design;
    }

    @Override
    public int masksPerSession(ExperimentDefinition definition) {
        return definition.maskedTrials();
    }

    @Override
    public List<SessionTrial.New> plan(Planning planning, int slot, long sessionSeed) {
        ExperimentDefinition definition = planning.experiment().definition();
        List<SetImage> images = planning.images();
        var plan = Assignment.planMasked(definition, images.size(), slot, sessionSeed);
        List<String> masks = planning.masks(plan.stream().map(Assignment.PlannedTrial::maskSeed).toList());
        List<String> shown = planning.stimulusHashes(plan.stream()
                .map(p -> new ExperimentService.Shown(images.get(p.imageIndex()), p.cell().manipulation())).toList());
        List<SessionTrial.New> trials = new ArrayList<>();
        for (int i = 0; i < plan.size(); i++) {
            var planned = plan.get(i);
            SetImage image = images.get(planned.imageIndex());
            var manipulation = planned.cell().manipulation();
            trials.add(new SessionTrial.New(type(), planned.index(), planned.block(), planned.practice(),
                    image.imageIndex(), image.file(), image.category(), manipulation.name(), manipulation.level(),
                    planned.cell().durationMs(), shown.get(i), planned.maskSeed(), masks.get(i), null));
        }
        return trials;
    }

    /** Each requested duration's frames, for the session's unanswered masked trials. */
    @Override
    public void planFrames(DSLContext tx, UUID sessionId, ExperimentDefinition definition, double refreshHz) {
        var timing = definition.timing();
        var durations = new TreeSet<>(definition.conditions().durationsMs());
        durations.add(definition.practiceDurationMs());
        for (int ms : durations) {
            TrialRows.planFrames(tx, sessionId, type(), outcomes(), ms, new TrialRows.PlannedFrames(
                    Frames.presentationFrames(ms, refreshHz), Frames.frames(timing.fixationMs(), refreshHz),
                    Frames.frames(timing.blankMs(), refreshHz), Frames.frames(timing.maskMs(), refreshHz)));
        }
    }

    @Override
    public SessionTrial.Stored framed(SessionTrial.New trial, ExperimentDefinition definition, double refreshHz) {
        var timing = definition.timing();
        return new SessionTrial.Stored(trial.index(), type(), trial.block(), trial.practice(), trial.stimulusSha256(),
                trial.maskSha256(), trial.requestedMs(), Frames.presentationFrames(trial.requestedMs(), refreshHz),
                Frames.frames(timing.fixationMs(), refreshHz), Frames.frames(timing.blankMs(), refreshHz),
                Frames.frames(timing.maskMs(), refreshHz), trial.category(), trial.maskSeed(), null);
    }

    /** The stimulus, mask and frames; the true category only on a practice trial (for feedback). */
    @Override
    public SessionState.TrialView view(SessionTrial.Stored t) {
        return new SessionState.TrialView(t.index(), type(), t.block(), t.practice(), Urls.stimulus(t.stimulusSha256()),
                Urls.stimulus(t.maskSha256()), t.requestedMs(), t.plannedFrames(), t.fixationFrames(), t.blankFrames(),
                t.maskFrames(), t.practice() ? t.category() : null, null, null);
    }

    @Override
    public Outcomes outcomes() {
        return TrialRows.RESPONSES;
    }

    @Override
    public String outcomePath() {
        return "/responses";
    }
}
