package dev.tandem.model;

/**
 * A model's embedding of one rendered stimulus, as scoring stored it: the values of the tensor
 * model.json names in {@code outputs.embedding} (e.g. the penultimate layer). Trial kinds that
 * compare representations (odd-one-out, RSA) read these.
 *
 * @param tensor the model's output tensor the values came from
 */
public record Embedding(long modelId, String stimulusSha256, String tensor, float[] values) {}
