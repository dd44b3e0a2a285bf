package dev.tandem.analysis.mvh;

import dev.tandem.analysis.ImportedStudyRepository;
import dev.tandem.analysis.MvhBenchmarkService;
import dev.tandem.analysis.MvhImportService;
import dev.tandem.TestDatabase;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Integration: import the published CSVs into PostgreSQL, then compute the benchmark from the database. */
class MvhBenchmarkFromDatabaseTest {

    @Test
    void importingThePublishedCsvsAndBenchmarkingReproducesTheResNet50Row() {
        var rawData = ReferenceData.rawData();
        DSLContext ctx = TestDatabase.freshDsl();
        ImportedStudyRepository repository = new ImportedStudyRepository();
        MvhImportService.Report report = new MvhImportService(ctx, repository, new MvhCsvReader())
                .importDirectory(rawData, "model-vs-human");
        assertTrue(report.ok(), report.rejected().toString());
        assertEquals(141, report.imported().size(), "90 human and 51 model files");

        MvhBenchmarkService.Benchmark benchmark =
                new MvhBenchmarkService(ctx, repository).benchmark("model-vs-human").orElseThrow();
        MvhBenchmark.Row resnet = benchmark.result().rows().stream()
                .filter(r -> r.observer().equals("resnet50")).findFirst().orElseThrow();
        assertEquals(0.087, Math.round(resnet.accuracyDifference() * 1000) / 1000.0);
        assertEquals(0.665, Math.round(resnet.observedConsistency() * 1000) / 1000.0);
        assertEquals(0.208, Math.round(resnet.errorConsistency() * 1000) / 1000.0);
        assertEquals(0.559, Math.round(resnet.oodAccuracy() * 1000) / 1000.0);
        assertTrue(benchmark.shapeBias().stream().anyMatch(b -> b.observer().equals("humans")));
    }
}
