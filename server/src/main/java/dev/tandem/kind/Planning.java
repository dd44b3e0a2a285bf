package dev.tandem.kind;

import dev.tandem.experiment.ExperimentService;
import dev.tandem.experiment.StoredExperiment;
import dev.tandem.stimulus.SetImage;
import java.util.List;

/** What a kind plans a session's trials with: the version, its images, and its renderer. */
public interface Planning {

    StoredExperiment experiment();

    /** The stimulus set's images, in manifest order. */
    List<SetImage> images();

    /** The SHA-256 of each image in its manipulation as the version renders it, in order. */
    List<String> stimulusHashes(List<ExperimentService.Shown> shown);

    /** The SHA-256 of the version's pink-noise mask of each seed, in order. */
    List<String> masks(List<Long> seeds);
}
