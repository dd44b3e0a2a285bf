package dev.tandem.model;

import java.nio.file.Path;
import java.time.OffsetDateTime;

/**
 * A model folder as registered: one content hash, one set of weights.
 *
 * @param folder where the folder was last registered from; workers load it from there
 */
public record RegisteredModel(long id, String name, String version, String contentSha256, ModelManifest manifest,
                              Path folder, OffsetDateTime registeredAt) {}
