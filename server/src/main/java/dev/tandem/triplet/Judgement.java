package dev.tandem.triplet;

import dev.tandem.analysis.ObserverKind;
import java.util.List;

/**
 * One observer's answer to one triplet trial, as stored and exported: the image indices at positions
 * 0, 1, 2 and the position chosen as the odd one.
 *
 * @param catchTrial whether the trial was a catch trial (one image shown twice)
 */
public record Judgement(String observer, ObserverKind observerKind, List<Integer> imagesByPosition,
                        int chosenPosition, boolean catchTrial) {

    public Judgement {
        if (imagesByPosition.size() != 3 || chosenPosition < 0 || chosenPosition > 2) {
            throw new IllegalArgumentException("a judgement has three images and a chosen position 0..2");
        }
        imagesByPosition = List.copyOf(imagesByPosition);
    }

    /** The triplet shown; only for a trial that is not a catch trial. */
    public Triplet triplet() {
        return Triplet.of(imagesByPosition.get(0), imagesByPosition.get(1), imagesByPosition.get(2));
    }

    public int chosenImage() {
        return imagesByPosition.get(chosenPosition);
    }

    /** For a catch trial: whether the image shown once was chosen. */
    public boolean catchAnsweredRight() {
        int chosen = chosenImage();
        return imagesByPosition.stream().filter(i -> i == chosen).count() == 1;
    }
}
