package dev.tandem.analysis.mvh;

import dev.tandem.analysis.ObservedTrial;
import dev.tandem.analysis.ObserverKind;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The files of one model-vs-human dataset (a raw-data folder such as "contrast"), in the order
 * model-vs-human reads them (sorted file names).
 */
public record MvhDataset(String name, List<MvhFile> files) {

    /** Group name of the published human subjects. */
    public static final String HUMANS = "humans";

    /** Every dataset folder under {@code rawData}, sorted by name; a folder without CSVs is skipped. */
    public static List<MvhDataset> readAll(Path rawData, MvhCsvReader reader) {
        List<MvhDataset> datasets = new ArrayList<>();
        for (Path folder : sorted(rawData, Files::isDirectory)) {
            List<MvhFile> files = sorted(folder, p -> Files.isRegularFile(p)
                    && p.getFileName().toString().endsWith(".csv")).stream().map(reader::read).toList();
            if (!files.isEmpty()) {
                datasets.add(new MvhDataset(folder.getFileName().toString(), files));
            }
        }
        return datasets;
    }

    /**
     * The trials as observations: the condition as pandas prints it, the stimulus key the image id.
     * Human subjects form the group "humans"; each model is its own group.
     */
    public List<ObservedTrial> trials() {
        List<PandasConditionFormat.Kind> kinds = PandasConditionFormat.afterConcatenation(files.stream()
                .map(f -> PandasConditionFormat.kindOf(f.rows().stream().map(MvhRow::condition).toList()))
                .toList());
        List<ObservedTrial> trials = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            for (MvhRow row : files.get(i).rows()) {
                boolean human = row.human();
                trials.add(new ObservedTrial(row.subj(), human ? ObserverKind.HUMAN : ObserverKind.MODEL,
                        human ? HUMANS : row.subj(), PandasConditionFormat.format(row.condition(), kinds.get(i)),
                        MvhImageId.of(row.imagename()), row.category(), row.objectResponse(), null, null));
            }
        }
        return trials;
    }

    private static List<Path> sorted(Path folder, Predicate<Path> keep) {
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.filter(keep).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + folder, e);
        }
    }
}
