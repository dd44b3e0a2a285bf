package dev.tandem.experiment;

import dev.tandem.stimulus.RenderingVersion;

/**
 * One immutable version of an experiment as stored, with the renderer its stimuli come from
 * (versions stored before issue 10 keep {@code condition/1}).
 */
public record StoredExperiment(long id, String slug, int version, long stimulusSetId, ExperimentDefinition definition,
                               RenderingVersion renderer) {

    public StoredExperiment(long id, String slug, int version, long stimulusSetId, ExperimentDefinition definition) {
        this(id, slug, version, stimulusSetId, definition, RenderingVersion.CONDITION_2);
    }
}
