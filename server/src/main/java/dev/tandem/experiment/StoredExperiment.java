package dev.tandem.experiment;

/** One immutable version of an experiment as stored. */
public record StoredExperiment(long id, String slug, int version, long stimulusSetId, ExperimentDefinition definition) {}
