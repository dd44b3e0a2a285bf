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
import dev.tandem.triplet.TripletAssignment;
import dev.tandem.triplet.TripletDefinition;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.jooq.DSLContext;

/**
 * Triplet odd-one-out (issue 13; the THINGS task, Hebart et al. 2020): three images, the
 * participant picks the one that does not belong. Trials come from {@link TripletAssignment};
 * each shows three unmanipulated images of the selection, and for a timed presentation the
 * version's pink-noise mask after them. Outcomes in {@code triplet_judgement}.
 */
final class TripletKind implements TrialKind {

    private static final ExperimentDefinition.Manipulation NONE = new ExperimentDefinition.Manipulation("none", null);

    @Override
    public TrialType type() {
        return TrialType.TRIPLET;
    }

    @Override
    public int trialsPerSession(ExperimentDefinition definition) {
        return definition.tripletTrials();
    }

    @Override
    public void checkRules(ExperimentDefinition definition, ExperimentValidator.SetFacts set, List<FieldError> errors) {
        if (definition.conditions() != null) {
            errors.add(new FieldError("conditions", "trialType triplet has no masked conditions"));
        }
        if (definition.trialsPerParticipant() != null) {
            errors.add(new FieldError("trialsPerParticipant", "trialType triplet counts triplet.trialsPerParticipant instead"));
        }
        if (definition.practice().trials() != 0) {
            errors.add(new FieldError("practice.trials", "trialType triplet has no practice trials"));
        }
        if (definition.clickme() != null) {
            errors.add(new FieldError("clickme", "trialType triplet has no ClickMe rounds"));
        }
        if (!definition.categories().isEmpty()) {
            errors.add(new FieldError("categories", "trialType triplet has no category answers; "
                    + "choose images with triplet.images"));
        }
        TripletDefinition triplet = definition.triplet();
        if (!triplet.stimulusSet().equals(definition.stimulusSet())) {
            errors.add(new FieldError("triplet.stimulusSet", "must name the experiment's stimulusSet ("
                    + definition.stimulusSet() + ") or be left out"));
        }
        errors.addAll(triplet.errors(set.images()));
        if (definition.blocks().count() > triplet.trialsPerParticipant()) {
            errors.add(new FieldError("blocks.count", "more blocks (" + definition.blocks().count()
                    + ") than triplets (" + triplet.trialsPerParticipant() + ")"));
        }
    }

    /** The selected images, unmanipulated. */
    @Override
    public List<ExperimentService.Shown> design(ExperimentDefinition definition, List<SetImage> images) {
        return definition.triplet().selectedSetImages(images).stream().map(image -> new ExperimentService.Shown(image, NONE)).toList();
    }

    /** A timed presentation masks every trial; one that waits for the answer shows no mask. */
    @Override
    public int masksPerSession(ExperimentDefinition definition) {
        return timed(definition) ? definition.tripletTrials() : 0;
    }

    @Override
    public List<SessionTrial.New> plan(Planning planning, int slot, long sessionSeed) {
        ExperimentDefinition definition = planning.experiment().definition();
        TripletDefinition triplet = definition.triplet();
        List<SetImage> images = definition.triplet().selectedSetImages(planning.images());
        List<String> hashes = planning.stimulusHashes(images.stream().map(i -> new ExperimentService.Shown(i, NONE)).toList());
        var plan = new TripletAssignment(triplet, images.stream().map(SetImage::file).toList(),
                definition.assignment().seed()).plan(slot);
        List<Long> maskSeeds = new ArrayList<>();
        List<String> masks = List.of();
        if (timed(definition)) {
            maskSeeds.addAll(Assignment.maskPool(definition));
            Collections.shuffle(maskSeeds, new Random(sessionSeed));
            maskSeeds = maskSeeds.subList(0, plan.size());
            masks = planning.masks(maskSeeds);
        }
        int blocks = definition.blocks().count();
        List<SessionTrial.New> trials = new ArrayList<>();
        for (int j = 0; j < plan.size(); j++) {
            var planned = plan.get(j);
            List<Integer> positions = planned.imagesByPosition();
            var shown = new SessionTrial.Triplet(positions,
                    positions.stream().map(i -> images.get(i).file()).toList(),
                    positions.stream().map(i -> images.get(i).category()).toList(),
                    positions.stream().map(hashes::get).toList(),
                    planned.role().name().toLowerCase(java.util.Locale.ROOT), planned.catchOddPosition(),
                    timed(definition) ? triplet.presentation().frames() : null,
                    timed(definition) ? masks.get(j) : null);
            trials.add(new SessionTrial.New(type(), j, (int) ((long) j * blocks / plan.size()), false, null, null, null,
                    null, null, null, null, timed(definition) ? maskSeeds.get(j) : 0L, null, shown));
        }
        return trials;
    }

    /** The fixation and mask frames of the session's unanswered triplet trials (the images' frames are the definition's). */
    @Override
    public void planFrames(DSLContext tx, UUID sessionId, ExperimentDefinition definition, double refreshHz) {
        var timing = definition.timing();
        TrialRows.planFrames(tx, sessionId, type(), outcomes(), null, new TrialRows.PlannedFrames(null,
                Frames.frames(timing.fixationMs(), refreshHz), null,
                timed(definition) ? Frames.frames(timing.maskMs(), refreshHz) : null));
    }

    @Override
    public SessionTrial.Stored framed(SessionTrial.New trial, ExperimentDefinition definition, double refreshHz) {
        var timing = definition.timing();
        return new SessionTrial.Stored(trial.index(), type(), trial.block(), false, null, null, null, null,
                Frames.frames(timing.fixationMs(), refreshHz), null,
                timed(definition) ? Frames.frames(timing.maskMs(), refreshHz) : null, null, trial.maskSeed(),
                trial.triplet());
    }

    /**
     * The three images by position, the mask and the presentation frames of a timed trial; what
     * the trial is for (catch, repeated) stays on the server.
     */
    @Override
    public SessionState.TrialView view(SessionTrial.Stored t) {
        var triplet = t.triplet();
        return new SessionState.TrialView(t.index(), type(), t.block(), false, null, Urls.stimulus(triplet.maskSha256()),
                null, triplet.presentationFrames(), t.fixationFrames(), null, t.maskFrames(), null, null,
                triplet.stimuli().stream().map(Urls::stimulus).toList());
    }

    @Override
    public Outcomes outcomes() {
        return TrialRows.JUDGEMENTS;
    }

    @Override
    public String outcomePath() {
        return "/triplets";
    }

    private static boolean timed(ExperimentDefinition definition) {
        return definition.triplet().presentation().mode() == TripletDefinition.PresentationMode.FRAMES;
    }
}
