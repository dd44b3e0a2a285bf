package dev.tandem.experiment;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.RepositoryFiles;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Definitions for console tests: the built-in masked demo under a slug of the test's own. */
public final class DemoDefinitions {

    private static final ObjectMapper json = new ObjectMapper();

    private DemoDefinitions() {}

    /** The masked demo (already rendered in the test template, so publishing it is quick) as {@code slug}. */
    public static ObjectNode maskedDemo(String slug) {
        try {
            ObjectNode definition = (ObjectNode) json.readTree(
                    RepositoryFiles.stimuli().resolve("fashion-mnist/experiments/masked-demo.json").toFile());
            return definition.put("slug", slug);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
