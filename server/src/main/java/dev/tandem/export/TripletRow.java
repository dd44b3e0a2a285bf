package dev.tandem.export;

import dev.tandem.analysis.ObserverKind;
import java.util.List;
import java.util.UUID;

/**
 * One observer's answer to one triplet (issue 13), as the triplet comparison export writes it and
 * the triplet metrics read it: a person's judgement on a trial, or a model's odd one of a distinct
 * triplet people judged (positions then in the canonical order of ascending stimulus hashes).
 *
 * @param images         index of each position's image in its version's selected images
 * @param files          image file of each position
 * @param stimuli        stimulus SHA-256 of each position
 * @param sessionId      the person's session; null for a model
 * @param trialIndex     the trial in the session; null for a model
 * @param role           unique, repeated or catch; null for a model
 * @param rtMs           from the frame that first showed the images; null for a model
 * @param timingOk       the browser's timing check; null for a model
 * @param similarity     cosine or dot (a model's choice); null for a person
 * @param source         a model's embedding or probabilities; a person's click or key
 */
public record TripletRow(ObserverKind kind, String observer, UUID sessionId, Integer trialIndex, String role,
                         boolean catchTrial, List<Integer> images, List<String> files, List<String> categories,
                         List<String> stimuli, int chosenPosition, Double rtMs, Boolean timingOk, String similarity,
                         String source) {

    /** The role a catch trial's row carries (triplet_trial.role). */
    public static final String CATCH = "catch";

    public TripletRow {
        images = List.copyOf(images);
        files = List.copyOf(files);
        categories = List.copyOf(categories);
        stimuli = List.copyOf(stimuli);
    }

    /** The three stimulus hashes ascending, joined by ',': the triplet whatever its positions (triplet_task's key). */
    public String tripletKey() {
        return String.join(",", stimuli.stream().sorted().toList());
    }

    public String chosenFile() {
        return files.get(chosenPosition);
    }
}
