package dev.tandem.session;

import dev.tandem.experiment.StoredExperiment;
import java.util.UUID;

/** A session whose bearer token has been checked, with the experiment version it began. */
public record AuthorizedSession(UUID id, StoredExperiment experiment, SessionStatus status) {}
