package dev.tandem.clickme;

import dev.tandem.common.LogText;
import dev.tandem.common.ServerBusyException;
import dev.tandem.experiment.PartnerModels;
import dev.tandem.model.Classifier;
import dev.tandem.model.ModelFolder;
import dev.tandem.model.Engines;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The partner models, opened on first use: model {@code m} of stimulus set {@code s} is the
 * folder {@code <stimuli>/<s>/models/<m>}. Each has one {@link PartnerQueue}. A partner that
 * cannot be opened answers 503 to participants, naming no folder of the server (issue 12).
 */
public final class Partners implements AutoCloseable, PartnerModels {

    /** A set or model name that stays one folder below its parent. */
    private static final Pattern FOLDER_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final Logger log = LoggerFactory.getLogger(Partners.class);
    /** How long a participant's client is told to wait before asking again. */
    private static final long RETRY_AFTER_SECONDS = 30;

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

    @Override
    public boolean available(String stimulusSet, String model) {
        return folder(stimulusSet, model) != null && Files.isRegularFile(folder(stimulusSet, model).resolve("model.json"));
    }

    /** The partner's queue, opening the model on first use; 503 when it cannot be opened. */
    public PartnerQueue queue(String stimulusSet, String model) {
        return opened.computeIfAbsent(stimulusSet + "/" + model, key -> {
            if (!available(stimulusSet, model)) {
                throw unavailable(stimulusSet, model, "no model.json in its folder");
            }
            Classifier classifier;
            try {
                classifier = Classifier.open(ModelFolder.read(folder(stimulusSet, model)), engines);
            } catch (RuntimeException e) {
                throw unavailable(stimulusSet, model, e.getMessage());
            }
            return new Opened(classifier, new PartnerQueue(model, classifier::predict, MAX_BATCH));
        }).queue();
    }

    private Path folder(String stimulusSet, String model) {
        if (stimulusSet == null || model == null || !FOLDER_NAME.matcher(stimulusSet).matches()
                || !FOLDER_NAME.matcher(model).matches() || stimulusSet.contains("..") || model.contains("..")) {
            return null;
        }
        return stimuliDirectory.resolve(stimulusSet).resolve("models").resolve(model);
    }

    /** The operator learns why from the log; the participant gets a 503 that names no path. */
    private static ServerBusyException unavailable(String stimulusSet, String model, String reason) {
        log.error("ClickMe partner {} of stimulus set {} cannot be opened: {}", LogText.quoted(model),
                LogText.quoted(stimulusSet), LogText.quoted(reason));
        return new ServerBusyException("the partner model of this experiment is not available; try again later",
                RETRY_AFTER_SECONDS);
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
