package dev.tandem.stimulus;

import java.util.List;

/**
 * A stimulus set's {@code manifest.json}: what the set is, where it comes from, its categories in
 * label order, how it is displayed, and its images. Read it with {@link #parse}, which checks
 * every rule and names the field that breaks one.
 *
 * <pre>{@code
 * { "name": "fashion-mnist", "version": "1",
 *   "source": { "description": "…", "citation": "…", "url": "…" }, "licence": "MIT",
 *   "categories": ["T-shirt/top", …],
 *   "display": { "size": 224, "upscale": "nearest" },
 *   "images": [ { "file": "images/t-shirt-top-00.png", "category": "T-shirt/top", "sourceIndex": 19 }, … ] }
 * }</pre>
 */
public record StimulusManifest(String name, String version, Source source, String licence, List<String> categories,
                               Display display, List<Image> images) {

    public static final String FILE_NAME = "manifest.json";

    public StimulusManifest {
        categories = List.copyOf(categories);
        images = List.copyOf(images);
    }

    /** Provenance: a description of the source, and optionally how to cite it and where it lives. */
    public record Source(String description, String citation, String url) {
    }

    /** The default display size in pixels (square) and how sources are upscaled to it. */
    public record Display(int size, Upscale upscale) {
    }

    /**
     * One image: its file relative to the set folder, its true category, and its index in the
     * original data set (null when there is none).
     */
    public record Image(String file, String category, Integer sourceIndex) {
    }

    /**
     * Parses and validates a manifest.
     *
     * @param file the name errors should carry, e.g. {@code manifest.json}
     * @throws StimulusSetException naming {@code file} and the field at fault
     */
    public static StimulusManifest parse(byte[] json, String file) {
        return new ManifestJson(file).parse(json);
    }

    /** The manifest as canonical JSON: fixed field order, no whitespace, UTF-8. */
    public byte[] canonicalJson() {
        return ManifestJson.write(this, false);
    }

    /** The manifest as a human-friendly file: two-space indents, {@code \n} line ends, final newline. */
    public byte[] prettyJson() {
        return ManifestJson.write(this, true);
    }
}
