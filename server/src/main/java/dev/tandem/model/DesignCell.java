package dev.tandem.model;

/**
 * One distinct rendered stimulus of an experiment and the design cell that renders it: which
 * image (and so which true category) in which manipulation.
 */
public record DesignCell(String stimulusSha256, int imageIndex, String imageFile, String category,
                         String manipulation, Double level) {}
