package dev.tandem.analysis;

import dev.tandem.analysis.mvh.MvhBenchmark;
import dev.tandem.analysis.mvh.MvhDataset;
import dev.tandem.analysis.mvh.ShapeBias;
import org.jooq.DSLContext;

import java.util.List;
import java.util.Optional;

/** {@code benchmark --study NAME}: the model-vs-human benchmark of an imported study, read from the database. */
public final class MvhBenchmarkService {

    /** The benchmark table, its per-dataset rows, and shape bias where the study has cue-conflict. */
    public record Benchmark(String study, MvhBenchmark.Result result, List<ShapeBias> shapeBias) {
    }

    private final DSLContext ctx;
    private final ImportedStudyRepository repository;

    public MvhBenchmarkService(DSLContext ctx, ImportedStudyRepository repository) {
        this.ctx = ctx;
        this.repository = repository;
    }

    /** Empty when no study has that name. */
    public Optional<Benchmark> benchmark(String study) {
        return ctx.transactionResult(c -> repository.findStudy(c.dsl(), study).map(id -> {
            List<MvhDataset> datasets = repository.filesByDataset(c.dsl(), id).entrySet().stream()
                    .map(e -> new MvhDataset(e.getKey(), List.copyOf(e.getValue()))).toList();
            List<ShapeBias> shapeBias = datasets.stream().filter(d -> d.name().equals("cue-conflict"))
                    .flatMap(d -> ShapeBias.of(d.trials()).stream()).toList();
            return new Benchmark(study, new MvhBenchmark().compute(datasets), shapeBias);
        }));
    }
}
