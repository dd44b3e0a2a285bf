package dev.tandem.analysis;

/**
 * A model's accuracy in one manipulation and level, drawn as a reference line beside the people's
 * curves: a model has no presentation time, so a "curve" of it against duration would only trace
 * which images people happened to see at each duration (issue 11).
 *
 * @param model           the model's name
 * @param wholeDesign     on every scored cell of the experiment's design in this manipulation and level
 *                        (every image, practice included), or null when its scores are not available here
 * @param trialsPeopleSaw on the distinct stimuli people saw in this manipulation and level
 */
public record ModelReference(String model, String manipulation, String level, Accuracy wholeDesign,
                             Accuracy trialsPeopleSaw) {
}
