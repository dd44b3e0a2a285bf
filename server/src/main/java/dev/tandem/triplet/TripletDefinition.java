package dev.tandem.triplet;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.experiment.FieldError;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The {@code triplet} section of an experiment definition (issue 13): people see three images and
 * pick the one that does not belong (the THINGS odd-one-out task, Hebart et al. 2020).
 *
 * @param stimulusSet          the stimulus set the images come from
 * @param images               all of the set's images, or those of some of its subsets (categories)
 * @param trialsPerParticipant triplets each participant judges, catch trials included
 * @param presentation         how long the three images stay on screen
 * @param response             how the participant picks the odd one
 * @param catchRate            share of a participant's trials that are catch trials (two identical images)
 * @param repeatShare          share of a participant's other trials taken from a pool shown to several
 *                             people, so the noise ceiling can be estimated
 * @param suppliedTriplets     triplets (image names) to sample from instead of all C(n,3); null for all;
 *                             {@code triplets} in JSON
 *
 * <p>In JSON: {@code "images": "all"} or {@code ["Bag", "Coat"]}, {@code "presentation": {"mode":
 * "untilResponse"}} or {@code {"mode": "frames", "frames": 12}}, {@code "response": "click"} or
 * {@code "keys"}.
 */
public record TripletDefinition(String stimulusSet, ImageSelection images, int trialsPerParticipant,
                                Presentation presentation, Response response, double catchRate, double repeatShare,
                                @JsonProperty("triplets") List<List<String>> suppliedTriplets) {

    // The bounds, stated once: the validator, the assignment and docs/triplet.md read these.
    /** Fewest trials per participant. */
    public static final int MIN_TRIALS = 1;
    /** Most trials per participant (about an hour at THINGS' pace of roughly 4 s a triplet). */
    public static final int MAX_TRIALS = 1000;
    /** Fewest frames a timed presentation may last. */
    public static final int MIN_FRAMES = 1;
    /** Most frames a timed presentation may last (two seconds at 60 Hz). */
    public static final int MAX_FRAMES = 120;
    /** Highest catch rate: at most half the trials may be catch trials. */
    public static final double MAX_CATCH_RATE = 0.5;
    /** Highest repeat share: every non-catch trial may come from the repeated pool. */
    public static final double MAX_REPEAT_SHARE = 1.0;
    /** A triplet needs three distinct images. */
    public static final int MIN_IMAGES = 3;

    /** Which images of the set take part. */
    public record ImageSelection(List<String> subsets) {

        /** Every image of the set. */
        public static ImageSelection all() {
            return new ImageSelection(null);
        }

        public boolean isAll() {
            return subsets == null;
        }

        /** From JSON: the string {@code "all"} or a list of subset names. */
        @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
        public static ImageSelection fromJson(Object value) {
            if ("all".equals(value)) {
                return all();
            }
            if (value instanceof List<?> list && list.stream().allMatch(String.class::isInstance)) {
                return new ImageSelection(list.stream().map(String.class::cast).toList());
            }
            throw new IllegalArgumentException("images is \"all\" or a list of subset names");
        }

        @JsonValue
        public Object toJson() {
            return isAll() ? "all" : subsets;
        }
    }

    /** How the three images are shown. */
    public enum PresentationMode {
        /** The images stay until the participant answers (as in THINGS). */
        @JsonProperty("untilResponse")
        UNTIL_RESPONSE,
        /** The images are shown for a number of frames, then the masked sequence's mask. */
        @JsonProperty("frames")
        FRAMES
    }

    /** @param frames frames the images are shown for; only with {@link PresentationMode#FRAMES} */
    public record Presentation(PresentationMode mode, Integer frames) {

        public static Presentation untilResponse() {
            return new Presentation(PresentationMode.UNTIL_RESPONSE, null);
        }

        public static Presentation frames(int frames) {
            return new Presentation(PresentationMode.FRAMES, frames);
        }
    }

    /** How the odd one is picked. */
    public enum Response {
        /** A click (or tap) on one of the three images. */
        @JsonProperty("click")
        CLICK,
        /** Keys 1, 2 and 3 pick the images at positions 0, 1 and 2, left to right. */
        @JsonProperty("keys")
        KEYS
    }

    /** One image of the stimulus set, as far as validation needs it. */
    public record SetImage(String name, String category) {}

    /**
     * The {@code triplet} section of the experiment JSON Schema, its bounds read from the constants
     * above (the one place they are stated).
     */
    public static ObjectNode schemaSection(ObjectMapper json) {
        ObjectNode section = json.createObjectNode();
        section.put("type", "object").put("additionalProperties", false);
        section.putArray("required").add("images").add("trialsPerParticipant").add("presentation").add("response");
        section.put("description", "Triplet odd-one-out trials (Hebart et al. 2020): three images, the participant "
                + "picks the one that does not belong. Triplets are drawn uniformly from all C(n,3) of the selected "
                + "images (or from the supplied list), balanced across participants, fixed before the session starts.");
        ObjectNode properties = section.putObject("properties");
        properties.putObject("stimulusSet").put("type", "string").put("minLength", 1)
                .put("description", "Defaults to the experiment's stimulusSet; must name the same set.");
        ObjectNode images = properties.putObject("images");
        images.put("description", "\"all\" images of the set, or those of the listed subsets (categories).");
        images.putArray("oneOf").add(json.createObjectNode().put("const", "all"))
                .add(json.createObjectNode().put("type", "array").put("minItems", 1)
                        .set("items", json.createObjectNode().put("type", "string").put("minLength", 1)));
        properties.putObject("trialsPerParticipant").put("type", "integer").put("minimum", MIN_TRIALS)
                .put("maximum", MAX_TRIALS).put("description", "Triplets per participant, catch trials included.");
        ObjectNode presentation = properties.putObject("presentation");
        presentation.put("type", "object").put("additionalProperties", false);
        presentation.putArray("required").add("mode");
        presentation.put("description", "untilResponse: the images stay until the choice. frames: the images are "
                + "shown for this many frames, then the pink-noise mask at each position for timing.maskMs.");
        ObjectNode presentationProperties = presentation.putObject("properties");
        presentationProperties.putObject("mode").putArray("enum").add("untilResponse").add("frames");
        presentationProperties.putObject("frames").put("type", "integer").put("minimum", MIN_FRAMES)
                .put("maximum", MAX_FRAMES);
        ObjectNode response = properties.putObject("response");
        response.putArray("enum").add("click").add("keys");
        response.put("description", "click: a click on the odd image. keys: keys 1, 2, 3 for left, middle, right.");
        properties.putObject("catchRate").put("type", "number").put("minimum", 0).put("maximum", MAX_CATCH_RATE)
                .put("default", 0).put("description", "Share of trials that show one image twice; the third is the "
                        + "right answer. Catch accuracy per participant is reported, with an exclusion threshold.");
        properties.putObject("repeatShare").put("type", "number").put("minimum", 0).put("maximum", MAX_REPEAT_SHARE)
                .put("default", 0).put("description", "Share of the other triplets taken from a pool shown to several "
                        + "people (each pool triplet to every " + TripletAssignment.REPEAT_CYCLE + "th participant "
                        + "at least), so the noise ceiling can be estimated.");
        ObjectNode triplets = properties.putObject("triplets");
        triplets.put("type", "array").put("minItems", 1).put("description",
                "Triplets to sample from instead of all C(n,3): three distinct image file names each.");
        triplets.set("items", json.createObjectNode().put("type", "array").put("minItems", 3).put("maxItems", 3)
                .set("items", json.createObjectNode().put("type", "string").put("minLength", 1)));
        return section;
    }

    /** This definition in the named stimulus set (a definition's {@code triplet} section takes the top-level set). */
    public TripletDefinition inSet(String set) {
        return new TripletDefinition(set, images, trialsPerParticipant, presentation, response, catchRate, repeatShare,
                suppliedTriplets);
    }

    /** The images chosen by {@link #images()}, in the set's order. */
    public List<String> selectedImages(List<SetImage> setImages) {
        List<String> names = new ArrayList<>();
        for (SetImage image : setImages) {
            if (images == null || images.isAll() || images.subsets().contains(image.category())) {
                names.add(image.name());
            }
        }
        return names;
    }

    /**
     * The stored set's images this definition selects, in the set's order: the index order of
     * its trials, exports and RDMs (an image's name is its file).
     */
    public List<dev.tandem.stimulus.SetImage> selectedSetImages(List<dev.tandem.stimulus.SetImage> setImages) {
        Set<String> names = new HashSet<>(selectedImages(setImages.stream()
                .map(i -> new SetImage(i.file(), i.category())).toList()));
        return setImages.stream().filter(i -> names.contains(i.file())).toList();
    }

    /** Catch trials per participant: the catch rate times the trials, rounded half up. */
    public int catchTrials() {
        return (int) Math.round(catchRate * trialsPerParticipant);
    }

    /** Non-catch trials per participant. */
    public int mainTrials() {
        return trialsPerParticipant - catchTrials();
    }

    /** Non-catch trials per participant taken from the repeated pool, rounded half up. */
    public int repeatedTrials() {
        return (int) Math.round(repeatShare * mainTrials());
    }

    /**
     * Every rule the definition breaks, each naming its field (e.g. {@code triplet.catchRate});
     * empty when it is valid for a set with these images.
     */
    public List<FieldError> errors(List<SetImage> setImages) {
        List<FieldError> errors = new ArrayList<>();
        if (stimulusSet == null || stimulusSet.isBlank()) {
            errors.add(new FieldError("triplet.stimulusSet", "name the stimulus set"));
        }
        Set<String> categories = new HashSet<>();
        setImages.forEach(i -> categories.add(i.category()));
        if (images == null) {
            errors.add(new FieldError("triplet.images", "give \"all\" or a list of subset names"));
        } else if (!images.isAll()) {
            if (images.subsets().isEmpty()) {
                errors.add(new FieldError("triplet.images", "name at least one subset, or use \"all\""));
            }
            for (int i = 0; i < images.subsets().size(); i++) {
                if (!categories.contains(images.subsets().get(i))) {
                    errors.add(new FieldError("triplet.images[" + i + "]",
                            "the stimulus set has no subset " + images.subsets().get(i)));
                }
            }
        }
        List<String> selected = selectedImages(setImages);
        if (images != null && errors.stream().noneMatch(e -> e.field().startsWith("triplet.images"))
                && selected.size() < MIN_IMAGES) {
            errors.add(new FieldError("triplet.images", "a triplet needs at least " + MIN_IMAGES
                    + " images; the selection has " + selected.size()));
        }
        if (trialsPerParticipant < MIN_TRIALS || trialsPerParticipant > MAX_TRIALS) {
            errors.add(new FieldError("triplet.trialsPerParticipant",
                    "must be from " + MIN_TRIALS + " to " + MAX_TRIALS));
        }
        if (presentation == null || presentation.mode() == null) {
            errors.add(new FieldError("triplet.presentation", "give untilResponse or frames"));
        } else if (presentation.mode() == PresentationMode.FRAMES) {
            if (presentation.frames() == null || presentation.frames() < MIN_FRAMES
                    || presentation.frames() > MAX_FRAMES) {
                errors.add(new FieldError("triplet.presentation.frames",
                        "must be from " + MIN_FRAMES + " to " + MAX_FRAMES));
            }
        } else if (presentation.frames() != null) {
            errors.add(new FieldError("triplet.presentation.frames", "frames only go with a timed presentation"));
        }
        if (response == null) {
            errors.add(new FieldError("triplet.response", "give click or keys"));
        }
        if (!(catchRate >= 0 && catchRate <= MAX_CATCH_RATE)) {
            errors.add(new FieldError("triplet.catchRate", "must be from 0 to " + MAX_CATCH_RATE));
        }
        if (!(repeatShare >= 0 && repeatShare <= MAX_REPEAT_SHARE)) {
            errors.add(new FieldError("triplet.repeatShare", "must be from 0 to " + MAX_REPEAT_SHARE));
        }
        long available = suppliedTriplets == null ? TripletSpace.choose3(selected.size()) : suppliedTriplets.size();
        if (suppliedTriplets != null) {
            checkSupplied(new HashSet<>(selected), errors);
        }
        if (selected.size() >= MIN_IMAGES && trialsPerParticipant >= MIN_TRIALS && trialsPerParticipant <= MAX_TRIALS
                && catchRate >= 0 && catchRate <= MAX_CATCH_RATE && mainTrials() > available) {
            errors.add(new FieldError("triplet.trialsPerParticipant", "a participant would need " + mainTrials()
                    + " distinct triplets but only " + available + " exist"));
        }
        return errors;
    }

    private void checkSupplied(Set<String> selected, List<FieldError> errors) {
        if (suppliedTriplets.isEmpty()) {
            errors.add(new FieldError("triplet.triplets", "give at least one triplet, or leave the list out"));
        }
        Set<Set<String>> seen = new HashSet<>();
        for (int i = 0; i < suppliedTriplets.size(); i++) {
            String field = "triplet.triplets[" + i + "]";
            List<String> triplet = suppliedTriplets.get(i);
            if (triplet == null || triplet.size() != 3) {
                errors.add(new FieldError(field, "a triplet has exactly three images"));
                continue;
            }
            Set<String> distinct = new HashSet<>(triplet);
            if (distinct.size() != 3) {
                errors.add(new FieldError(field, "a triplet's three images must differ"));
                continue;
            }
            for (int j = 0; j < 3; j++) {
                if (!selected.contains(triplet.get(j))) {
                    errors.add(new FieldError(field + "[" + j + "]", "not one of the selected images: "
                            + triplet.get(j)));
                }
            }
            if (!seen.add(distinct)) {
                errors.add(new FieldError(field, "the same three images appear earlier in the list"));
            }
        }
    }
}
