package dev.tandem.analysis;

import dev.tandem.TestDatabase;
import dev.tandem.export.ComparisonRepository;
import dev.tandem.export.ExportFilter;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MetricsServiceTest {

    @Test
    void metricsOfAnImportedStudyPairPublishedObserversByImageId() {
        DSLContext ctx = TestDatabase.freshDsl();
        ctx.execute("INSERT INTO imported_study (name, source) VALUES ('mvh', 'model-vs-human')");
        ctx.execute("INSERT INTO imported_file (study_id, dataset, file_name, sha256, row_count) "
                + "SELECT id, 'contrast', 'c.csv', '" + "a".repeat(64) + "', 4 FROM imported_study");
        ctx.execute("INSERT INTO imported_trial (file_id, line, subject, observer_kind, session, trial, rt_ms, response, "
                + "category, condition, imagename, image_id) SELECT f.id, v.line, v.subject, v.kind, '1', v.line, NULL, "
                + "v.response, 'cat', 'c05', v.imagename, '' FROM imported_file f, (VALUES "
                + "(2, 'subject-01', 'human', 'cat', '0001_x_i1.png'), (3, 'subject-01', 'human', 'na', '0002_x_i2.png'), "
                + "(4, 'resnet50', 'model', 'dog', 'i2.png'), (5, 'resnet50', 'model', 'cat', 'i1.png')) "
                + "AS v(line, subject, kind, response, imagename)");
        MetricsService.Metrics metrics = new MetricsService(ctx, new ComparisonRepository())
                .metrics(ExportFilter.study("mvh"));
        PairwiseConsistency.PairResult pair = metrics.consistency().get(1);
        assertEquals(PairKind.HUMAN_MODEL, pair.pairKind());
        assertEquals(2, pair.sharedTrials());
        assertEquals(1.0, pair.kappa(), "same image right, same image wrong, in the opposite order");
        assertTrue(metrics.consistency().get(0).belowMinimum(), "2 shared trials are fewer than the default 20");
        assertEquals(0.5, metrics.accuracyByGroup().get(0).accuracy().proportion());
    }
}
