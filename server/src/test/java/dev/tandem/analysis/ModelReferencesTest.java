package dev.tandem.analysis;

import static dev.tandem.db.jooq.Tables.SCORE_TASK;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.app.AnsweredSessions;
import dev.tandem.app.TestTandem;
import dev.tandem.export.ComparisonRepository;
import dev.tandem.export.ExportFilter;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ModelReferencesTest {

    @Test
    void aModelIsShownPerManipulationOverTheWholeDesignAndOnTheStimuliPeopleSaw() {
        try (TestTandem tandem = TestTandem.withBuiltIns()) {
            AnsweredSessions people = new AnsweredSessions(tandem);
            UUID session = people.start("masked-demo");
            people.answerAll(session, i -> true);
            long job = tandem.scoring().createJob("fashion-cnn", "masked-demo").job().id();
            // Stored answers as a perfect model on undistorted images and a wrong one under noise:
            // the figures under test are the joins, not the network.
            tandem.dsl().execute("INSERT INTO model_score (model_id, stimulus_sha256, category_probabilities, top_outputs,"
                    + " decision, category, job_id) SELECT j.model_id, t.stimulus_sha256, '{}'::jsonb, ARRAY[0],"
                    + " CASE WHEN t.manipulation = 'none' THEN t.category ELSE 'none of them' END, t.category, j.id"
                    + " FROM score_task t JOIN score_job j ON j.id = t.job_id WHERE j.id = ? ON CONFLICT DO NOTHING", job);
            int undistorted = tandem.dsl().fetchCount(SCORE_TASK, SCORE_TASK.JOB_ID.eq(job), SCORE_TASK.MANIPULATION.eq("none"));
            int noisy = tandem.dsl().fetchCount(SCORE_TASK, SCORE_TASK.JOB_ID.eq(job), SCORE_TASK.MANIPULATION.eq("uniform-noise"));

            MetricsService.Metrics metrics = new MetricsService(tandem.dsl(), new ComparisonRepository())
                    .metrics(ExportFilter.experiment("masked-demo"));
            List<ModelReference> references = metrics.modelReferences();
            assertEquals(2, references.size(), references.toString());
            ModelReference none = references.get(0);
            ModelReference noise = references.get(1);
            assertEquals("fashion-cnn", none.model());
            assertEquals("none", none.manipulation());
            assertEquals(undistorted, none.wholeDesign().trials(), "every scored image of the design, practice included");
            assertEquals(1.0, none.wholeDesign().proportion());
            assertEquals("uniform-noise", noise.manipulation());
            assertEquals(noisy, noise.wholeDesign().trials());
            assertEquals(0.0, noise.wholeDesign().proportion());
            assertTrue(none.trialsPeopleSaw().trials() > 0 && none.trialsPeopleSaw().trials() < undistorted,
                    "the one person saw only some of the images: " + none.trialsPeopleSaw());
            assertEquals(1.0, none.trialsPeopleSaw().proportion());

            assertTrue(metrics.byRequestedMs().stream().allMatch(c -> c.kind() == ObserverKind.HUMAN), "no model curve");
            assertEquals(List.of("none", "uniform-noise 0.2"),
                    metrics.byRequestedMs().stream().map(PsychometricCurve::panel).toList());
            PsychometricCurve.Point first = metrics.byRequestedMs().get(1).points().get(0);
            assertEquals("uniform-noise", first.manipulation());
            assertEquals(List.of(17, 33, 67, 133, 267),
                    metrics.byRequestedMs().get(0).points().stream().map(PsychometricCurve.Point::x).toList());
            assertEquals(60, metrics.byFramesShown().get(0).refreshHz(), "the session's measured rate");
        }
    }
}
