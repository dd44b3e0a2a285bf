package dev.tandem.clickme;

import dev.tandem.model.Classifier;
import dev.tandem.model.ModelFolder;
import dev.tandem.model.Engines;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The partner models, opened on first use: model {@code m} of stimulus set {@code s} is the
 * folder {@code <stimuli>/<s>/models/<m>}. Each has one {@link PartnerQueue}.
 */
public final class Partners implements AutoCloseable {

    /** Queries of up to this many players run as one batch. */
    static final int MAX_BATCH = 64;

    private final Path stimuliDirectory;
    private final Engines engines;
    private final Map<String, Opened> opened = new ConcurrentHashMap<>();

    private record Opened(Classifier classifier, PartnerQueue queue) {}

    public Partners(Path stimuliDirectory, Engines engines) {
        this.stimuliDirectory = stimuliDirectory;
        this.engines = engines;
    }

    public PartnerQueue queue(String stimulusSet, String model) {
        return opened.computeIfAbsent(stimulusSet + "/" + model, key -> {
            Classifier classifier = Classifier.open(
                    ModelFolder.read(stimuliDirectory.resolve(stimulusSet).resolve("models").resolve(model)), engines);
            return new Opened(classifier, new PartnerQueue(model, classifier::predict, MAX_BATCH));
        }).queue();
    }

    @Override
    public void close() {
        opened.values().forEach(o -> {
            o.queue().close();
            o.classifier().close();
        });
        opened.clear();
    }
}
