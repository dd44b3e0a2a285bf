package dev.tandem.clickme;

import static dev.tandem.db.jooq.Tables.TRIAL;

import dev.tandem.app.AnsweredSessions;
import dev.tandem.app.TestTandem;
import dev.tandem.experiment.ExperimentDefinition;
import dev.tandem.model.ModelManifest;
import dev.tandem.model.TinySavedModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Sessions of the ClickMe demo that saw the same images, with rounds stored through ClickMeService. */
public final class ClickMeFixture {
    private final TestTandem tandem;
    private final AnsweredSessions sessions;
    private final List<UUID> started = new ArrayList<>();

    public ClickMeFixture(TestTandem tandem) {
        this.tandem = tandem;
        this.sessions = new AnsweredSessions(tandem);
    }

    public void registerCornerModel() throws IOException {
        Path folder = Files.createTempDirectory("corner-model").resolve("corner");
        TinySavedModels.cornerContrast(folder, 28, 7, 10);
        var categories = new ArrayList<ModelManifest.Category>();
        var names = tandem.experiments().current(ClickMeMapsTest.SLUG).definition().categories().stream()
                .map(ExperimentDefinition.Category::name).toList();
        for (int i = 0; i < names.size(); i++) {
            categories.add(new ModelManifest.Category(names.get(i), List.of(i)));
        }
        TinySavedModels.writeManifest(folder, TinySavedModels.manifest("corner", 28, "image", "scores", 10,
                ModelManifest.Reduction.MEAN, categories));
        tandem.models().register(folder);
    }

    /**
     * {@code participants} sessions with the first one's trials; participant p plays the first
     * {@code images} - p rounds (at least one), revealing squares in the top-left corner.
     */
    public void playRounds(int participants, int images) {
        for (int p = 0; p < participants; p++) {
            UUID session = sessions.start(ClickMeMapsTest.SLUG);
            if (!started.isEmpty()) {
                sessions.sameTrialsAs(started.get(0), session);
            }
            started.add(session);
            List<Integer> rounds = clickmeTrials(session);
            List<RoundBatch.RoundRecord> records = new ArrayList<>();
            for (int i = 0; i < Math.max(1, images - p); i++) {
                List<PartnerQuery.RevealDto> reveals = new ArrayList<>();
                for (int k = 0; k < 12; k++) {
                    reveals.add(new PartnerQuery.RevealDto(7 + 14 * (k % 3) + p, 7 + 14 * (k / 3) % 42, 14, 100.0 * k));
                }
                records.add(new RoundBatch.RoundRecord(UUID.randomUUID().toString(), rounds.get(i), "skip",
                        1500.0, reveals, "2026-11-22T10:00:00Z", null));
            }
            tandem.clickme().storeRounds(session, sessions.token(session), new RoundBatch(records));
        }
    }

    /** Stimuli of the first session's ClickMe trials, in trial order. */
    public List<String> images() {
        return tandem.dsl().select(TRIAL.STIMULUS_SHA256).from(TRIAL)
                .where(TRIAL.SESSION_ID.eq(started.get(0)), TRIAL.TRIAL_TYPE.eq("clickme"))
                .orderBy(TRIAL.TRIAL_INDEX).fetch(TRIAL.STIMULUS_SHA256);
    }

    private List<Integer> clickmeTrials(UUID session) {
        return tandem.dsl().select(TRIAL.TRIAL_INDEX).from(TRIAL)
                .where(TRIAL.SESSION_ID.eq(session), TRIAL.TRIAL_TYPE.eq("clickme"))
                .orderBy(TRIAL.TRIAL_INDEX).fetch(TRIAL.TRIAL_INDEX);
    }
}
