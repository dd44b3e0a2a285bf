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
import java.util.List;
import java.util.UUID;
import org.jooq.DSLContext;

/**
 * ClickMe rounds (issue 5): the participant reveals an image under noise until the partner model
 * names it; no duration and no mask, the mask seed is the noise seed. Outcomes in
 * {@code clickme_round} (dev.tandem.clickme).
 */
final class ClickMeKind implements TrialKind {

    @Override
    public TrialType type() {
        return TrialType.CLICKME;
    }

    @Override
    public int trialsPerSession(ExperimentDefinition definition) {
        return definition.clickmeRounds();
    }

    @Override
    public void checkRules(ExperimentDefinition definition, ExperimentValidator.SetFacts set, List<FieldError> errors) {
        if (!definition.hasMaskedTrials()) {
            // A ClickMe-only experiment has no masked design; fields of one would silently do nothing.
            if (definition.conditions() != null) {
                errors.add(new FieldError("conditions", "trialType clickme has no masked conditions; "
                        + "use trialType masked with a clickme section to mix both"));
            }
            if (definition.trialsPerParticipant() != null) {
                errors.add(new FieldError("trialsPerParticipant", "trialType clickme counts clickme.rounds instead"));
            }
            if (definition.practice().trials() != 0) {
                errors.add(new FieldError("practice.trials", "trialType clickme has no masked practice trials"));
            }
        }
        var clickme = definition.clickme();
        if (!definition.assignment().allowImageRepeats() && clickme.rounds() > set.imageCount()) {
            errors.add(new FieldError("clickme.rounds", clickme.rounds() + " rounds need as many distinct images "
                    + "but stimulus set " + definition.stimulusSet() + " has " + set.imageCount()
                    + "; use fewer rounds or set assignment.allowImageRepeats"));
        }
        if (clickme.blocks() > clickme.rounds()) {
            errors.add(new FieldError("clickme.blocks", "more blocks (" + clickme.blocks()
                    + ") than rounds (" + clickme.rounds() + ")"));
        }
        if (clickme.revealSize() > definition.display().size()) {
            errors.add(new FieldError("clickme.revealSize", "a revealed square (" + clickme.revealSize()
                    + " px) cannot be larger than the display (" + definition.display().size() + " px)"));
        }
        if (clickme.partner().topK() > definition.categories().size()) {
            errors.add(new FieldError("clickme.partner.topK", "topK " + clickme.partner().topK()
                    + " exceeds the " + definition.categories().size() + " categories"));
        }
    }

    /** Every image unmanipulated. */
    @Override
    public List<ExperimentService.Shown> design(ExperimentDefinition definition, List<SetImage> images) {
        return images.stream().map(image -> new ExperimentService.Shown(image, ExperimentService.CLICKME_MANIPULATION))
                .toList();
    }

    @Override
    public int masksPerSession(ExperimentDefinition definition) {
        return 0;
    }

    @Override
    public List<SessionTrial.New> plan(Planning planning, int slot, long sessionSeed) {
        ExperimentDefinition definition = planning.experiment().definition();
        List<SetImage> images = planning.images();
        var plan = Assignment.planClickme(definition, images.size(), slot, sessionSeed);
        var manipulation = ExperimentService.CLICKME_MANIPULATION;
        List<String> shown = planning.stimulusHashes(plan.stream()
                .map(p -> new ExperimentService.Shown(images.get(p.imageIndex()), manipulation)).toList());
        List<SessionTrial.New> trials = new ArrayList<>();
        for (int i = 0; i < plan.size(); i++) {
            var planned = plan.get(i);
            SetImage image = images.get(planned.imageIndex());
            trials.add(new SessionTrial.New(type(), planned.index(), planned.block(), false, image.imageIndex(),
                    image.file(), image.category(), manipulation.name(), manipulation.level(), null, shown.get(i),
                    planned.maskSeed(), null, null));
        }
        return trials;
    }

    /** A round is untimed: nothing to plan. */
    @Override
    public void planFrames(DSLContext tx, UUID sessionId, ExperimentDefinition definition, double refreshHz) {}

    @Override
    public SessionTrial.Stored framed(SessionTrial.New trial, ExperimentDefinition definition, double refreshHz) {
        var timing = definition.timing();
        return new SessionTrial.Stored(trial.index(), type(), trial.block(), false, trial.stimulusSha256(), null, null,
                null, Frames.frames(timing.fixationMs(), refreshHz), Frames.frames(timing.blankMs(), refreshHz),
                Frames.frames(timing.maskMs(), refreshHz), trial.category(), trial.maskSeed(), null);
    }

    /** The image and its noise seed (uint32); the category stays on the server (the partner names it). */
    @Override
    public SessionState.TrialView view(SessionTrial.Stored t) {
        return new SessionState.TrialView(t.index(), type(), t.block(), false, Urls.stimulus(t.stimulusSha256()), null,
                null, t.plannedFrames(), t.fixationFrames(), t.blankFrames(), t.maskFrames(), null, t.maskSeed(), null);
    }

    @Override
    public Outcomes outcomes() {
        return TrialRows.ROUNDS;
    }

    @Override
    public String outcomePath() {
        return "/clickme/rounds";
    }
}
